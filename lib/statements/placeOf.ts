import { clauseOf, figuresBetween, placesBetween, sentenceOf, type Doc, type FigureRef, type PlaceRef } from './document.ts';
import type { Cue } from './lexicon.ts';
import { isCueWord } from './subject.ts';

/** Most words from a predicate to a place after it («وصل زعيم التيار الصدري مقتدى الصدر إلى النجف»). */
const PLACE_REACH = 10;
/** Nouns that may stand between a preposition and the name («في مدينة قم المقدسة», "in the holy city of"). */
const PLACE_NOUN_REACH = 4;

/**
 * A place named as a location: a preposition before it («في بغداد», "in Najaf", «در قم», «لە قوم»), one
 * glued to it («ببغداد», «لطهران», dialect «بالكاظمية»), or place nouns between («في مدينة قم»,
 * "in the holy city of Najaf"). «عشائر البصرة» (Basra's tribes) names Basra as a modifier, not a location.
 */
export function namedAsLocation(doc: Doc, p: PlaceRef): boolean {
  if (/^[وف]?[بل]/u.test(p.attached) || /^[وف]?(?:في|الي|الى|من)$/u.test(p.attached)) return true;
  // «للنجف»: the article merged into the ل, so the match holds the preposition
  if (doc.lex.lang === 'arb' && /^[وف]?$/u.test(p.attached) && doc.words[p.first].slice(p.attached.length).startsWith('لل')) return true;
  for (let i = p.first - 1, nouns = 0; i >= 0 && nouns <= PLACE_NOUN_REACH; i--) {
    if (isCueWord(doc, i, 'locative')) return true;
    // «بمدينة النجف»: the preposition is glued to the place noun
    if (isCueWord(doc, i, 'placeNoun')) {
      if (/^[وف]?[بل]/u.test(doc.words[i]) && doc.lex.lang === 'arb') return true;
      nouns++;
      continue;
    }
    return false;
  }
  return false;
}

/**
 * The place is the post of an office, not where its holder is: «مسؤول مكتب العصائب في طهران», "head of
 * his office in Tehran", «نماینده او در تهران». A place after his own house or office where he is said to
 * be («من مكتبه في بغداد», "at his home in Najaf", «في منزله بالحنانة») is where he is.
 */
export function placeOfOffice(doc: Doc, p: PlaceRef, houseIsHis = false): boolean {
  if (p.inName) return true;
  const s = sentenceOf(doc, p.first);
  for (let i = p.first - 1; i >= Math.max(s.first, p.first - 6); i--) {
    for (const c of doc.cuesAt[i] ?? []) {
      if (c.kind !== 'office' && (c.kind !== 'possession' || houseIsHis)) continue;
      if (c.end > p.first) continue;
      const at = c.first > 0 && (isCueWord(doc, c.first - 1, 'locative') || /^[وف]?[بل]/u.test(doc.words[c.first]));
      // "received a delegation in Tehran": the delegation met there is where the meeting is
      const met = [1, 2, 3, 4, 5].some((k) =>
        (doc.cuesAt[c.first - k] ?? []).some((x) => (x.kind === 'sighting' || x.kind === 'movement') && x.end <= c.first),
      );
      return !at && !met;
    }
    // a predicate between the office and the place takes the place: «مكتبه ... يؤكد وجوده في قم»
    if ((doc.cuesAt[i] ?? []).some((c) => c.kind === 'movement' || c.kind === 'sighting' || c.kind === 'harm' || c.kind === 'speech')) return false;
  }
  return false;
}

/**
 * The places a predicate puts its subject in: named as locations in its clause after it («وصل إلى النجف
 * قادماً من طهران» gives both), in the next clause when that clause is only more places ("in Iran, in
 * Qom"), before it between the subject and a verb that comes last (Persian and Sorani: «در قم حضور دارد»),
 * or opening the sentence ("In Najaf, Sadr met …"). Not the post of an office; a strike on his house in a
 * place («استهداف منزل الصدر في الحنانة») puts him there.
 */
export function placesOf(doc: Doc, cue: Cue, subject: FigureRef | undefined): PlaceRef[] {
  const s = sentenceOf(doc, cue.first);
  const clause = clauseOf(doc, cue.first);
  const out: PlaceRef[] = [];
  const reachEnd = continuedClauses(doc, cue, subject);
  // "received Faleh al-Fayyadh at the palace in Baghdad": count from the object when it follows
  const from = subject && subject.first >= cue.end && subject.first < reachEnd ? subject.end : cue.end;
  const verbLast = doc.lex.lang === 'pes' || doc.lex.lang === 'ckb';
  for (const p of placesBetween(doc, s.first, s.end)) {
    const after = p.first >= cue.end && p.first < reachEnd && p.first - from <= PLACE_REACH && !talkBetween(doc, cue.end, p.first);
    // the verb comes last: the place stands between its subject and it, across appositions
    const between =
      verbLast &&
      p.end <= cue.first &&
      p.first >= (subject && subject.end <= cue.first ? subject.end : clause.first) &&
      !predicateBetween(doc, p.end, cue.first);
    const fronted = p.end <= cue.first && p.first <= s.first + 2;
    if (!after && !between && !fronted) continue;
    if (placeOfOffice(doc, p, cue.kind === 'harm')) continue;
    if (namedAsLocation(doc, p) || objectOfVerb(doc, cue, p)) out.push(p);
  }
  return out;
}

/**
 * Where a predicate's places may lie after it: its clause, and the clauses after it in its sentence that
 * add no predicate or figure of their own ("X attended, on Saturday, a reconciliation in Zubair, Basra";
 * "he is in Iran, in Qom").
 */
function continuedClauses(doc: Doc, cue: Cue, subject: FigureRef | undefined): number {
  const ci = doc.clauseOfWord[cue.first];
  let end = doc.clauses[ci].end;
  for (let k = ci + 1; k < doc.clauses.length && doc.clauses[k].sentence === doc.clauses[ci].sentence; k++) {
    const next = doc.clauses[k];
    const opensWithPlace = placesBetween(doc, next.first, next.end).some((p) => p.first <= next.first + 2 && namedAsLocation(doc, p));
    const ownFigure = figuresBetween(doc, next.first, next.end).some((f) => f.figureId !== subject?.figureId);
    // a new figure, a saying or a harm starts another statement; a meeting or a visit named as the object goes on
    if (!opensWithPlace && (ownFigure || hasCueOf(doc, next.first, next.end, 'harm') || hasSaying(doc, next.first, next.end))) break;
    end = next.end;
  }
  return end;
}

const PREDICATES = new Set<Cue['kind']>(['harm', 'sighting', 'movement', 'assurance']);

function predicateBetween(doc: Doc, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if ((doc.cuesAt[i] ?? []).some((c) => PREDICATES.has(c.kind))) return true;
  return false;
}

function hasCueOf(doc: Doc, from: number, to: number, kind: Cue['kind']): boolean {
  for (let i = from; i < to; i++) if ((doc.cuesAt[i] ?? []).some((c) => c.kind === kind)) return true;
  return false;
}

function hasSaying(doc: Doc, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if ((doc.cuesAt[i] ?? []).some((c) => c.kind === 'speech' || c.kind === 'denial')) return true;
  return false;
}

/** A saying or talk of rumours between a predicate and a place: the place belongs to that («... تتصدر مواقع التواصل في العراق»). */
function talkBetween(doc: Doc, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if ((doc.cuesAt[i] ?? []).some((c) => c.kind === 'speech' || c.kind === 'rumor')) return true;
  return false;
}

const GOES = new Set(['arrive', 'leave', 'travel', 'return']);

/**
 * A place right after a verb of going or visiting, with no preposition: «يصل بغداد», «غادر مدينة قم»,
 * "left Qom", «وارد تهران شد»; Persian marks it with «را» before the verb: «نجف را ترک کرد».
 */
function objectOfVerb(doc: Doc, cue: Cue, p: PlaceRef): boolean {
  const goes = (cue.kind === 'movement' && GOES.has(cue.move ?? '')) || (cue.kind === 'sighting' && cue.sight === 'visit');
  if (!goes || p.attached) return false;
  if (p.first >= cue.end) {
    // «غادر مقتدى الصدر مدينة قم»: the subject may stand between the verb and the place
    const subject = figuresBetween(doc, cue.end, p.first)[0];
    for (let i = cue.end; i < p.first; i++) if (!isCueWord(doc, i, 'placeNoun') && !(subject && i >= subject.first && i < subject.end)) return false;
    return true;
  }
  // the object before the verb: «نجف را ترک کرد», «نەجەفی بەجێهێشت»
  if (doc.lex.lang === 'pes') return doc.words[p.end] === 'را' && cue.first - p.end <= 3;
  return doc.lex.lang === 'ckb' && cue.first - p.end <= 1;
}
