/**
 * Matching throughput with 5,000 entries × 10 aliases on real Arabic news text (../shared/bench/ar-persons.jsonl
 * repeated to ~8 MB), beside the naive baseline (indexOf of each alias in turn) measured on a slice in the same
 * run. Aliases are word bigrams and trigrams of the corpus, so many really occur. MB are UTF-8 megabytes
 * (10^6 bytes) of input text. Run: node --expose-gc --import tsx scripts/bench-match-speed.ts
 */
import { existsSync, readFileSync } from 'node:fs';
import { compileMatcher, findEntities, type MatchEntry } from '../lib/text/matchFigures.ts';

const FILE = new URL('../../shared/bench/ar-persons.jsonl', import.meta.url).pathname;
if (!existsSync(FILE)) {
  console.log('skipped: ../shared/bench not found');
  process.exit(0);
}

const ENTRIES = 5000;
const ALIASES_PER_ENTRY = 10;
const TARGET_BYTES = 8_000_000;
const BASELINE_BYTES = 40_000;

const sentences = readFileSync(FILE, 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((l) => (JSON.parse(l) as { text: string }).text);

// deterministic PRNG so runs compare
let seed = 12345;
const rand = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;

const grams = new Set<string>();
for (const s of sentences) {
  const words = s
    .split(/\s+/)
    .map((w) => w.replace(/[^\p{L}\p{N}]/gu, ''))
    .filter((w) => w.length >= 2);
  for (let i = 0; i + 1 < words.length; i++) {
    grams.add(`${words[i]} ${words[i + 1]}`);
    if (i + 2 < words.length) grams.add(`${words[i]} ${words[i + 1]} ${words[i + 2]}`);
  }
}
const pool = [...grams];
for (let i = pool.length - 1; i > 0; i--) {
  const j = Math.floor(rand() * (i + 1));
  [pool[i], pool[j]] = [pool[j], pool[i]];
}
const aliases = pool.slice(0, ENTRIES * ALIASES_PER_ENTRY);
const entries: MatchEntry[] = [];
for (let e = 0; e < ENTRIES; e++) entries.push({ id: `e${e}`, aliases: aliases.slice(e * ALIASES_PER_ENTRY, (e + 1) * ALIASES_PER_ENTRY) });

const items: string[] = [];
let bytes = 0;
while (bytes < TARGET_BYTES) {
  for (const s of sentences) {
    items.push(s);
    bytes += Buffer.byteLength(s) + 1;
  }
}
const whole = items.join('\n');
const wholeBytes = Buffer.byteLength(whole);
const gc = (globalThis as { gc?: () => void }).gc;

console.log(
  `corpus: ${(wholeBytes / 1e6).toFixed(1)} MB UTF-8 (${(whole.length / 1e6).toFixed(1)} M UTF-16 units), ${items.length} items; ${aliases.length} aliases (${ENTRIES} entries × ${ALIASES_PER_ENTRY}) from ${grams.size} corpus n-grams`,
);

gc?.();
const mem0 = process.memoryUsage();
const t = performance.now();
const matcher = compileMatcher(entries);
const buildMs = performance.now() - t;
gc?.();
const mem1 = process.memoryUsage();
const mib = (b: number) => (b / 2 ** 20).toFixed(1);
const memory = gc
  ? `${mib(Math.max(0, mem1.heapUsed - mem0.heapUsed))} MiB JS heap + ${mib(mem1.arrayBuffers - mem0.arrayBuffers)} MiB typed arrays`
  : 'memory: run with --expose-gc';
console.log(`build: ${buildMs.toFixed(0)} ms, ${memory}; ${matcher.stats.words} distinct words, ${matcher.stats.states} trie states`);

/**
 * Median of `runs` by CPU time of this process (the machine is shared, and garbage collection makes single
 * runs of the one-big-text case vary by ±15%), with the best run beside it; wall time is the median too.
 */
function timeMedian(runs: number, f: () => number): { ms: number; bestMs: number; wallMs: number; result: number } {
  const cpu: number[] = [];
  const wall: number[] = [];
  let result = 0;
  for (let r = 0; r < runs; r++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    result = f();
    wall.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  return { ms: median(cpu), bestMs: Math.min(...cpu), wallMs: median(wall), result };
}

const RUNS = 5;

// the machine's speed right now (it is shared): a bare charCodeAt loop, the ceiling of any JS scan
const ceiling = timeMedian(RUNS, () => {
  let sum = 0;
  for (let i = 0; i < whole.length; i++) sum += whole.charCodeAt(i);
  return sum;
});
console.log(
  `reference: bare charCodeAt loop ${(wholeBytes / 1e6 / (ceiling.ms / 1000)).toFixed(0)} MB/s, median of ${RUNS} (1,495 MB/s on an idle machine per notes/performance.md)`,
);
timeMedian(1, () => findEntities(matcher, whole.slice(0, 500_000)).length); // warm up
const perItem = timeMedian(RUNS, () => {
  let n = 0;
  for (const it of items) n += findEntities(matcher, it).length;
  return n;
});
const oneText = timeMedian(RUNS, () => findEntities(matcher, whole).length);
const mbps = (ms: number, b: number) => b / 1e6 / (ms / 1000);
console.log(
  `matcher, item by item: ${mbps(perItem.ms, wholeBytes).toFixed(1)} MB/s of CPU time, median of ${RUNS} (best ${mbps(perItem.bestMs, wholeBytes).toFixed(1)}, wall ${mbps(perItem.wallMs, wholeBytes).toFixed(1)}) (${perItem.result} matches)`,
);
console.log(
  `matcher, one ${(wholeBytes / 1e6).toFixed(0)} MB text: ${mbps(oneText.ms, wholeBytes).toFixed(1)} MB/s of CPU time, median of ${RUNS} (best ${mbps(oneText.bestMs, wholeBytes).toFixed(1)}, wall ${mbps(oneText.wallMs, wholeBytes).toFixed(1)}) (${oneText.result} matches)`,
);

// for scale: a watchlist of real names (ANERcorp's 2,204 gold person names) on the same text
const names = new Set(
  readFileSync(FILE, 'utf8')
    .split('\n')
    .filter(Boolean)
    .flatMap((l) => (JSON.parse(l) as { persons: { text: string }[] }).persons.map((p) => p.text)),
);
const realNames = compileMatcher([...names].map((n, i) => ({ id: `n${i}`, aliases: [n] })));
const real = timeMedian(RUNS, () => {
  let n = 0;
  for (const it of items) n += findEntities(realNames, it).length;
  return n;
});
console.log(
  `matcher with ${names.size} real person names, item by item: ${mbps(real.ms, wholeBytes).toFixed(1)} MB/s of CPU time (${real.result} matches)`,
);

// naive baseline: every alias searched with indexOf, on a slice (it is ~1,000× slower)
let slice = '';
for (const it of items) {
  if (Buffer.byteLength(slice) > BASELINE_BYTES) break;
  slice += it + '\n';
}
const sliceBytes = Buffer.byteLength(slice);
const naiveRun = timeMedian(1, () => {
  let hits = 0;
  for (const a of aliases) for (let i = slice.indexOf(a); i >= 0; i = slice.indexOf(a, i + 1)) hits++;
  return hits;
});
const naiveMs = naiveRun.ms;
const naiveHits = naiveRun.result;
const naive = mbps(naiveMs, sliceBytes);
console.log(`naive indexOf baseline on ${(sliceBytes / 1e3).toFixed(0)} KB: ${naive.toFixed(3)} MB/s (${naiveHits} hits)`);
console.log(
  `ratio: item by item ${(mbps(perItem.ms, wholeBytes) / naive).toFixed(0)}×, one text ${(mbps(oneText.ms, wholeBytes) / naive).toFixed(0)}× the baseline`,
);
