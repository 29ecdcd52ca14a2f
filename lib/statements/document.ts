import type { Lang } from '../text/detectLanguage.ts';
import type { Mention } from '../text/matchFigures.ts';
import { normalizeArabic, originalSpan, type NormalizedText } from '../text/normalizeArabic.ts';
import { findCues, lexiconFor, type Cue, type CueKind, type LanguageLexicon, type Lexicon } from './lexicon.ts';
import type { PlaceMention } from './matchPlaces.ts';

/** Words [first, end) of a document. */
export interface Span {
  first: number;
  end: number;
}

/** A tracked figure named in the text. */
export interface FigureRef extends Span {
  figureId: string;
  /** original UTF-16 offsets */
  start: number;
  stop: number;
}

/** A gazetteer place named in the text. */
export interface PlaceRef extends Span {
  placeId: string;
  country: boolean;
  /** letters glued to the front of the name («ب» of «ببغداد», «ل» of «لطهران») */
  attached: string;
  /** inside a figure's name or title («مسؤول مكتب العصائب في طهران»): a place named, not one he is at */
  inName: boolean;
  /** a shrine, or a district inside a city: a site one visits in person, not a trip's destination */
  site: boolean;
  start: number;
  stop: number;
}

export interface Clause extends Span {
  sentence: number;
}

export interface Sentence extends Span {
  /** ends with ? or ؟, or opens with a question word */
  question: boolean;
  /** its clauses, as indices into Doc.clauses */
  clauses: number[];
}

/**
 * One text cut into what the rules read: folded words, sentences and clauses over them, and the figures,
 * places and cue words found in it, all as word indices. Built once per text in one pass over its words.
 */
export interface Doc {
  text: string;
  lang: Lang;
  lex: LanguageLexicon;
  nt: NormalizedText;
  words: string[];
  /** folded offsets of each word */
  wordStart: Int32Array;
  wordEnd: Int32Array;
  sentences: Sentence[];
  clauses: Clause[];
  sentenceOfWord: Int32Array;
  clauseOfWord: Int32Array;
  figures: FigureRef[];
  places: PlaceRef[];
  cues: Cue[];
  /** cues starting at each word, for looking around a position without scanning the text */
  cuesAt: (Cue[] | undefined)[];
  /** first words of `figures` and `places` (both sorted by it), for finding those in a span by binary search */
  figureFirsts: Int32Array;
  placeFirsts: Int32Array;
}

// a sentence ends at . ! ? ؟ ; ؛ | … or a line break; a clause at a comma, colon, dash or bracket
const SENTENCE_END = /[.!?؟;؛|…\n]/u;
const QUESTION_END = /[?؟]/u;
// quotes and brackets hold a name or a phrase inside a clause («أبو علي العسكري», "(formerly Jurf al-Sakhar)"): not ends
const CLAUSE_END = /[،,:—–]|\s-\s/u;

/** Cuts, folds and indexes one text. `lex` decides the language's words; without one the text has no cues. */
export function buildDoc(text: string, lang: Lang, mentions: readonly Mention[], places: readonly PlaceMention[], lexicon: Lexicon): Doc | undefined {
  const lex = lexiconFor(lexicon, lang, text);
  if (!lex) return undefined;
  const nt = normalizeArabic(text);
  const folded = nt.text;
  const words: string[] = [];
  const starts: number[] = [];
  const ends: number[] = [];
  for (const m of folded.matchAll(/[\p{L}\p{N}]+/gu)) {
    words.push(m[0]);
    starts.push(m.index);
    ends.push(m.index + m[0].length);
  }
  const wordStart = Int32Array.from(starts);
  const wordEnd = Int32Array.from(ends);
  // which words end in «ة» as written: it folds like «ه», and «زاره» (visited him) is not «وزارة»
  const endsInTa = Uint8Array.from(ends, (e) => (text.charCodeAt(nt.start[e - 1]) === 0x629 ? 1 : 0));
  const cues = findCues(lex, words, endsInTa);
  const cuesAt: (Cue[] | undefined)[] = new Array(words.length);
  for (const c of cues) (cuesAt[c.first] ??= []).push(c);
  // what stands between two words, read in the original: folding turns line breaks into spaces
  const gapAfter = (i: number) => text.slice(nt.end[wordEnd[i] - 1], i + 1 < words.length ? nt.start[wordStart[i + 1]] : text.length);
  const { sentences, clauses, sentenceOfWord, clauseOfWord } = segment(words.length, gapAfter, cuesAt);
  const toFolded = foldedIndex(nt, text.length);
  const wordAt = (foldedPos: number) => Math.max(0, upperBound(wordStart, foldedPos) - 1);
  const span = (start: number, stop: number): Span | undefined => {
    const a = toFolded[start];
    const b = toFolded[stop];
    if (b <= a || words.length === 0) return undefined;
    return { first: wordAt(a), end: wordAt(b - 1) + 1 };
  };
  const figures: FigureRef[] = [];
  for (const m of mentions) {
    const s = span(m.start, m.end);
    if (s) figures.push({ figureId: m.figureId, start: m.start, stop: m.end, ...s });
  }
  figures.sort((a, b) => a.first - b.first || a.end - b.end);
  const placeRefs: PlaceRef[] = [];
  for (const p of places) {
    const s = span(p.start, p.end);
    if (!s) continue;
    // an idiom holding the name («رجل طهران», "Tehran-backed") names no place
    if (coveredBy(cuesAt, s, 'idiom')) continue;
    const attached = folded.slice(wordStart[s.first], toFolded[p.start]);
    const inName = figures.some((m) => m.start <= p.start && m.stop >= p.end);
    const site = p.kind === 'shrine' || p.districtId !== undefined;
    placeRefs.push({ placeId: p.placeId, country: p.kind === 'country', attached, inName, site, start: p.start, stop: p.end, ...s });
  }
  placeRefs.sort((a, b) => a.first - b.first);
  const figureFirsts = Int32Array.from(figures.map((f) => f.first));
  const placeFirsts = Int32Array.from(placeRefs.map((p) => p.first));
  return {
    text,
    lang,
    lex,
    nt,
    words,
    wordStart,
    wordEnd,
    sentences,
    clauses,
    sentenceOfWord,
    clauseOfWord,
    figures,
    places: placeRefs,
    cues,
    cuesAt,
    figureFirsts,
    placeFirsts,
  };
}

/** Whether a cue of `kind` starting at or before the span's first word (up to 6 words back) covers it. */
export function coveredBy(cuesAt: readonly (Cue[] | undefined)[], s: Span, kind: CueKind): boolean {
  for (let i = s.first; i >= 0 && i > s.first - 6; i--) for (const c of cuesAt[i] ?? []) if (c.kind === kind && c.end >= s.end) return true;
  return false;
}

function segment(
  n: number,
  gapAfter: (word: number) => string,
  cuesAt: readonly (Cue[] | undefined)[],
): { sentences: Sentence[]; clauses: Clause[]; sentenceOfWord: Int32Array; clauseOfWord: Int32Array } {
  const sentences: Sentence[] = [];
  const clauses: Clause[] = [];
  const sentenceOfWord = new Int32Array(n);
  const clauseOfWord = new Int32Array(n);
  let sentenceFirst = 0;
  let clauseFirst = 0;
  const closeClause = (end: number) => {
    if (end > clauseFirst) clauses.push({ first: clauseFirst, end, sentence: sentences.length });
    clauseFirst = end;
  };
  const closeSentence = (end: number, question: boolean) => {
    closeClause(end);
    if (end > sentenceFirst) {
      const own: number[] = [];
      for (let c = clauses.length - 1; c >= 0 && clauses[c].sentence === sentences.length; c--) own.unshift(c);
      const opensWithQuestion = [sentenceFirst, sentenceFirst + 1].some((w) => (cuesAt[w] ?? []).some((c) => c.kind === 'question'));
      sentences.push({ first: sentenceFirst, end, question: question || opensWithQuestion, clauses: own });
    }
    sentenceFirst = end;
  };
  for (let i = 0; i < n; i++) {
    // a contrast word («فيما», "while") opens a new statement
    if (i > sentenceFirst && (cuesAt[i] ?? []).some((c) => c.kind === 'contrast')) closeSentence(i, false);
    const gap = gapAfter(i);
    if (SENTENCE_END.test(gap)) closeSentence(i + 1, QUESTION_END.test(gap));
    else if (CLAUSE_END.test(gap)) closeClause(i + 1);
  }
  closeSentence(n, false);
  sentences.forEach((s, si) => {
    for (let w = s.first; w < s.end; w++) sentenceOfWord[w] = si;
  });
  clauses.forEach((c, ci) => {
    for (let w = c.first; w < c.end; w++) clauseOfWord[w] = ci;
  });
  return { sentences, clauses, sentenceOfWord, clauseOfWord };
}

/** For each original UTF-16 index (and one past the end), the first folded index at or after it. */
function foldedIndex(nt: NormalizedText, originalLength: number): Int32Array {
  const map = new Int32Array(originalLength + 1).fill(-1);
  for (let k = nt.text.length - 1; k >= 0; k--) map[nt.start[k]] = k;
  map[originalLength] = nt.text.length;
  for (let i = originalLength - 1; i >= 0; i--) if (map[i] < 0) map[i] = map[i + 1];
  return map;
}

/** Index of the first element > x. */
export function upperBound(a: Int32Array | readonly number[], x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (a[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Original UTF-16 span of words [first, end). */
export function originalOfWords(doc: Doc, s: Span): { start: number; end: number } {
  return originalSpan(doc.nt, doc.wordStart[s.first], doc.wordEnd[s.end - 1]);
}

/** Cues of a kind whose first word lies in [from, to). */
export function cuesIn(doc: Doc, from: number, to: number, kind?: CueKind): Cue[] {
  const out: Cue[] = [];
  for (let i = Math.max(0, from); i < Math.min(to, doc.words.length); i++)
    for (const c of doc.cuesAt[i] ?? []) if (!kind || c.kind === kind) out.push(c);
  return out;
}

/** Whether a cue of a kind starts in [from, to). */
export function hasCue(doc: Doc, from: number, to: number, kind: CueKind): boolean {
  for (let i = Math.max(0, from); i < Math.min(to, doc.words.length); i++) for (const c of doc.cuesAt[i] ?? []) if (c.kind === kind) return true;
  return false;
}

export function sentenceOf(doc: Doc, word: number): Sentence {
  return doc.sentences[doc.sentenceOfWord[word]];
}

export function clauseOf(doc: Doc, word: number): Clause {
  return doc.clauses[doc.clauseOfWord[word]];
}

/** Index of the first element >= x. */
function lowerBound(a: Int32Array, x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (a[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Figures lying wholly in words [from, to), in order; a binary search, so long texts stay linear. */
export function figuresBetween(doc: Doc, from: number, to: number): FigureRef[] {
  const out: FigureRef[] = [];
  for (let i = lowerBound(doc.figureFirsts, from); i < doc.figures.length && doc.figures[i].first < to; i++)
    if (doc.figures[i].end <= to) out.push(doc.figures[i]);
  return out;
}

/** Places lying wholly in words [from, to), in order. */
export function placesBetween(doc: Doc, from: number, to: number): PlaceRef[] {
  const out: PlaceRef[] = [];
  for (let i = lowerBound(doc.placeFirsts, from); i < doc.places.length && doc.places[i].first < to; i++)
    if (doc.places[i].end <= to) out.push(doc.places[i]);
  return out;
}

/** The figure whose last word is `word - 1` (its span ends at `word`), if any. */
export function figureEndingAt(doc: Doc, end: number): FigureRef | undefined {
  return figuresBetween(doc, Math.max(0, end - 12), end).find((f) => f.end === end);
}
