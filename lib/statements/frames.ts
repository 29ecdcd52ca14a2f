import { clauseOf, figuresBetween, hasCue, sentenceOf, type Doc, type FigureRef, type PlaceRef } from './document.ts';
import type { Cue } from './lexicon.ts';
import { placesOf } from './placeOf.ts';
import { isDenied, isFuture, isGovernedByDenial, isNegated, isOld, isQuestion } from './scope.ts';
import { ownedBySomeoneElse, subjectOf } from './subject.ts';

/**
 * A predicate read in its sentence: what it says (the cue), about whom (the subject, not the speaker),
 * whether it is negated or denied, its tense and mood, and the places attached to it.
 */
export interface Frame {
  cue: Cue;
  subject?: FigureRef;
  negated: boolean;
  denied: boolean;
  future: boolean;
  question: boolean;
  old: boolean;
  places: PlaceRef[];
}

const PREDICATE_KINDS = new Set<Cue['kind']>(['harm', 'assurance', 'sighting', 'movement']);

/** The frame of every predicate word in the text, in order. */
export function framesOf(doc: Doc): Frame[] {
  const out: Frame[] = [];
  for (const cue of doc.cues) {
    if (!PREDICATE_KINDS.has(cue.kind)) continue;
    const subject = subjectOf(doc, cue);
    out.push({
      cue,
      subject,
      negated: isNegated(doc, cue),
      denied: cue.kind === 'harm' ? isDenied(doc, cue, subject?.figureId) : isGovernedByDenial(doc, cue),
      future: isFuture(doc, cue),
      question: isQuestion(doc, cue),
      old: isOld(doc, cue),
      places: placesOf(doc, cue, subject),
    });
  }
  return out;
}

const TWO_SIDED = new Set(['meeting', 'visit']);

/**
 * Everyone a sighting shows besides its subject: the other side of a meeting or visit in its clause
 * ("X met Y", «استقبل X وفداً يرأسه Y»), and figures joined to the subject by "and" («ليث وقيس في صورة»).
 * Not a figure named as someone's relative, aide or office.
 */
export function alsoSeen(doc: Doc, f: Frame): FigureRef[] {
  const who = f.subject;
  if (!who) return [];
  const clause = clauseOf(doc, f.cue.first);
  const s = sentenceOf(doc, f.cue.first);
  const others = figuresBetween(doc, s.first, s.end).filter((x) => x.figureId !== who.figureId && !ownedBySomeoneElse(doc, x));
  // «قیس خزعلی و اکرم کعبی ... دیدار کردند», "Hadi al-Amiri and Shibl al-Zaydi were among the mourners"
  const joined = (a: FigureRef, b: FigureRef) => {
    const [l, r] = a.first < b.first ? [a, b] : [b, a];
    const gap = doc.words.slice(l.end, r.first);
    return gap.length === 0 || (gap.length === 1 && /^(?:و|and|va|w)$/u.test(gap[0]));
  };
  const partner = (x: FigureRef) =>
    !!f.cue.sight && TWO_SIDED.has(f.cue.sight) && x.first >= clause.first && x.end <= clause.end && (withBefore(doc, x) || objectAfter(doc, f, x));
  return others.filter((x) => joined(who, x) || partner(x));
}

/** "met with X", «التقى بـX», «مع X», «با X», «لەگەڵ X»: the other side of a meeting. */
function withBefore(doc: Doc, x: FigureRef): boolean {
  const w = doc.words[x.first];
  const prev = doc.words[x.first - 1] ?? '';
  return /^(?:with|مع|با|لهگهڵ|لهگهل)$/u.test(prev) || (doc.lex.lang === 'arb' && /^[وف]?ب/u.test(w) && doc.text.slice(x.start - 1, x.start) === 'ب');
}

/** "received X", «استقبل X», «پێشوازیی لە X»: the one met stands right after the verb. */
function objectAfter(doc: Doc, f: Frame, x: FigureRef): boolean {
  return x.first >= f.cue.end && x.first - f.cue.end <= 2;
}

/** Whether the sentence of a frame holds a cue of a kind. */
export function frameSentenceHas(doc: Doc, f: Frame, kind: Cue['kind']): boolean {
  const s = sentenceOf(doc, f.cue.first);
  return hasCue(doc, s.first, s.end, kind);
}
