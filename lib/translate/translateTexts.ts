import { protectNames, restoreNames, spliceNames, type NameSpan, type ProtectedText } from './protectNames.ts';
import { splitSentences } from './splitSentences.ts';
import { contentHash, type TranslationCache } from './translationCache.ts';
import type { Translator } from './translator.ts';

export interface SourceText {
  text: string;
  /** tracked figures and places in `text`, rendered with their canonical English names */
  spans: readonly NameSpan[];
}

export interface TranslatedSentence {
  /** the sentence's range in the source text */
  start: number;
  end: number;
  translation: string;
}

export interface TranslatedText {
  translation: string;
  sentences: TranslatedSentence[];
}

export interface TranslationStats {
  sentences: number;
  /** distinct model inputs asked for (after de-duplication) */
  inputs: number;
  /** of those, answered by the cache */
  cacheHits: number;
  /** sentences whose names had to be spliced in (the model did not keep them inline) */
  spliced: number;
}

export interface TranslateTextsOptions {
  translator: Translator;
  cache: TranslationCache;
  maxSentenceChars: number;
}

const HAS_LETTER = /\p{L}/u;
const ARABIC_PUNCTUATION: Record<string, string> = { '،': ',', '؛': ';', '؟': '?', '۔': '.', '«': '"', '»': '"' };

/**
 * Translates whole texts sentence by sentence: split (never truncate), protect the tracked names, look
 * every distinct sentence up in the cache, send only the missing ones to the model (which batches them),
 * store what it made, put the names back. Sentences are joined again with the original line breaks.
 */
export async function translateTexts(
  texts: readonly SourceText[],
  opts: TranslateTextsOptions,
): Promise<{ texts: TranslatedText[]; stats: TranslationStats }> {
  const stats: TranslationStats = { sentences: 0, inputs: 0, cacheHits: 0, spliced: 0 };
  const plans = texts.map(({ text, spans }) =>
    splitSentences(text, opts.maxSentenceChars, spans).map((range) => {
      const inRange = spans
        .filter((s) => s.start >= range.start && s.end <= range.end)
        .map((s) => ({ ...s, start: s.start - range.start, end: s.end - range.start }));
      return { range, protectedText: protectNames(text.slice(range.start, range.end), inRange) };
    }),
  );
  const all = plans.flat();
  stats.sentences = all.length;

  const first = await translateUnits(
    all.map((p) => p.protectedText.source),
    opts,
    stats,
  );
  const results = all.map((p) => {
    const out = first.get(p.protectedText.source) ?? '';
    return p.protectedText.names.length === 0 ? out : restoreNames(out, p.protectedText.names);
  });
  const needSplice = all.map((p, i) => (results[i] === null ? p.protectedText : null)).filter((p): p is ProtectedText => p !== null);
  if (needSplice.length) {
    stats.spliced = needSplice.length;
    const segs = await translateUnits(
      needSplice.flatMap((p) => p.segments),
      opts,
      stats,
    );
    all.forEach((p, i) => {
      if (results[i] === null)
        results[i] = spliceNames(
          p.protectedText.segments.map((s) => segs.get(s) ?? ''),
          p.protectedText.names,
        );
    });
  }

  let k = 0;
  const out = plans.map((sentences, t) => {
    const translated = sentences.map((s) => ({ start: s.range.start, end: s.range.end, translation: results[k++] ?? '' }));
    return { translation: joinSentences(texts[t].text, translated), sentences: translated };
  });
  return { texts: out, stats };
}

/** Each distinct input once: from the cache, else from the model (and then into the cache). */
async function translateUnits(inputs: string[], opts: TranslateTextsOptions, stats: TranslationStats): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  // model input (trimmed) by its hash, and the hash of each raw input that needs the model
  const wanted = new Map<string, string>();
  const hashOf = new Map<string, string>();
  for (const raw of inputs) {
    if (out.has(raw) || hashOf.has(raw)) continue;
    const s = raw.trim();
    // punctuation, digits, nothing: no model call
    if (!HAS_LETTER.test(s))
      out.set(
        raw,
        s.replace(/[،؛؟۔«»]/g, (c) => ARABIC_PUNCTUATION[c]),
      );
    else {
      const h = contentHash(s);
      hashOf.set(raw, h);
      wanted.set(h, s);
    }
  }
  const model = opts.translator.model;
  const hashes = [...wanted.keys()];
  const found = hashes.length ? await opts.cache.get(model, hashes) : new Map<string, string>();
  stats.inputs += hashes.length;
  stats.cacheHits += found.size;
  const missing = hashes.filter((h) => !found.has(h));
  if (missing.length) {
    const made = await opts.translator.translate(missing.map((h) => wanted.get(h)!));
    const entries = missing.map((h, i) => ({ hash: h, source: wanted.get(h)!, translation: made[i] }));
    await opts.cache.put(model, entries);
    for (const e of entries) found.set(e.hash, e.translation);
  }
  for (const [raw, h] of hashOf) out.set(raw, found.get(h) ?? '');
  return out;
}

/** Sentences joined as they stood: a blank line stays a blank line, a line break a line break, else a space. */
function joinSentences(text: string, sentences: readonly TranslatedSentence[]): string {
  let out = '';
  sentences.forEach((s, i) => {
    if (i > 0) {
      const gap = text.slice(sentences[i - 1].end, s.start);
      const breaks = (gap.match(/\n/g) ?? []).length;
      out += breaks >= 2 ? '\n\n' : breaks === 1 ? '\n' : ' ';
    }
    out += s.translation;
  });
  return out;
}
