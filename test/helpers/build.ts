import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const REPO = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const run = promisify(execFile);

export interface BuiltApp {
  /** A folder laid out as the Docker image's /app: dist/ and config/ (node_modules are found in the repo above it). */
  dir: string;
  /** dir/dist/scripts/raqib.js */
  cli: string;
  remove(): void;
}

/**
 * `npm run build` into a folder of the test's own, with config/ beside it as the Dockerfile copies it. The
 * build runs in a child process: compiling synchronously in the test's process would stall vitest's own RPC.
 */
export async function buildApp(): Promise<BuiltApp> {
  const dir = mkdtempSync(join(REPO, '.build-'));
  await run(process.execPath, ['--import', 'tsx', 'scripts/build.ts', '--out', join(dir, 'dist')], { cwd: REPO, timeout: 120_000 });
  cpSync(join(REPO, 'config'), join(dir, 'config'), { recursive: true });
  return { dir, cli: join(dir, 'dist', 'scripts', 'raqib.js'), remove: () => rmSync(dir, { recursive: true, force: true }) };
}
