/**
 * Translation throughput and memory: the tiny generated model through our code (sentence splitting, name
 * protection, hashing, cache look-ups, batching) beside the raw transformers.js pipeline on the same
 * sentences in the same run, and the ratio; then a real model, when one is in the model folder.
 *
 *   npx tsx scripts/bench-translate.ts [--sentences N]
 *
 * Sentences are real Arabic newswire from ../shared/bench/ar-persons.jsonl; its gold person spans stand in
 * for tracked-figure mentions in the "with names" row.
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { TranslationPipelineType } from '@xenova/transformers';
import pino from 'pino';
import { settings } from '../config/settings.ts';
import { loadTranslationConfig, TranslationConfig } from '../config/translationSchema.ts';
import { modelFiles } from '../lib/translate/modelFiles.ts';
import type { NameSpan } from '../lib/translate/protectNames.ts';
import { splitSentences } from '../lib/translate/splitSentences.ts';
import { translateTexts } from '../lib/translate/translateTexts.ts';
import { memoryCache, noCache } from '../lib/translate/translationCache.ts';
import { loadTransformersTranslator } from '../lib/translate/transformersTranslator.ts';
import { freshDatabase, type TestDb } from '../test/helpers/db.ts';
import { translateItem, type TranslateResources } from '../workers/translate/translateItem.ts';
import { languageStates } from '../workers/translate/languageStates.ts';
import { translatorPool } from '../workers/translate/translatorPool.ts';
import { makeTinyMarian } from './make-tiny-marian.ts';

const DATA = '../shared/bench/ar-persons.jsonl';
const TINY = 'tiny/opus-mt-ar-en';
const BATCH = 8;

interface Sentence {
  text: string;
  spans: NameSpan[];
}

/** n sentences as our splitter cuts them, so the raw pipeline and our code get the very same units. */
function loadSentences(n: number, maxChars: number): Sentence[] {
  const out: Sentence[] = [];
  for (const line of readFileSync(DATA, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const r = JSON.parse(line) as { text: string; persons: Array<{ start: number; end: number }> };
    for (const range of splitSentences(r.text, maxChars)) {
      const text = r.text.slice(range.start, range.end);
      if (text.length < 40) continue;
      const spans = r.persons
        .filter((p) => p.start >= range.start && p.end <= range.end)
        .map((p, i) => ({ start: p.start - range.start, end: p.end - range.start, name: `Person ${String.fromCharCode(65 + (i % 26))}` }));
      out.push({ text, spans });
      if (out.length === n) return out;
    }
  }
  return out;
}

const mb = () => Math.round(process.memoryUsage().rss / 2 ** 20);
let peakMb = 0;
setInterval(() => (peakMb = Math.max(peakMb, mb())), 50).unref();

/** Wall time, and the process's CPU time (all threads), which a busy shared machine disturbs less. */
async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; cpuMs: number; value: T }> {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const value = await fn();
  const c = process.cpuUsage(c0);
  return { ms: performance.now() - t0, cpuMs: (c.user + c.system) / 1000, value };
}

interface Timing {
  ms: number;
  cpuMs: number;
}

async function rawPipeline(modelsDir: string, model: string, texts: string[], maxNewTokens: number): Promise<Timing> {
  const { env, pipeline } = await import('@xenova/transformers');
  env.localModelPath = modelsDir + '/';
  env.allowRemoteModels = false;
  const pipe = (await pipeline('translation', model)) as TranslationPipelineType;
  // the same max_new_tokens per batch as our translator asks for, worked out before the clock starts
  const tokenizer = pipe.tokenizer as unknown as (t: string[], o: { padding: boolean }) => { input_ids: { dims: number[] } };
  const batches: Array<{ texts: string[]; maxNew: number }> = [];
  for (let i = 0; i < texts.length; i += BATCH) {
    const b = texts.slice(i, i + BATCH);
    batches.push({ texts: b, maxNew: Math.min(maxNewTokens, Math.ceil(tokenizer(b, { padding: true }).input_ids.dims[1] * 1.5) + 8) });
  }
  // a fresh ONNX session's first runs are slow (memory arenas): warm every session up before the clock starts
  await pipe(texts.slice(0, 2), { max_new_tokens: maxNewTokens, num_beams: 1 });
  const t = await timed(async () => {
    for (const b of batches) await pipe(b.texts, { max_new_tokens: b.maxNew, num_beams: 1 });
  });
  await pipe.dispose();
  return t;
}

async function ours(modelsDir: string, model: string, sentences: Sentence[], withNames: boolean, maxNewTokens: number) {
  const translator = await loadTransformersTranslator(model, { modelsDir, batchSize: BATCH, maxNewTokens });
  const input = sentences.map((s) => ({ text: s.text, spans: withNames ? s.spans : [] }));
  await translator.translate(sentences.slice(0, 2).map((s) => s.text));
  const cold = await timed(() => translateTexts(input, { translator, cache: noCache, maxSentenceChars: 400 }));
  const cache = memoryCache();
  await translateTexts(input, { translator, cache, maxSentenceChars: 400 });
  const warm = await timed(() => translateTexts(input, { translator, cache, maxSentenceChars: 400 }));
  await translator.close?.();
  return { cold, warm, spliced: cold.value.stats.spliced };
}

function row(label: string, n: number, t: Timing, extra = ''): void {
  const perSec = (ms: number) => (n / (ms / 1000)).toFixed(1).padStart(8);
  console.log(
    `${label.padEnd(56)} ${String(n).padStart(4)} sentences ${perSec(t.ms)}/s wall ${perSec(t.cpuMs)}/s cpu  rss ${mb()} MB (peak ${Math.max(peakMb, mb())} MB)${extra}`,
  );
}

async function bench(modelsDir: string, model: string, sentences: Sentence[], maxNewTokens: number): Promise<void> {
  const texts = sentences.map((s) => s.text);
  // alternate the two, best of three rounds each (wall and CPU time): the machine is shared and noisy
  const best = (a: Timing, b: Timing): Timing => ({ ms: Math.min(a.ms, b.ms), cpuMs: Math.min(a.cpuMs, b.cpuMs) });
  let raw: Timing = { ms: Infinity, cpuMs: Infinity };
  let plain: Timing = { ms: Infinity, cpuMs: Infinity };
  let named: Timing = { ms: Infinity, cpuMs: Infinity };
  let warm: Timing = { ms: Infinity, cpuMs: Infinity };
  let spliced = 0;
  for (let round = 0; round < 3; round++) {
    raw = best(raw, await rawPipeline(modelsDir, model, texts, maxNewTokens));
    const p = await ours(modelsDir, model, sentences, false, maxNewTokens);
    plain = best(plain, p.cold);
    warm = best(warm, p.warm);
    const q = await ours(modelsDir, model, sentences, true, maxNewTokens);
    named = best(named, q.cold);
    spliced = q.spliced;
  }
  const ratio = (t: Timing) => `  speed ${(raw.ms / t.ms).toFixed(2)} (wall) ${(raw.cpuMs / t.cpuMs).toFixed(2)} (cpu) of the baseline`;
  row(`${model}: raw pipeline (baseline)`, texts.length, raw);
  row(`${model}: our translator, no cache`, texts.length, plain, ratio(plain));
  row(`${model}: with name protection, no cache`, texts.length, named, `${ratio(named)}; ${spliced} sentences spliced`);
  row(`${model}: every sentence already in the cache`, texts.length, warm);
}

/**
 * The translate worker's own path, against a fresh Postgres: items of four sentences each, through
 * translateItem (loads, spans, cache look-ups in the translations table, writes). Then the same texts from a
 * second outlet: every sentence is found in the Postgres cache.
 */
async function workerRows(modelsDir: string, model: string, sentences: Sentence[]): Promise<void> {
  let db: TestDb;
  try {
    db = await freshDatabase('raqib_bench');
  } catch (e) {
    console.log(`worker rows skipped: Postgres not reachable (${(e as Error).message.split('\n')[0]})`);
    return;
  }
  const config = TranslationConfig.parse({ models: { arb: model }, batchSize: BATCH, maxNewTokens: 256 });
  const translators = translatorPool((m) => loadTransformersTranslator(m, { modelsDir, batchSize: BATCH, maxNewTokens: 256 }));
  const resources: TranslateResources = {
    config,
    placeNames: new Map(),
    // no item ever waits for a model here, so nothing is handed on
    languages: languageStates({ pool: db.pool, handOn: async () => {}, log: pino({ level: 'silent' }), config, modelsDir, translators }),
  };
  try {
    await (await translators.get(model)).translate(sentences.slice(0, 2).map((x) => x.text));
    for (const feed of ['one', 'two']) {
      await db.pool.query(
        `INSERT INTO feeds (id, name, kind, url, config, interval_seconds) VALUES ($1, $1, 'rss', 'http://127.0.0.1/', '{"translate": "all"}', 60)`,
        [feed],
      );
      const ids: number[] = [];
      for (let i = 0; i < sentences.length; i += 4) {
        const [title, ...rest] = sentences.slice(i, i + 4).map((x) => x.text);
        const r = await db.pool.query<{ id: number }>(
          `INSERT INTO items (feed_id, guid, title, body, content_hash, lang) VALUES ($1, $2, $3, $4, md5($3 || $4), 'arb') RETURNING id`,
          [feed, `g${i}`, title, rest.join('\n')],
        );
        ids.push(r.rows[0].id);
      }
      const t = await timed(async () => {
        for (const id of ids) await translateItem(db.pool, id, resources);
      });
      row(`${model}: translate worker, ${feed === 'one' ? 'new text' : 'same text, 2nd outlet'}`, sentences.length, t, `  (${ids.length} items)`);
    }
  } finally {
    await translators.close();
    await db.drop();
  }
}

const n = Number(process.argv[process.argv.indexOf('--sentences') + 1]) || 16;
if (!existsSync(DATA)) {
  console.log('skipped: ../shared/bench not found');
  process.exit(0);
}
console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, node ${process.version}; batch ${BATCH}, greedy`);
const tinyDir = await mkdtemp(join(tmpdir(), 'raqib-bench-tiny-'));
try {
  await makeTinyMarian(join(tinyDir, TINY));
  // the tiny model writes one token per source character, so it needs room for the longest sentence
  await bench(tinyDir, TINY, loadSentences(n, 160), 256);
  await workerRows(tinyDir, TINY, loadSentences(n, 160));
} finally {
  await rm(tinyDir, { recursive: true, force: true });
}

const config = loadTranslationConfig(settings().RAQIB_TRANSLATION);
const realDir = resolve(settings().RAQIB_MODELS_DIR);
const arb = config.models.arb;
// the raw-pipeline baseline here is a one-pair model's; scripts/bench-translate-quality.ts times every model
const real = typeof arb === 'string' ? arb : null;
if (real && modelFiles(config.quantized).every((f) => existsSync(join(realDir, real, f)))) {
  await bench(realDir, real, loadSentences(n, config.maxSentenceChars), config.maxNewTokens);
} else {
  console.log(`no real model in ${realDir}${real ? ` (looked for ${real})` : ''}`);
}
