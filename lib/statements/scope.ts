import { clauseOf, cuesIn, figuresBetween, hasCue, sentenceOf, type Doc, type Sentence, type Span } from './document.ts';
import type { Cue } from './lexicon.ts';
import { isCueWord } from './subject.ts';

/**
 * What modifies one predicate: its negation, a denial governing it, its tense and mood. Each is read from
 * the predicate's own clause or sentence, never from the whole text, so "he was not at the meeting" negates
 * the meeting only, and a denial in one sentence does not reach a claim two sentences on.
 */

/**
 * A negator right before the predicate, across helper words only («لم يتعرض», "was not hurt", "has not
 * been arrested"), or a word that is negated in itself (Persian «کشته نشده»). «لا أنباء عن إصابته» ("no
 * word on his injury") negates the news, not the injury: a noun between stops the negation.
 */
export function isNegated(doc: Doc, cue: Cue): boolean {
  return negatedHere(doc, cue) || objectOfNegatedVerb(doc, cue);
}

function negatedHere(doc: Doc, cue: Cue): boolean {
  if (cue.negated) return true;
  const clause = clauseOf(doc, cue.first);
  for (let i = cue.first - 1, skipped = 0; i >= clause.first && skipped <= 2; i--, skipped++) {
    if ((doc.cuesAt[i] ?? []).some((c) => c.kind === 'negation' && c.end <= cue.first)) return true;
    if (!isCueWord(doc, i, 'auxiliary')) return false;
  }
  return false;
}

const PREDICATES = new Set<Cue['kind']>(['harm', 'sighting', 'movement', 'assurance']);
/** What a negated verb's object can be: a meeting not attended, a place not visited. */
const OBJECTS = new Set<Cue['kind']>(['sighting', 'movement']);

/**
 * "did not attend the meeting", «لم يحضر زعيم التيار الاجتماع»: the object of a negated verb in its clause
 * is negated with it, past its subject; another predicate between ends the reach.
 */
function objectOfNegatedVerb(doc: Doc, cue: Cue): boolean {
  if (!OBJECTS.has(cue.kind)) return false;
  const clause = clauseOf(doc, cue.first);
  for (let i = cue.first - 1; i >= Math.max(clause.first, cue.first - OBJECT_REACH); i--) {
    const preds = (doc.cuesAt[i] ?? []).filter((c) => PREDICATES.has(c.kind) && c.end <= cue.first);
    if (preds.length) return preds.some((c) => negatedHere(doc, c));
  }
  return false;
}

/** Most words from a negated verb to its object («لم يحضر زعيم التيار الصدري مقتدى الصدر الاجتماع»). */
const OBJECT_REACH = 8;

/** "no one was hurt", «دون إصابات»: the negated harm in this clause is about nobody. */
export function aboutNobody(doc: Doc, cue: Cue): boolean {
  const clause = clauseOf(doc, cue.first);
  return hasCue(doc, clause.first, clause.end, 'nobody');
}

/** An old picture or clip is named in the sentence: «الصورة المتداولة قديمة», "file footage". */
export function oldPictureIn(doc: Doc, s: Sentence): boolean {
  return hasCue(doc, s.first, s.end, 'old') && cuesIn(doc, s.first, s.end, 'sighting').some((c) => c.sight === 'media');
}

function deniesOnItsOwn(doc: Doc, s: Sentence): boolean {
  return hasCue(doc, s.first, s.end, 'denial') || oldPictureIn(doc, s);
}

/**
 * Whether a denial governs the predicate: a denial word in its sentence («نفى ... مقتله», "reports of his
 * death are baseless", «خبر ترور او را تکذیب کرد»), or an old picture said to show it; or, in the sentence
 * just before or after, a denial that names no other harm and no other figure («مقتل X؟ الخبر عار عن
 * الصحة»).
 */
export function isDenied(doc: Doc, cue: Cue, subjectId: string | undefined): boolean {
  const si = doc.sentenceOfWord[cue.first];
  const s = doc.sentences[si];
  // a denial before it in its sentence; after it only where the claim is reported ("reports he was killed are false")
  if (hasCue(doc, s.first, cue.first, 'denial') || oldPictureIn(doc, s)) return true;
  const clause = clauseOf(doc, cue.first);
  if (hasCue(doc, cue.end, clause.end, 'denial') && hasCue(doc, clause.first, cue.first + 1, 'rumor')) return true;
  // «اعتقال X: شائعة جديدة تنفيها العصائب»: the claim named a rumour, then denied, in its sentence
  const denialAfter = cuesIn(doc, cue.end, s.end, 'denial')[0];
  if (denialAfter && hasCue(doc, cue.end, denialAfter.first + 1, 'rumor')) return true;
  if (hasCue(doc, cue.end, s.end, 'denial') && (doc.lex.lang === 'pes' || doc.lex.lang === 'ckb') && hasCue(doc, s.first, cue.first + 1, 'rumor'))
    return true;
  for (const ni of [si - 1, si + 1]) {
    const n = doc.sentences[ni];
    if (!n || !deniesOnItsOwn(doc, n) || hasCue(doc, n.first, n.end, 'harm')) continue;
    const others = figuresBetween(doc, n.first, n.end).filter((f) => f.figureId !== subjectId);
    if (others.length === 0) return true;
  }
  return false;
}

/**
 * Whether a denial governs a sighting or a move: a denial before it in its clause with no other claim or
 * saying between («نفى لقاءه بـX», "denied he fled to Iran"), or a claim-false word after it in its clause
 * ("reports that he left Iraq are false"). "denied reports of his death, saying he is in Qom" denies the
 * death, not Qom.
 */
export function isGovernedByDenial(doc: Doc, at: Span): boolean {
  const clause = clauseOf(doc, at.first);
  const s = sentenceOf(doc, at.first);
  // past its own clause only where the claim is reported talk («نفى ... ما تداولته مواقع عن لقاء ...»)
  const reported = hasCue(doc, clause.first, at.first, 'rumor');
  for (let i = at.first - 1; i >= (reported ? s.first : clause.first); i--) {
    const here = doc.cuesAt[i] ?? [];
    if (here.some((c) => c.kind === 'denial' && c.end <= at.first)) return true;
    if (here.some((c) => c.kind === 'speech' || c.kind === 'harm' || c.kind === 'assurance')) return false;
  }
  // "reports that he left Iraq are false": a claim-false word after a reported claim
  return hasCue(doc, clause.first, at.first, 'rumor') && hasCue(doc, at.end, clause.end, 'denial');
}

/**
 * Planned, not done: a future prefix on the word («سيزور»), a future or purpose word before it in its
 * clause ("will visit", "arrived to attend", «من المقرر أن يزور»), a future word after it before the next
 * predicate («... الأسبوع المقبل», «دیدار خواهد کرد»), or an adjective right after it («لقاء مرتقب»); an
 * adjective of another noun («انتخابات پیش رو») marks that noun only.
 */
export function isFuture(doc: Doc, cue: Cue): boolean {
  if (cue.future) return true;
  const clause = clauseOf(doc, cue.first);
  // "will visit", «لزيارة» (a purpose holding the word itself), «برای شرکت در»
  const before = cuesIn(doc, Math.max(clause.first, cue.first - 6), cue.first + 1);
  // a purpose reaches what it is about, a word or two on: a Persian verb after its purpose («برای شرکت در کنفرانسی به تهران سفر کرد») is done
  const reaches = (c: Cue) => c.kind === 'future' || (c.kind === 'purpose' && cue.first - c.end <= 2);
  if (before.some((c) => reaches(c) && c.end <= cue.end && !(c.first === cue.first && c.end < cue.end))) return true;
  // after it, up to the next predicate: «يتوجه إلى طهران الأسبوع المقبل», «... دیدار خواهد کرد»
  for (let i = cue.end; i < Math.min(clause.end, cue.end + 6); i++) {
    const here = doc.cuesAt[i] ?? [];
    if (here.some((c) => c.kind === 'future' || (c.kind === 'upcoming' && i - cue.end <= 1))) return true;
    if (here.some((c) => PREDICATES.has(c.kind))) return false;
  }
  return false;
}

/** The predicate stands in a question («هل قتل X؟», "Was X arrested?"). */
export function isQuestion(doc: Doc, cue: Cue): boolean {
  return sentenceOf(doc, cue.first).question;
}

/** The sighting is of an old picture or clip: an old-word in its sentence. */
export function isOld(doc: Doc, cue: Cue): boolean {
  const s = sentenceOf(doc, cue.first);
  return hasCue(doc, s.first, s.end, 'old');
}

/** A cue of a kind in the predicate's sentence. */
export function inSentence(doc: Doc, cue: Cue, kind: Cue['kind']): boolean {
  const s = sentenceOf(doc, cue.first);
  return hasCue(doc, s.first, s.end, kind);
}

/** A cue of a kind within a few words around the predicate in its clause («مذكرة اعتقال», "sanctions targeting"). */
export function nearInClause(doc: Doc, cue: Cue, kind: Cue['kind'], reach: number): boolean {
  const clause = clauseOf(doc, cue.first);
  return hasCue(doc, Math.max(clause.first, cue.first - reach), Math.min(clause.end, cue.end + reach), kind);
}

/**
 * The predicate recalls the claim a sighting or assurance answers: a rebuttal before it in its sentence
 * ("after reports of his death", «بعد الحديث عن اعتقاله», "who was reported killed"). Talk of harm, not a claim.
 */
export function underRebuttal(doc: Doc, cue: Cue): boolean {
  const s = sentenceOf(doc, cue.first);
  const clause = clauseOf(doc, cue.first);
  if (cuesIn(doc, Math.min(clause.first, Math.max(s.first, cue.first - 8)), cue.first + 1, 'rebuttal').some((c) => c.first <= cue.first)) return true;
  // "after injury reports", «بعد أيام من تداول تقارير عن مقتله», «دوای ئەوەی دەنگۆی برینداربوونی»
  const rumours = cuesIn(doc, s.first, cue.first + 1, 'rumor').filter((c) => c.first <= cue.first);
  return rumours.some((r) => cuesIn(doc, Math.max(s.first, r.first - SINCE_REACH), r.first + 1, 'since').some((c) => c.first <= r.first));
}

/** Most words between "after" and the talk it introduces («بعد أربعة أيام من تداول تقارير»). */
const SINCE_REACH = 12;
