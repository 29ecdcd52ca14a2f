import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTinyMarian } from '../../scripts/make-tiny-marian.ts';
import { loadTransformersTranslator, type TransformersTranslator } from './transformersTranslator.ts';
import { translateTexts } from './translateTexts.ts';
import { memoryCache } from './translationCache.ts';
import type { Translator } from './translator.ts';

const MODEL = 'tiny/opus-mt-ar-en';
let dir: string;
let tiny: TransformersTranslator;

/** The real tiny translator, with every sentence it is asked for recorded. */
function counting(inner: Translator): Translator & { seen: string[] } {
  const seen: string[] = [];
  return {
    model: inner.model,
    seen,
    translate: (texts) => {
      seen.push(...texts);
      return inner.translate(texts);
    },
  };
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'raqib-tiny-'));
  await makeTinyMarian(join(dir, MODEL));
  tiny = await loadTransformersTranslator(MODEL, { modelsDir: dir, batchSize: 4 });
});
afterAll(async () => {
  await tiny.close?.();
  await rm(dir, { recursive: true, force: true });
});

const span = (text: string, what: string, name: string, from = 0) => {
  const start = text.indexOf(what, from);
  return { start, end: start + what.length, name };
};

describe('translateTexts through the tiny model', () => {
  it('renders a tracked name as its canonical English name, exactly', async () => {
    const text = 'نفى مكتب قيس الخزعلي في طهران أنباء مقتله.';
    const spans = [span(text, 'قيس الخزعلي', 'Qais al-Khazali'), span(text, 'طهران', 'Tehran')];
    const { texts, stats } = await translateTexts([{ text, spans }], { translator: tiny, cache: memoryCache(), maxSentenceChars: 400 });
    expect(texts[0].translation).toBe('nfa mktb Qais al-Khazali fy Tehran anbaʾ mqtlh.');
    expect(texts[0].translation).not.toContain('qys');
    expect(stats.spliced).toBe(0);
  });

  it('splices the name in when the model does not keep it inline', async () => {
    // Ş is not in the tiny vocabulary: the model drops it, the inline check fails, the splice keeps the name
    const text = 'وصل غدير شريف إلى قم';
    const spans = [span(text, 'غدير شريف', 'Ghadir Şharif'), span(text, 'قم', 'Qom')];
    const { texts, stats } = await translateTexts([{ text, spans }], { translator: tiny, cache: memoryCache(), maxSentenceChars: 400 });
    expect(texts[0].translation).toBe('wsl Ghadir Şharif ila Qom');
    expect(stats.spliced).toBe(1);
  });

  it('translates a repeated sentence once: the second identical text costs no model call', async () => {
    const t = counting(tiny);
    const cache = memoryCache();
    const statement = 'نفى مكتب الأمين العام أنباء مقتله. وقال إنه بخير.';
    const opts = { translator: t, cache, maxSentenceChars: 400 };
    const first = await translateTexts([{ text: statement, spans: [] }], opts);
    expect(t.seen).toEqual(['نفى مكتب الأمين العام أنباء مقتله.', 'وقال إنه بخير.']);
    const second = await translateTexts(
      [
        { text: statement, spans: [] },
        { text: 'وقال إنه بخير.', spans: [] },
      ],
      opts,
    );
    expect(t.seen.length).toBe(2);
    expect(second.texts[0].translation).toBe(first.texts[0].translation);
    expect(second.stats).toMatchObject({ inputs: 2, cacheHits: 2 });
    // the same sentence twice in one call goes to the model once
    const third = await translateTexts([{ text: 'جملة جديدة. جملة جديدة.', spans: [] }], opts);
    expect(t.seen.slice(2)).toEqual(['جملة جديدة.']);
    expect(third.texts[0].translation).toBe('jmlh jdydh. jmlh jdydh.');
  });

  it('splits a long text into sentences and pieces, keeps line breaks, and loses nothing', async () => {
    const t = counting(tiny);
    const para = Array.from({ length: 30 }, (_, i) => `كلمة${'٠١٢٣٤٥٦٧٨٩'[i % 10]}`).join(' ');
    const text = `العنوان\n\n${para}. قيس الخزعلي؟\nسطر`;
    const spans = [span(text, 'قيس الخزعلي', 'Qais al-Khazali')];
    const { texts } = await translateTexts([{ text, spans }], { translator: t, cache: memoryCache(), maxSentenceChars: 60 });
    for (const s of t.seen) expect(s.length).toBeLessThanOrEqual(60);
    expect(t.seen.length).toBeGreaterThan(4);
    const words = Array.from({ length: 30 }, (_, i) => `klmh${i % 10}`).join(' ');
    expect(texts[0].translation).toBe(`alʿnwan\n\n${words}. Qais al-Khazali?\nstr`);
    expect(texts[0].sentences.map((s) => text.slice(s.start, s.end)).join(' ')).toContain('قيس الخزعلي؟');
  });

  it('passes punctuation-only pieces through without the model', async () => {
    const t = counting(tiny);
    const { texts } = await translateTexts(
      [
        { text: '٢٠٢٦؟', spans: [] },
        { text: '', spans: [] },
      ],
      { translator: t, cache: memoryCache(), maxSentenceChars: 400 },
    );
    expect(t.seen).toEqual([]);
    expect(texts.map((x) => x.translation)).toEqual(['٢٠٢٦?', '']);
  });
});
