import { clauseOf, sentenceOf, type Doc, type FigureRef, type PlaceRef } from './document.ts';
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
  if (p.attached === '' && doc.lex.lang === 'arb' && /^[وف]?لل/u.test(doc.words[p.first])) return true;
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
export function placeOfOffice(doc: Doc, p: PlaceRef): boolean {
  const s = sentenceOf(doc, p.first);
  for (let i = p.first - 1; i >= Math.max(s.first, p.first - 6); i--) {
    for (const c of doc.cuesAt[i] ?? []) {
      if (c.kind !== 'office' && c.kind !== 'possession') continue;
      if (c.end > p.first) continue;
      const at = c.first > 0 && (isCueWord(doc, c.first - 1, 'locative') || /^[وف]?[بل]/u.test(doc.words[c.first]));
      return !at;
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
 * or opening the sentence ("In Najaf, Sadr met …"). Not the post of an office.
 */
export function placesOf(doc: Doc, cue: Cue, subject: FigureRef | undefined): PlaceRef[] {
  const s = sentenceOf(doc, cue.first);
  const clause = clauseOf(doc, cue.first);
  const out: PlaceRef[] = [];
  let reachEnd = clause.end;
  // "he is in Iran, in Qom": a clause that opens with a place continues the list
  for (let ci = doc.clauseOfWord[cue.first] + 1; ci < doc.clauses.length; ci++) {
    const next = doc.clauses[ci];
    if (next.sentence !== doc.clauses[doc.clauseOfWord[cue.first]].sentence) break;
    const opens = doc.places.find((p) => p.first >= next.first && p.first <= next.first + 2 && namedAsLocation(doc, p));
    if (!opens) break;
    reachEnd = next.end;
  }
  const verbLast = doc.lex.lang === 'pes' || doc.lex.lang === 'ckb';
  for (const p of doc.places) {
    if (p.first < s.first || p.end > s.end) continue;
    const after = p.first >= cue.end && p.first < reachEnd && p.first - cue.end <= PLACE_REACH && !talkBetween(doc, cue.end, p.first);
    const between = verbLast && p.end <= cue.first && p.first >= Math.max(clause.first, subject ? subject.end : clause.first);
    const fronted = p.end <= cue.first && p.first <= s.first + 2;
    if (!after && !between && !fronted) continue;
    if (placeOfOffice(doc, p)) continue;
    if (namedAsLocation(doc, p) || objectOfVerb(doc, cue, p)) out.push(p);
  }
  return out;
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
    for (let i = cue.end; i < p.first; i++) if (!isCueWord(doc, i, 'placeNoun')) return false;
    return true;
  }
  return doc.lex.lang === 'pes' && doc.words[p.end] === 'را' && cue.first - p.end <= 3;
}
