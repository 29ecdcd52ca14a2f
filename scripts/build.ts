/**
 * `npm run build`: compiles the production code (scripts/raqib.ts and everything it imports, statically or
 * through `import('./x.ts')`) to plain JavaScript in dist/, so production runs `node dist/scripts/raqib.js`
 * with no TypeScript loader in between. Type checking is `npm run lint`'s job (tsc --noEmit, with
 * isolatedModules so that compiling file by file, as here, means the same program); this compiles each file on
 * its own, which takes seconds instead of the full program's half minute.
 *
 * The files the code reads beside itself (db/migrations, web/public) are copied into dist/ at the same paths.
 *
 *   npm run build [-- --out DIR]
 */
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const ENTRY_POINTS = ['scripts/raqib.ts'];
/** Folders the compiled code reads at run time relative to its own file (import.meta.url). */
const ASSETS = ['db/migrations', 'web/public'];

const COMPILER_OPTIONS: ts.CompilerOptions = {
  module: ts.ModuleKind.ESNext,
  target: ts.ScriptTarget.ES2022,
  rewriteRelativeImportExtensions: true,
  sourceMap: true,
};

/** Relative module specifiers of a file: static imports and exports, and dynamic imports of a literal. */
function relativeImports(file: string, text: string): string[] {
  const info = ts.preProcessFile(text, true, true);
  return info.importedFiles.map((f) => f.fileName).filter((s) => s.startsWith('./') || s.startsWith('../'));
}

/** Every source file reachable from the entry points, as paths relative to the repository. */
export function productionFiles(entryPoints = ENTRY_POINTS): string[] {
  const seen = new Set<string>();
  const queue = entryPoints.map((e) => resolve(ROOT, e));
  while (queue.length) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const spec of relativeImports(file, readFileSync(file, 'utf8'))) {
      if (!spec.endsWith('.ts')) continue; // JSON or other assets are read, not imported, by our code
      queue.push(resolve(dirname(file), spec));
    }
  }
  return [...seen].map((f) => relative(ROOT, f)).sort();
}

/**
 * TypeScript 5.9 leaves `import('./x.ts')` unrewritten inside an `export default <expression>` (every
 * workers/<stage>/index.ts has that shape); the emitted JavaScript would then ask Node for a .ts file. Such a
 * literal is rewritten here, and anything relative still ending in .ts fails the build, naming the file.
 */
const DYNAMIC_TS_IMPORT = /\bimport\((["'])(\.\.?\/[^"']+)\.ts\1\)/g;
const LEFTOVER_TS_SPECIFIER = /(?:from\s*|\bimport\s*\(?\s*)["'](\.\.?\/[^"']+\.ts)["']/;

export function compileFile(source: string, fileName: string): { js: string; map: string } {
  const out = ts.transpileModule(source, { compilerOptions: COMPILER_OPTIONS, fileName, reportDiagnostics: true });
  const errors = (out.diagnostics ?? []).filter((d) => d.category === ts.DiagnosticCategory.Error);
  if (errors.length) throw new Error(`${fileName}: ${ts.flattenDiagnosticMessageText(errors[0].messageText, ' ')}`);
  const js = out.outputText.replace(DYNAMIC_TS_IMPORT, (_m, q: string, path: string) => `import(${q}${path}.js${q})`);
  const left = LEFTOVER_TS_SPECIFIER.exec(js);
  if (left) throw new Error(`${fileName}: the compiled file still imports "${left[1]}"; import it with a string literal`);
  return { js, map: out.sourceMapText ?? '' };
}

export function build(outDir: string): { files: number } {
  rmSync(outDir, { recursive: true, force: true });
  const files = productionFiles();
  for (const file of files) {
    const target = join(outDir, file.replace(/\.ts$/, '.js'));
    mkdirSync(dirname(target), { recursive: true });
    const { js, map } = compileFile(readFileSync(join(ROOT, file), 'utf8'), file);
    writeFileSync(target, js);
    if (map) writeFileSync(`${target}.map`, map);
  }
  for (const dir of ASSETS) cpSync(join(ROOT, dir), join(outDir, dir), { recursive: true });
  // dist/ is ESM like the sources: Node reads "type" from the nearest package.json
  writeFileSync(join(outDir, 'package.json'), JSON.stringify({ type: 'module', private: true }) + '\n');
  return { files: files.length };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const i = process.argv.indexOf('--out');
  const outDir = resolve(ROOT, i > 0 ? process.argv[i + 1] : 'dist');
  const t0 = Date.now();
  try {
    const r = build(outDir);
    process.stderr.write(`build: ${r.files} files compiled to ${relative(process.cwd(), outDir) || '.'} in ${Date.now() - t0} ms\n`);
  } catch (e) {
    process.stderr.write(`build: ${(e as Error).message}\n`);
    process.exit(1);
  }
}
