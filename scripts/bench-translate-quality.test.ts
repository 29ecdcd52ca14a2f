import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadPlaces } from '../config/placesSchema.ts';
import { loadWatchlist } from '../config/watchlistSchema.ts';
import { nllbCode } from '../lib/translate/languages.ts';
import { loadParallelSet, namesCanonical, PARALLEL_LANGUAGES, runQualityBench, type QualityRow } from './bench-translate-quality.ts';
import { trackedNameFinder } from './cli/translate.ts';
import { makeTinyMarian } from './make-tiny-marian.ts';
import { makeTinyNllb } from './make-tiny-nllb.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'raqib-quality-test-'));
  await makeTinyMarian(join(dir, 'tiny/marian'));
  await makeTinyNllb(join(dir, 'tiny/nllb'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('the parallel set', () => {
  it('has at least 60 sentences per language, each with a reference and the names it must keep', () => {
    const events = new Set(['death_rumor', 'denial', 'whereabouts', 'appearance', 'arrest', 'meeting']);
    for (const lang of PARALLEL_LANGUAGES) {
      const set = loadParallelSet(lang);
      expect(set.length).toBeGreaterThanOrEqual(60);
      expect(new Set(set.map((s) => s.id)).size).toBe(set.length);
      for (const s of set) {
        expect(s.lang).toBe(lang);
        expect(s.src.trim()).not.toBe('');
        expect(s.ref).toMatch(/^[\x20-\x7e‼️⚫🔴📹–]+$/u);
        expect(events.has(s.event)).toBe(true);
        // the reference itself writes every name canonically
        expect(namesCanonical(s.ref, s.names)).toBe(true);
      }
      for (const event of events) expect(set.filter((s) => s.event === event).length).toBeGreaterThanOrEqual(6);
    }
    expect(loadParallelSet('arb').filter((s) => s.style === 'dialect').length).toBeGreaterThanOrEqual(10);
    expect(loadParallelSet('arb').filter((s) => s.style === 'telegram').length).toBeGreaterThanOrEqual(10);
  });
});

describe('bench-translate-quality on the generated models', () => {
  let rows: QualityRow[];
  beforeAll(async () => {
    const namesIn = await trackedNameFinder(loadWatchlist('config/watchlist.yaml'), loadPlaces('config/places.yaml'));
    rows = await runQualityBench(
      [
        { lang: 'arb', route: { model: 'tiny/marian' }, modelsDir: dir, kind: 'generated' },
        ...PARALLEL_LANGUAGES.map((lang) => ({ lang, route: { model: 'tiny/nllb', source: nllbCode(lang) }, modelsDir: dir, kind: 'generated' })),
      ],
      namesIn,
      { limit: 8 },
    );
  }, 120_000);

  it('gives chrF, the canonical-name share and seconds per sentence per language and model, beside the unprotected run', () => {
    expect(rows.map((r) => [r.lang, r.model, r.sentences])).toEqual([
      ['arb', 'tiny/marian', 8],
      ['arb', 'tiny/nllb:arb_Arab>eng_Latn', 8],
      ['pes', 'tiny/nllb:pes_Arab>eng_Latn', 8],
      ['ckb', 'tiny/nllb:ckb_Arab>eng_Latn', 8],
    ]);
    for (const r of rows) {
      for (const v of [r.chrf, r.chrfUnprotected]) expect(v).toBeGreaterThanOrEqual(0);
      for (const v of [r.chrf, r.chrfUnprotected]) expect(v).toBeLessThanOrEqual(100);
      expect(r.secondsPerSentence).toBeGreaterThan(0);
      expect(r.secondsPerSentenceUnprotected).toBeGreaterThan(0);
    }
    const [marian, arb, pes, ckb] = rows;
    // a transliterating model never writes "Qais al-Khazali" by itself: names come out right only when protected
    for (const r of [marian, arb, pes]) {
      expect(r.namesOk).toBe(1);
      expect(r.namesOkUnprotected).toBe(0);
      expect(r.chrf).toBeGreaterThan(r.chrfUnprotected);
    }
    // the same weights under two tokenizer shapes give the same English
    expect(arb.chrf).toBeCloseTo(marian.chrf, 6);
    // Sorani spellings of the watchlist and gazetteer protect most Sorani names; unprotected, none comes out right
    expect(ckb.namesOk).toBeGreaterThan(ckb.namesOkUnprotected);
    expect(ckb.namesOkUnprotected).toBe(0);
  });

  it('runs as a script, the generated models only, with --json', async () => {
    const { stdout } = await promisify(execFile)('npx', ['tsx', 'scripts/bench-translate-quality.ts', '--generated-only', '--limit', '2', '--json'], {
      maxBuffer: 1 << 20,
    });
    const out = JSON.parse(stdout) as { rows: QualityRow[]; skipped: string[] };
    expect(out.rows.map((r) => [r.lang, r.kind, r.sentences])).toEqual([
      ['arb', 'generated', 2],
      ['arb', 'generated', 2],
      ['pes', 'generated', 2],
      ['ckb', 'generated', 2],
    ]);
  }, 120_000);
});
