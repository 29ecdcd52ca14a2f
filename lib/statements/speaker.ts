import { figuresBetween, originalOfWords, type Doc, type FigureRef, type Sentence, type Span } from './document.ts';
import type { Cue } from './lexicon.ts';
import { isCueWord } from './subject.ts';

/** Who the text credits with a statement: an office, a spokesman, a source, or a tracked figure. */
export interface Speaker {
  text: string;
  figureId?: string;
  start: number;
  end: number;
}

/** Most words of a speaker's noun phrase («المكتب الإعلامي للأمين العام لعصائب أهل الحق»). */
const PHRASE_WORDS = 7;

const sayingKinds = new Set<Cue['kind']>(['speech', 'denial']);

/** The phrase [first, end) as a speaker, with the tracked figure inside it if there is one. */
function asSpeaker(doc: Doc, phrase: Span): Speaker {
  const fig = figuresBetween(doc, phrase.first, phrase.end)[0];
  const { start, end } = originalOfWords(doc, phrase);
  return { text: doc.text.slice(start, end), ...(fig ? { figureId: fig.figureId } : {}), start, end };
}

/** A source word or a figure starting at the word; the phrase runs to the end of the figure it names. */
function phraseAt(doc: Doc, word: number, limit: number): Span | undefined {
  const fig = figuresBetween(doc, word, word + 12).find((f) => f.first === word);
  if (fig) return { first: fig.first, end: fig.end };
  const source = (doc.cuesAt[word] ?? []).find((c) => c.kind === 'source' || c.kind === 'office');
  if (!source) return undefined;
  const named = figuresBetween(doc, source.end, limit).find((f) => f.first - source.end <= 4);
  return { first: word, end: named ? named.end : Math.min(limit, source.end) };
}

/** The figure or source before the verb in its clause ("Qais al-Khazali's office said", «دفتر X اعلام کرد»). */
function subjectBefore(doc: Doc, verb: Cue, clauseFirst: number): Span | undefined {
  const figs = figuresBetween(doc, clauseFirst, verb.first);
  for (let w = Math.max(clauseFirst, verb.first - PHRASE_WORDS); w < verb.first; w++) {
    const p = phraseAt(doc, w, verb.first);
    if (p) {
      // "a spokesman for Qais al-Khazali said": widen to the figure the source names
      const last = figs.filter((f) => f.first >= p.first).at(-1);
      return last && last.end > p.end && verb.first - last.end <= 2 ? { first: p.first, end: last.end } : p;
    }
  }
  return undefined;
}

/**
 * The speaker of a sentence: in a headline "X: …" the phrase before the colon; else the subject of its first
 * verb of saying or denying: after it in Arabic («نفى مكتب قيس الخزعلي», «قال مصدر مقرب»), before it in
 * English, Persian and Sorani ("Khazali's office said", «دفتر قیس خزعلی اعلام کرد»), or after "according
 * to" («بحسب», «به گزارش»).
 */
export function speakerOf(doc: Doc, s: Sentence): Speaker | undefined {
  const first = doc.clauses[s.clauses[0]];
  if (first && s.clauses.length > 1) {
    const gap = doc.text.slice(originalOfWords(doc, { first: first.end - 1, end: first.end }).end).trimStart();
    if (gap.startsWith(':') && first.end - first.first <= PHRASE_WORDS) {
      const p = phraseAt(doc, first.first, first.end);
      if (p) return asSpeaker(doc, { first: first.first, end: first.end });
    }
  }
  for (let w = s.first; w < s.end; w++) {
    const verb = (doc.cuesAt[w] ?? []).find((c) => sayingKinds.has(c.kind));
    if (!verb) continue;
    const clauseFirst = doc.clauses[doc.clauseOfWord[w]].first;
    const after =
      doc.lex.lang === 'arb' ||
      /^(?:according to|بحسب|حسب|وفق|به گزارش|به نقل از|بەپێی|بە گوتەی)$/u.test(doc.words.slice(verb.first, verb.end).join(' '));
    const phrase = after ? (phraseAt(doc, verb.end, s.end) ?? subjectBefore(doc, verb, clauseFirst)) : subjectBefore(doc, verb, clauseFirst);
    if (phrase) return asSpeaker(doc, phrase);
  }
  return undefined;
}

/** Whether a figure mention is (inside) the speaker of its sentence: he says it, it is not about him. */
export function isSpeaker(doc: Doc, speaker: Speaker | undefined, fig: FigureRef): boolean {
  return !!speaker && fig.start >= speaker.start && fig.stop <= speaker.end;
}
