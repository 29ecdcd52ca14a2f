import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { STAGES } from '../queues/names.ts';
import { buildApp, run, type BuiltApp } from './helpers/build.ts';

// Docker cannot run here, so the deployment file is checked by reading it: every service's command must be
// something this repo really runs.
const compose = parse(readFileSync('docker-compose.yml', 'utf8'), { merge: true }) as {
  services: Record<
    string,
    {
      command?: string[];
      build?: unknown;
      image?: string;
      depends_on?: Record<string, unknown>;
      healthcheck?: { test: string[] };
      environment?: Record<string, string>;
    }
  >;
};
const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> };
const dockerfile = readFileSync('Dockerfile', 'utf8');
/** What production runs: the compiled CLI under plain node (npm run build makes it). */
const CLI = 'dist/scripts/raqib.js';

/** The raqib subcommand lines a compose command runs: ["worker", "fetch"], ["migrate"], ... */
function raqibCommands(command: string[]): string[][] {
  const lines = command[0] === 'sh' ? command[2].split('&&').map((s) => s.trim().split(/\s+/)) : [command];
  return lines.map((argv) => {
    expect(argv.slice(0, 2), `command ${argv.join(' ')}`).toEqual(['node', CLI]);
    return argv.slice(2);
  });
}

let app: BuiltApp;
beforeAll(async () => {
  app = await buildApp();
}, 120_000);
afterAll(() => app?.remove());

describe('docker-compose.yml', () => {
  it('has Redis, Postgres, a one-shot migrate, the scheduler, every stage as its own service, and the web UI', () => {
    const names = Object.keys(compose.services);
    for (const s of ['redis', 'postgres', 'migrate', 'scheduler', 'web', ...STAGES]) expect(names).toContain(s);
  });

  it('runs only commands that exist: raqib subcommands of the built CLI that answer --help', async () => {
    const seen = new Set<string>();
    for (const [name, svc] of Object.entries(compose.services)) {
      if (!svc.command || name === 'redis' || name === 'postgres') continue;
      for (const sub of raqibCommands(svc.command)) {
        const key = sub.join(' ');
        if (seen.has(key)) continue;
        seen.add(key);
        if (sub[0] === 'worker') expect(STAGES, `stage of service ${name}`).toContain(sub[1]);
        const { stdout: help } = await run(process.execPath, [CLI, ...sub, '--help'], { cwd: app.dir, encoding: 'utf8', timeout: 60_000 });
        expect(help, `raqib ${key} --help`).toContain('Usage: raqib');
      }
    }
    expect(seen.size).toBeGreaterThanOrEqual(5);
  }, 180_000);

  it('the Dockerfile builds dist/ with an npm script that exists and runs the same compiled CLI under node', () => {
    const npmRuns = [...dockerfile.matchAll(/npm run (?:--silent )?([\w:-]+)/g)].map((m) => m[1]);
    expect(npmRuns).toContain('build');
    for (const script of npmRuns) expect(pkg.scripts[script], `npm script "${script}" used by the Dockerfile`).toBeDefined();
    expect(dockerfile).toMatch(/COPY --from=build \/app\/dist \.\/dist/);
    expect(dockerfile).toMatch(/COPY config \.\/config/);
    expect(dockerfile).toContain(`CMD ["node", "${CLI}", "start"]`);
    expect(existsSync(join(app.dir, CLI)), 'npm run build writes the CLI the image runs').toBe(true);
    // no TypeScript loader in production: neither tsx nor npm (whose child the process would be) in a command
    expect(dockerfile).not.toMatch(/^(CMD|ENTRYPOINT).*(tsx|npm)/m);
    for (const [name, svc] of Object.entries(compose.services)) expect(JSON.stringify(svc.command ?? []), `service ${name}`).not.toMatch(/tsx|npm/);
  });

  it('builds the app services from the repo Dockerfile and gives each a healthcheck on its ops port', () => {
    expect(existsSync('Dockerfile')).toBe(true);
    for (const [name, svc] of Object.entries(compose.services)) {
      if (name === 'redis' || name === 'postgres') continue;
      expect(svc.build, `service ${name} builds from the repo`).toBe('.');
      if (name === 'migrate') continue;
      const test = svc.healthcheck?.test.join(' ') ?? '';
      const port = name === 'web' ? svc.environment?.RAQIB_WEB_PORT : svc.environment?.RAQIB_METRICS_PORT;
      expect(test, `healthcheck of ${name}`).toContain(`127.0.0.1:${port}/healthz`);
    }
  });

  it('only depends on services it defines', () => {
    for (const [name, svc] of Object.entries(compose.services)) {
      for (const dep of Object.keys(svc.depends_on ?? {})) expect(Object.keys(compose.services), `${name} depends on ${dep}`).toContain(dep);
    }
  });
});
