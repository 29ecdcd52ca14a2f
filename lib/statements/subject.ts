import { clauseOf, cuesIn, figureEndingAt, figuresBetween, originalOfWords, sentenceOf, type Doc, type FigureRef, type Span } from './document.ts';
import type { Cue, CueKind } from './lexicon.ts';

/** Most words between a noun and the figure it governs («مقتل القيادي البارز X»). */
const NOUN_REACH = 4;
/** Most words between a verb and a figure after it in its clause. */
const VERB_REACH = 8;
/** Most words between a noun and its figure when a title stands between. */
const NOUN_FAR_REACH = 8;
/** Sentences back that a pronoun may reach for the figure talked about. */
const TOPIC_REACH = 3;

/** Most words of a title between a relation word and the figure ("bodyguards of the Asaib leader X"). */
const TITLE_WORDS = 7;
const VERBS = new Set<Cue['kind']>(['harm', 'sighting', 'movement', 'speech', 'denial', 'assurance']);

/** Small words that may join a relation word to its figure: "of", "to", «من», «ی». */
const JOINERS = new Set(['of', 'to', 'for', 'from', 'the', 'من', 'لدي', 'از', 'ي', 'له']);

export type Owner = 'kin' | 'entourage' | 'office' | 'possession';

/**
 * What the figure's noun phrase is about when a relation word governs it: «شقيق X» and "X's brother"
 * (his relative), "an aide to X" (his entourage), «مكتب X» (his office), «منزل X» (his house). An
 * appositive kin word ("his brother Laith", «شقيقه ليث») names the figure himself: no owner.
 */
export function ownerOf(doc: Doc, fig: FigureRef): Owner | undefined {
  const clause = clauseOf(doc, fig.first);
  for (let back = 1; back <= TITLE_WORDS + 1 && fig.first - back >= clause.first; back++) {
    const at = fig.first - back;
    // a verb between ends the phrase: «قال مرافقه إن X», "an aide said X"
    if (back > 1 && (doc.cuesAt[at + 1] ?? []).some((c) => VERBS.has(c.kind))) break;
    const here = doc.cuesAt[at] ?? [];
    // «شقيقه ليث» (his brother Laith) names Laith even where the word also reads as a construct
    if (here.some((c) => c.kind === 'kin' && c.form === 'appositive')) continue;
    for (const c of here) {
      if (c.end > fig.first || withArticle(doc, c, fig)) continue;
      const gap = wordsBetween(doc, c.end, fig.first);
      // "bodyguards of Asaib Ahl al-Haq leader Qais al-Khazali": a title may stand between an aide and him;
      // «مسؤول مكتب العصائب في إيران غدير شريف» is his own title, not an office that owns him
      const plain = gap.every((w, i) => JOINERS.has(w) || anaphorAt(doc, c.end + i) !== undefined);
      if (!plain && (gap.length > TITLE_WORDS || c.kind !== 'entourage')) continue;
      const owner = relationOf(c);
      if (owner) return owner;
    }
  }
  // English puts the owner after: "Qais al-Khazali's brother", "Sadr's aide"
  if (doc.lex.lang === 'eng' && /^['’]s\b/u.test(doc.text.slice(fig.stop, fig.stop + 3))) {
    for (const c of doc.cuesAt[fig.end] ?? []) {
      const owner = relationOf(c);
      if (owner) return owner;
    }
  }
  return undefined;
}

/** «الأخ قيس», «المكتب الإعلامي»: an Arabic noun with the article is not in construct with the name after it (unless «لـ» joins them). */
function withArticle(doc: Doc, c: Cue, fig: FigureRef): boolean {
  return doc.lex.lang === 'arb' && /(?:ال|لل)$/u.test(c.prefix) && !/^[وف]?ل/u.test(doc.words[fig.first]);
}

function relationOf(c: Cue): Owner | undefined {
  if (c.kind === 'kin') return c.form === 'construct' ? 'kin' : undefined;
  if (c.kind === 'entourage') return 'entourage';
  if (c.kind === 'office') return 'office';
  if (c.kind === 'possession') return 'possession';
  return undefined;
}

/** Owners that make harm or a sighting someone else's: his relative, his aide, his office. His house is him. */
export function ownedBySomeoneElse(doc: Doc, fig: FigureRef): boolean {
  const o = ownerOf(doc, fig);
  return o === 'kin' || o === 'entourage' || o === 'office';
}

function wordsBetween(doc: Doc, from: number, to: number): string[] {
  return doc.words.slice(from, Math.max(from, to));
}

export function isCueWord(doc: Doc, word: number, kind: CueKind): boolean {
  for (let i = word; i >= 0 && i > word - 4; i--) for (const c of doc.cuesAt[i] ?? []) if (c.kind === kind && c.end > word) return true;
  return false;
}

function figuresIn(doc: Doc, s: Span): FigureRef[] {
  return figuresBetween(doc, s.first, s.end);
}

/**
 * The figure a noun governs: the first one after it in its clause, a few words on («مقتل X», "the killing
 * of X", «ترور X», «کوشتنی X»), or in English the one before it with 's ("X's death").
 */
export function objectOfNoun(doc: Doc, cue: Cue): FigureRef | undefined {
  const clause = clauseOf(doc, cue.end - 1);
  // «مقتل X», «اغتيال الشيخ X»; further on, not a figure that starts a statement of its own with its verb
  const startsOwn = (f: FigureRef) => f.first - cue.end > 1 && (doc.cuesAt[f.end] ?? []).some((c) => VERBS.has(c.kind) && c.form !== 'noun');
  const after = figuresIn(doc, clause).find((f) => f.first >= cue.end && f.first - cue.end <= NOUN_REACH);
  if (after && !startsOwn(after)) return after;
  // a title between: «اختطاف مسؤول مكتب العصائب في إيران غدير شريف»; not a new subject with its verb
  // («مقتل قيادي في الحشد مقتدى الصدر يعزي»)
  const far = figuresIn(doc, clause).find((f) => f.first >= cue.end && f.first - cue.end <= NOUN_FAR_REACH);
  if (far && !startsOwn(far) && !predicateBetween(doc, cue.end, far.first)) return far;
  if (doc.lex.lang === 'eng') {
    const before = figuresIn(doc, clause).filter((f) => f.end === cue.first && /^['’]s\b/u.test(doc.text.slice(f.stop, f.stop + 3)));
    if (before.length) return before[0];
  }
  return undefined;
}

/**
 * The figure talked about at a word: the nearest one before it in its sentence, else the last one of the
 * sentences before; at the very start of a text, the first one after it in the next two sentences
 * («بعد أنباء عن اعتقاله.. أبو فدك يظهر»). A figure named as someone's relative or aide («نجل X», "an
 * aide to X") is not the one talked about, unless an honorific points to him («والشيخ بخير») or the aide
 * is the one speaking («مستشار X يفند مزاعم تعرضه لمحاولة اغتيال»).
 */
export function topicAt(doc: Doc, word: number, viaHonorific = false, cataphora = false): FigureRef | undefined {
  const s = sentenceOf(doc, word);
  let found = figuresBetween(doc, s.first, word).at(-1);
  if (!found) {
    const si = doc.sentenceOfWord[word];
    for (let back = 1; back <= TOPIC_REACH && !found; back++) {
      const prev = doc.sentences[si - back];
      if (!prev) break;
      found = figuresIn(doc, prev).at(-1);
    }
  }
  // a headline that names him after the pronoun: «بعد أنباء عن اعتقاله.. أبو فدك يظهر»
  if (!found && cataphora && figuresBetween(doc, 0, word).length === 0) {
    const next = doc.sentenceOfWord[word] === 0 ? doc.sentences[1] : undefined;
    found = figuresBetween(doc, word, next ? next.end : s.end)[0];
  }
  if (!found || viaHonorific) return found;
  const o = ownerOf(doc, found);
  if (o === 'kin') return undefined;
  if (o === 'entourage') return speaksAfter(doc, found) ? found : undefined;
  return found;
}

/** A verb of saying or denying within a few words after the phrase: its owner is the one speaking. */
function speaksAfter(doc: Doc, fig: FigureRef): boolean {
  for (let i = fig.end; i < Math.min(doc.words.length, fig.end + 3); i++)
    if ((doc.cuesAt[i] ?? []).some((c) => c.kind === 'speech' || c.kind === 'denial')) return true;
  return false;
}

/** A pronoun («وهو», "he") or an honorific («الشيخ», "the cleric") at a word. */
export function anaphorAt(doc: Doc, word: number): 'pronoun' | 'honorific' | undefined {
  if (isCueWord(doc, word, 'honorific')) return 'honorific';
  if (isCueWord(doc, word, 'pronoun')) return 'pronoun';
  return undefined;
}

/** The nearest pronoun or honorific just before the word in its clause («وهو», "he was", «سماحته»), if any. */
export function anaphorBefore(doc: Doc, word: number, limit = 3): { at: number; kind: 'pronoun' | 'honorific' } | undefined {
  const clause = clauseOf(doc, word);
  let nearest: { at: number; kind: 'pronoun' | 'honorific' } | undefined;
  for (let i = word - 1; i >= Math.max(clause.first, word - limit); i--) {
    const kind = anaphorAt(doc, i);
    // "the sheikh himself is fine": the honorific says who, the pronoun only echoes it
    if (kind === 'honorific') return { at: i, kind };
    if (kind && !nearest) nearest = { at: i, kind };
  }
  return nearest;
}

/**
 * The figure a verb is about, active or passive: the nearer of the figures around it in its clause
 * («أصيب ليث الخزعلي», «ليث الخزعلي أصيب», "X was killed"). A pronoun or honorific nearer than a figure
 * stands for the one talked about ("X's office said he is fine", «سلامة الشيخ»); so does a verb whose
 * own subject is left out (Arabic «وأصيب بجروح», Persian and Sorani verbs ending the clause).
 */
export function argumentOfVerb(doc: Doc, cue: Cue): FigureRef | undefined {
  return verbArgument(doc, cue).fig;
}

/** The figure a verb is about, and whether it stands in the verb's own phrase (`direct`) or is reached through a pronoun. */
function verbArgument(doc: Doc, cue: Cue): { fig?: FigureRef; direct: boolean } {
  const clause = clauseOf(doc, cue.first);
  const inClause = figuresIn(doc, clause);
  const before = inClause.filter((f) => f.end <= cue.first).at(-1);
  const after = inClause.find((f) => f.first >= cue.end && f.first - cue.end <= VERB_REACH && !predicateBetween(doc, cue.end, f.first));
  const via = (fig: FigureRef | undefined) => ({ fig, direct: false });
  // «حال ایشان خوب است»: a pronoun inside the phrase itself
  for (let i = cue.first; i < cue.end; i++) {
    const inside = anaphorAt(doc, i);
    if (inside && (!before || ownedBySomeoneElse(doc, before))) return via(topicAt(doc, i, inside === 'honorific'));
  }
  // a pronoun nearer than the figure: "X's office said he is fine", «دفتر X اعلام کرد که او ... حالش خوب است»
  const anaphor = anaphorBefore(doc, cue.first, before ? cue.first - before.end : 3);
  if (anaphor && (!before || anaphor.at >= before.end)) return via(topicAt(doc, anaphor.at, anaphor.kind === 'honorific'));
  // «تؤكد سلامة الشيخ»: an honorific right after a noun
  const next = cue.end < clause.end ? anaphorAt(doc, cue.end) : undefined;
  if (next && !before && (!after || after.first > cue.end + 1)) return via(topicAt(doc, cue.end, next === 'honorific'));
  if (before && after) return { fig: after.first - cue.end < cue.first - before.end ? after : before, direct: true };
  if (before || after) return { fig: before ?? after, direct: true };
  // «خلال استقباله وفداً»: an Arabic verbal noun with his pronoun glued on
  if (carriesPronoun(doc, cue)) return via(topicAt(doc, cue.first));
  // «أنه موجود في قم وبصحة جيدة», "is in Qom and in good health": joined to a predicate before it, its subject
  const joinedTo = coordinatedWith(doc, cue);
  if (joinedTo) return via(joinedTo);
  if (subjectLeftOut(doc, cue)) return via(doc.lex.lang === 'arb' ? topicAt(doc, cue.first) : sentenceSubject(doc, cue.first));
  const object = cue.sight === 'meeting' || cue.sight === 'visit' ? objectInLaterClause(doc, cue) : undefined;
  if (object) return { fig: object, direct: true };
  return via(frontedPhraseSubject(doc, cue) ?? parentheticalSubject(doc, cue));
}

/** The subject of the predicate this one is joined to by «و» / "and" in its clause, if any. */
function coordinatedWith(doc: Doc, cue: Cue): FigureRef | undefined {
  const clause = clauseOf(doc, cue.first);
  const joined = /^و/u.test(doc.words[cue.first]) || doc.words[cue.first - 1] === 'and' || doc.words[cue.first - 1] === 'و';
  if (!joined) return undefined;
  for (let i = cue.first - 1; i >= Math.max(clause.first, cue.first - 6); i--) {
    const prev = (doc.cuesAt[i] ?? []).find((c) => (c.kind === 'movement' || c.kind === 'assurance' || c.kind === 'sighting') && c.end <= cue.first);
    if (prev) return prev.kind === cue.kind && prev.first === cue.first ? undefined : argumentOfVerb(doc, prev);
  }
  return undefined;
}

/** «استقباله», «لقائه», «زيارته»: the word ends in the pronoun «ه» as written (not «ة», which folds the same). */
function carriesPronoun(doc: Doc, cue: Cue): boolean {
  if (doc.lex.lang !== 'arb' || (cue.kind !== 'sighting' && cue.kind !== 'movement')) return false;
  const { end } = originalOfWords(doc, { first: cue.end - 1, end: cue.end });
  return /[\u0647][\u064b-\u065f]*$/u.test(doc.text.slice(Math.max(0, end - 3), end)) && !/^[وف]?ال/u.test(doc.words[cue.end - 1]);
}

/**
 * «استقبل رئيس الوزراء، اليوم الأحد، الأمين العام لمنظمة بدر هادي العامري»: the one received may stand in a
 * later clause of the sentence, past a time or a title, with no other verb between.
 */
function objectInLaterClause(doc: Doc, cue: Cue): FigureRef | undefined {
  const ci = doc.clauseOfWord[cue.first];
  for (let k = ci + 1; k < doc.clauses.length && doc.clauses[k].sentence === doc.clauses[ci].sentence; k++) {
    const c = doc.clauses[k];
    if (c.first - cue.end > VERB_REACH * 2 || predicateBetween(doc, cue.end, c.first)) return undefined;
    const fig = figuresIn(doc, c).find((f) => !predicateBetween(doc, c.first, f.first));
    if (fig) return fig;
    if (hasSaying(doc, c.first, c.end)) return undefined;
  }
  return undefined;
}

function hasSaying(doc: Doc, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if ((doc.cuesAt[i] ?? []).some((c) => c.kind === 'speech' || c.kind === 'denial')) return true;
  return false;
}

/** «وقال الخزعلي، في مؤتمر صحفي عقده في بغداد، إن ...»: a phrase set off by commas right after a figure is about him. */
function parentheticalSubject(doc: Doc, cue: Cue): FigureRef | undefined {
  const ci = doc.clauseOfWord[cue.first];
  const prev = doc.clauses[ci - 1];
  if (!prev || prev.sentence !== doc.clauses[ci].sentence || cue.first - doc.clauses[ci].first > 3) return undefined;
  const fig = figuresIn(doc, prev).at(-1);
  return fig && prev.end - fig.end <= 1 && !ownedBySomeoneElse(doc, fig) ? fig : undefined;
}

/**
 * The subject of a sentence whose verb stands in a later clause: its first figure that is not someone's
 * relative, aide or office ("Laith al-Khazali, the brother of Qais al-Khazali, was detained", «لیث
 * الخزعلی، برادر قیس الخزعلی، ... بازداشت شد»). With no figure in the sentence, a pronoun opening it
 * stands for the one talked about; a sentence opening with another noun ("The envoy, …, met") has its own.
 */
export function sentenceSubject(doc: Doc, word: number): FigureRef | undefined {
  const s = sentenceOf(doc, word);
  const first = figuresIn(doc, { first: s.first, end: word }).find((f) => !ownedBySomeoneElse(doc, f));
  if (first) return first;
  if (figuresIn(doc, { first: s.first, end: word }).length) return undefined;
  const opener = anaphorAt(doc, s.first);
  if (opener) return topicAt(doc, s.first, opener === 'honorific');
  const relation = cuesIn(doc, s.first, word).some((c) => c.kind === 'office' || c.kind === 'entourage' || c.kind === 'kin' || c.kind === 'source');
  return doc.lex.lang !== 'eng' && !relation ? topicAt(doc, word) : undefined;
}

/** "In a video message broadcast on Sunday, Muqtada al-Sadr urged …": a fronted phrase's subject is the next clause's. */
function frontedPhraseSubject(doc: Doc, cue: Cue): FigureRef | undefined {
  const ci = doc.clauseOfWord[cue.first];
  const s = sentenceOf(doc, cue.first);
  if (doc.clauses[ci].first !== s.first) return undefined;
  const next = doc.clauses[ci + 1];
  if (!next || next.sentence !== doc.sentenceOfWord[cue.first]) return undefined;
  const fig = figuresIn(doc, next).find((f) => f.first <= next.first + 2);
  return fig && !ownedBySomeoneElse(doc, fig) ? fig : undefined;
}

function predicateBetween(doc: Doc, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if ((doc.cuesAt[i] ?? []).some((c) => VERBS.has(c.kind))) return true;
  return false;
}

/**
 * Whether a verb stands without a subject of its own, so its subject is the one talked about: an Arabic verb
 * opening its clause and followed by a preposition or nothing («وأصيب بجروح»), an English verb phrase
 * opening a clause after the subject's ("Ghadir Sharif, who …, was seen"), a Persian or Sorani verb ending
 * a clause that names no one.
 */
function subjectLeftOut(doc: Doc, cue: Cue): boolean {
  const clause = clauseOf(doc, cue.first);
  const opensClause = () => {
    if (cue.first - clause.first > 2) return false;
    for (let i = clause.first; i < cue.first; i++)
      if (!(doc.cuesAt[i] ?? []).length && !isCueWord(doc, i, 'auxiliary') && doc.words[i].length > 3) return false;
    return true;
  };
  switch (doc.lex.lang) {
    case 'eng':
      return clause.first > sentenceOf(doc, cue.first).first && opensClause();
    case 'pes':
    case 'ckb':
      return true;
    case 'arb': {
      if (!opensClause()) return false;
      const next = cue.end;
      if (next >= clause.end) return true;
      const w = doc.words[next];
      return /^[بلف]/u.test(w) || isCueWord(doc, next, 'locative') || isCueWord(doc, next, 'auxiliary') || isCueWord(doc, next, 'cause');
    }
  }
}

/**
 * A relative clause: «عائلة الشهيد الذي قتل», "the aide who was arrested". The verb is about the noun
 * before the pronoun: that figure when it is one, else nobody (`null`). `undefined` when there is no
 * relative pronoun before the verb.
 */
export function relativeAntecedent(doc: Doc, cue: Cue): FigureRef | null | undefined {
  for (let i = cue.first - 1; i >= Math.max(0, cue.first - 3); i--) {
    const rel = (doc.cuesAt[i] ?? []).find((c) => c.kind === 'relative');
    if (!rel) continue;
    const between = wordsBetween(doc, rel.end, cue.first);
    if (!between.every((_, k) => isCueWord(doc, rel.end + k, 'auxiliary') || isCueWord(doc, rel.end + k, 'rumor'))) return undefined;
    const antecedent = figureEndingAt(doc, rel.first) ?? figureEndingAt(doc, rel.first - 1);
    return antecedent && !ownedBySomeoneElse(doc, antecedent) ? antecedent : null;
  }
  return undefined;
}

/** Whether the word list says «his» right before a noun ("his death"): then the noun points back. */
function possessiveBefore(doc: Doc, cue: Cue): boolean {
  if (cue.first === 0) return false;
  const w = doc.words[cue.first - 1];
  return w === 'his' || w === 'her';
}

/** Persian and Sorani put the pronoun after the noun: «ترور او», «کشته شدن وی». */
function possessiveAfter(doc: Doc, cue: Cue): boolean {
  const w = doc.words[cue.end];
  return w === 'او' || w === 'وي' || w === 'ايشان' || w === 'خود' || w === 'ناوبراو';
}

/**
 * A noun with no victim of its own after a word of cause («إثر وعكة», «تعرضه لوعكة», "due to illness") is
 * about the subject of the predicate before it in its clause («نقل X إلى المستشفى إثر جلطة»); «الذي توفي إثر
 * مرض» is the relative's illness, so no one tracked. With no predicate before it, the one talked about.
 */
function causeOf(doc: Doc, cue: Cue): FigureRef | undefined {
  const clause = clauseOf(doc, cue.first);
  for (let i = cue.first - 2; i >= clause.first; i--) {
    const before = (doc.cuesAt[i] ?? []).find((c) => VERBS.has(c.kind) && c.kind !== 'speech' && c.kind !== 'denial');
    if (!before) continue;
    if (relativeAntecedent(doc, before) === null) return undefined;
    return before.form === 'noun' ? objectOfNoun(doc, before) : argumentOfVerb(doc, before);
  }
  return topicAt(doc, cue.first, false, true);
}

function afterCause(doc: Doc, cue: Cue): boolean {
  return cue.first > 0 && isCueWord(doc, cue.first - 1, 'cause');
}

/** Words after an English verb that show it is passive or intransitive ("X killed in a strike"). */
const AFTER_PASSIVE = new Set([
  'in',
  'by',
  'at',
  'on',
  'near',
  'during',
  'while',
  'after',
  'when',
  'with',
  'following',
  'outside',
  'inside',
  'as',
  'and',
  'last',
  'early',
  'late',
  'overnight',
  'yesterday',
  'today',
  'earlier',
  'this',
  'two',
  'three',
  'days',
  'hours',
  'reportedly',
  'amid',
  'over',
  'near',
  'close',
  'from',
  'for',
]);
/** Harm verbs that take an object ("attacked the government"); fleeing and falling ill do not. */
const TRANSITIVE = new Set(['death', 'injury', 'strike', 'arrest']);
const BE = new Set(['was', 'were', 'been', 'is', 'are', 'being', 'be', 'got', 'gets', 'get', 'reportedly', 'allegedly']);

/**
 * "Qais al-Khazali attacked the government", "Sadr hit out at": an English verb in the active voice with
 * its object after it makes the figure before it the one who acts, not the one harmed.
 */
function activeAgent(doc: Doc, cue: Cue, fig: FigureRef): boolean {
  if (doc.lex.lang !== 'eng' || cue.form !== 'verb' || fig.end > cue.first || !TRANSITIVE.has(cue.harm ?? 'flight')) return false;
  const prev = doc.words[cue.first - 1];
  if ((prev && BE.has(prev)) || BE.has(doc.words[cue.first])) return false;
  const clause = clauseOf(doc, cue.first);
  const next = doc.words[cue.end];
  return cue.end < clause.end && next !== undefined && !AFTER_PASSIVE.has(next);
}

/**
 * The figure a predicate is about, by its grammar: a noun governs the figure after it, a possessive form
 * points back to the figure talked about, a verb takes the nearer figure in its clause. A figure named as
 * someone's relative, aide or office («نجل X», "an aide to X», «مكتب X») is not the one it is about.
 */
export function subjectOf(doc: Doc, cue: Cue): FigureRef | undefined {
  const relative = relativeAntecedent(doc, cue);
  if (relative === null) return undefined;
  if (relative) return relative;
  let fig: FigureRef | undefined;
  let direct = true;
  if (cue.form === 'possessive' || (cue.form === 'noun' && (possessiveBefore(doc, cue) || possessiveAfter(doc, cue)))) {
    fig = topicAt(doc, cue.first, false, true);
    direct = false;
  } else if (cue.form === 'noun') {
    fig = objectOfNoun(doc, cue);
    if (!fig && afterCause(doc, cue)) {
      fig = causeOf(doc, cue);
      direct = false;
    }
  } else {
    ({ fig, direct } = verbArgument(doc, cue));
    if (fig && cue.kind === 'harm' && activeAgent(doc, cue, fig)) return undefined;
  }
  if (!fig) return undefined;
  return direct && ownedBySomeoneElse(doc, fig) ? undefined : fig;
}
