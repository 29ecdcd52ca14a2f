/**
 * What the English is worth: the project's parallel set (lib/translate/testdata/, Arabic, Persian and Sorani
 * sentences about the events Raqib watches, each with a reference English translation) through the
 * production translation path (sentence splitting, tracked names protected, batching), per language and
 * model:
 * - chrF (chrF2 as sacrebleu computes it, lib/translate/chrf.ts) against the references;
 * - the share of sentences in which every tracked figure and place came out with its canonical English name;
 * - seconds per sentence (wall time, model already loaded).
 * Each figure is printed beside the same model without name protection, measured in the same run.
 *
 * It always runs the generated models (scripts/make-tiny-*.ts: they transliterate, so their figures say
 * nothing about quality but show the harness works), then every real model configured in
 * config/translation.yaml that is in the model folder, and any --also model:
 *
 *   npx tsx scripts/bench-translate-quality.ts [--also MODEL_ID]… [--limit N] [--generated-only] [--json]
 *
 * After `raqib models fetch` (where there is internet) the configured models are measured; --also measures
 * another model on all three languages (fetch it first with `raqib models fetch --model ID`).
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { corpusChrf } from '../lib/translate/chrf.ts';
import { nllbCode } from '../lib/translate/languages.ts';
import { modelFiles } from '../lib/translate/modelFiles.ts';
import { modelFor, routeKey, type ModelRoute } from '../lib/translate/modelFor.ts';
import type { NameSpan } from '../lib/translate/protectNames.ts';
import { translateTexts } from '../lib/translate/translateTexts.ts';
import { noCache } from '../lib/translate/translationCache.ts';
import { loadTransformersTranslator, type TransformersTranslator } from '../lib/translate/transformersTranslator.ts';
import type { Translator } from '../lib/translate/translator.ts';
import { translatorPool } from '../workers/translate/translatorPool.ts';

export const PARALLEL_LANGUAGES = ['arb', 'pes', 'ckb'] as const;
const TESTDATA = join(import.meta.dirname, '..', 'lib', 'translate', 'testdata');

export interface ParallelSentence {
  id: string;
  lang: string;
  style: string;
  event: string;
  src: string;
  ref: string;
  /** the canonical English names of the tracked figures and places the sentence names */
  names: string[];
}

export function loadParallelSet(lang: string, dir = TESTDATA): ParallelSentence[] {
  return readFileSync(join(dir, `parallel.${lang}.jsonl`), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as ParallelSentence);
}

/** One language through one model. */
export interface QualityTarget {
  lang: string;
  route: ModelRoute;
  modelsDir: string;
  /** "generated", "configured", "also" */
  kind: string;
}

export interface QualityRow {
  lang: string;
  /** the route key: model id, plus a multilingual model's codes */
  model: string;
  kind: string;
  sentences: number;
  chrf: number;
  /** the same model without name protection: the baseline of this run */
  chrfUnprotected: number;
  /** share of sentences whose every tracked name came out canonical */
  namesOk: number;
  namesOkUnprotected: number;
  secondsPerSentence: number;
  secondsPerSentenceUnprotected: number;
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** Every name there exactly as written (case and hyphens), not inside a longer word. */
export const namesCanonical = (output: string, names: readonly string[]) =>
  names.every((n) => new RegExp(`(?<![\\p{L}\\p{N}])${escapeRe(n)}(?![\\p{L}\\p{N}])`, 'u').test(output));

/** Runs each target over its language's sentences; `namesIn` finds the spans the worker would protect. */
export async function runQualityBench(
  targets: readonly QualityTarget[],
  namesIn: (text: string) => NameSpan[],
  opts: { limit?: number; batchSize?: number; maxNewTokens?: number } = {},
): Promise<QualityRow[]> {
  const pools = new Map<string, ReturnType<typeof translatorPool<TransformersTranslator>>>();
  const poolFor = (dir: string) => {
    if (!pools.has(dir))
      pools.set(
        dir,
        translatorPool((m) =>
          loadTransformersTranslator(m, { modelsDir: dir, batchSize: opts.batchSize ?? 8, maxNewTokens: opts.maxNewTokens ?? 256 }),
        ),
      );
    return pools.get(dir)!;
  };
  const rows: QualityRow[] = [];
  try {
    for (const t of targets) {
      const set = loadParallelSet(t.lang).slice(0, opts.limit);
      const base = await poolFor(t.modelsDir).get(t.route.model);
      const translator: Translator = base.languageCodes.length ? base.forLanguages(t.route.source ?? nllbCode(t.lang)!, t.route.target) : base;
      // the first call of a fresh ONNX session is slow: warm up before the clock starts
      await translator.translate([set[0].src]);
      const run = async (protect: boolean) => {
        const started = performance.now();
        const { texts } = await translateTexts(
          set.map((s) => ({ text: s.src, spans: protect ? namesIn(s.src) : [] })),
          { translator, cache: noCache, maxSentenceChars: 400 },
        );
        const seconds = (performance.now() - started) / 1000;
        const out = texts.map((x) => x.translation);
        return {
          chrf: corpusChrf(set.map((s, i) => ({ hypothesis: out[i], reference: s.ref }))),
          namesOk: set.filter((s, i) => namesCanonical(out[i], s.names)).length / set.length,
          secondsPerSentence: seconds / set.length,
        };
      };
      const unprotected = await run(false);
      const protectedRun = await run(true);
      rows.push({
        lang: t.lang,
        model: routeKey(translator === base ? { model: t.route.model } : { ...t.route, source: t.route.source ?? nllbCode(t.lang) }),
        kind: t.kind,
        sentences: set.length,
        chrf: protectedRun.chrf,
        chrfUnprotected: unprotected.chrf,
        namesOk: protectedRun.namesOk,
        namesOkUnprotected: unprotected.namesOk,
        secondsPerSentence: protectedRun.secondsPerSentence,
        secondsPerSentenceUnprotected: unprotected.secondsPerSentence,
      });
    }
  } finally {
    for (const p of pools.values()) await p.close();
  }
  return rows;
}

export function formatRows(rows: readonly QualityRow[]): string {
  const head = ['lang', 'model', 'kind', 'n', 'chrF', '(unprot.)', 'names ok', '(unprot.)', 's/sent', '(unprot.)'];
  const cells = rows.map((r) => [
    r.lang,
    r.model,
    r.kind,
    String(r.sentences),
    r.chrf.toFixed(1),
    r.chrfUnprotected.toFixed(1),
    `${(100 * r.namesOk).toFixed(1)}%`,
    `${(100 * r.namesOkUnprotected).toFixed(1)}%`,
    r.secondsPerSentence.toFixed(3),
    r.secondsPerSentenceUnprotected.toFixed(3),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  return [head, ...cells].map((c) => c.map((x, i) => (i < 3 ? x.padEnd(widths[i]) : x.padStart(widths[i]))).join('  ')).join('\n') + '\n';
}

/** The generated models, and every configured or --also model that is in the model folder. */
async function targetsFor(
  args: { also: string[]; generatedOnly: boolean },
  generatedDir: string,
): Promise<{ targets: QualityTarget[]; skipped: string[] }> {
  const { makeTinyMarian } = await import('./make-tiny-marian.ts');
  const { makeTinyNllb } = await import('./make-tiny-nllb.ts');
  await makeTinyMarian(join(generatedDir, 'tiny', 'opus-mt-ar-en'));
  await makeTinyNllb(join(generatedDir, 'tiny', 'nllb-200'));
  const targets: QualityTarget[] = [{ lang: 'arb', route: { model: 'tiny/opus-mt-ar-en' }, modelsDir: generatedDir, kind: 'generated' }];
  for (const lang of PARALLEL_LANGUAGES)
    targets.push({ lang, route: { model: 'tiny/nllb-200', source: nllbCode(lang) }, modelsDir: generatedDir, kind: 'generated' });
  const skipped: string[] = [];
  if (args.generatedOnly) return { targets, skipped };

  const { settings } = await import('../config/settings.ts');
  const { loadTranslationConfig } = await import('../config/translationSchema.ts');
  const s = settings();
  const config = loadTranslationConfig(s.RAQIB_TRANSLATION);
  const dir = resolve(s.RAQIB_MODELS_DIR);
  const present = (model: string) => modelFiles(config.quantized).every((f) => existsSync(join(dir, model, f)));
  for (const lang of PARALLEL_LANGUAGES) {
    const choice = modelFor(config, lang);
    if (choice.kind !== 'translate') continue;
    if (present(choice.model)) targets.push({ lang, route: choice, modelsDir: dir, kind: 'configured' });
    else skipped.push(`${lang}: ${choice.model} is not in ${dir} (run raqib models fetch)`);
  }
  for (const model of args.also) {
    if (!present(model)) {
      skipped.push(`--also ${model} is not in ${dir} (run raqib models fetch --model ${model})`);
      continue;
    }
    for (const lang of PARALLEL_LANGUAGES) targets.push({ lang, route: { model }, modelsDir: dir, kind: 'also' });
  }
  return { targets, skipped };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const argv = process.argv.slice(2);
  const also = argv.flatMap((a, i) => (a === '--also' && argv[i + 1] ? [argv[i + 1]] : []));
  const limitAt = argv.indexOf('--limit');
  const limit = limitAt >= 0 ? Number(argv[limitAt + 1]) : undefined;
  const { loadWatchlist } = await import('../config/watchlistSchema.ts');
  const { loadPlaces } = await import('../config/placesSchema.ts');
  const { settings } = await import('../config/settings.ts');
  const { trackedNameFinder } = await import('./cli/translate.ts');
  const namesIn = await trackedNameFinder(loadWatchlist(settings().RAQIB_WATCHLIST), loadPlaces(settings().RAQIB_PLACES));
  const generatedDir = await mkdtemp(join(tmpdir(), 'raqib-quality-'));
  try {
    const { targets, skipped } = await targetsFor({ also, generatedOnly: argv.includes('--generated-only') }, generatedDir);
    const rows = await runQualityBench(targets, namesIn, { limit });
    if (argv.includes('--json')) process.stdout.write(JSON.stringify({ rows, skipped }) + '\n');
    else {
      const sizes = PARALLEL_LANGUAGES.map((l) => `${l} ${loadParallelSet(l).length}`).join(', ');
      process.stdout.write(`machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, node ${process.version}; parallel set: ${sizes} sentences\n`);
      process.stdout.write(formatRows(rows));
      process.stdout.write('generated models transliterate: their chrF says nothing about quality, only that the harness runs\n');
      for (const s of skipped) process.stdout.write(`not measured: ${s}\n`);
    }
  } finally {
    await rm(generatedDir, { recursive: true, force: true });
  }
}
