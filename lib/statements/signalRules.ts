import { figureEndingAt, hasCue, originalOfWords, sentenceOf, type Doc, type FigureRef, type PlaceRef, type Span } from './document.ts';
import { alsoSeen, frameSentenceHas, type Frame } from './frames.ts';
import type { HarmKind } from './lexicon.ts';
import { namedAsLocation, placeOfOffice } from './placeOf.ts';
import { aboutNobody, isGovernedByDenial, nearInClause, underRebuttal } from './scope.ts';
import { anaphorAt, isCueWord, ownerOf, topicAt } from './subject.ts';

/** A signal before the speaker is attached; `at` is the words that said it. */
export interface Found {
  type: 'debunk' | 'harm_claim' | 'whereabouts' | 'appearance';
  figureId: string;
  placeId?: string;
  harm?: HarmKind;
  basis?: 'denial' | 'assurance' | 'sighting';
  answersRumor?: boolean;
  at: Span;
}

/** Most words between "held up" and the pictures («رفع آلاف المتظاهرين في ساحة التحرير صور»). */
const DISPLAY_REACH = 14;

/** How far a "not harm" phrase reaches a harm word: «مذكرة ... بحق X بتهمة ... اعتقال». */
const NOT_HARM_REACH = 3;

/**
 * Harm to the figure himself: claimed (reported, relayed, asked about) gives a harm_claim; negated ("was
 * not hurt") or under a denial ("denied reports he was killed") gives a debunk that names the harm. Not:
 * talk of his health without rumour or denial words, a warrant or sanctions, a planned act, "no one was
 * hurt". The place of harm that happened is where he was ("killed in a strike in Jurf al-Sakhar").
 */
export function harmRule(doc: Doc, f: Frame, talk: Set<string>, out: Found[]): void {
  const who = f.subject;
  if (!who || f.cue.kind !== 'harm') return;
  if (f.cue.weak && !f.question && !frameSentenceHas(doc, f, 'rumor') && !frameSentenceHas(doc, f, 'denial')) return;
  if (nearInClause(doc, f.cue, 'notHarm', NOT_HARM_REACH) || f.future) return;
  if (f.negated && aboutNobody(doc, f.cue)) return;
  // "visited wounded fighters at a hospital": the hospital of a visit, not his illness
  if (f.cue.site && actBefore(doc, f)) return;
  talk.add(who.figureId);
  // "days after reports of his death": the claim a sighting answers, recalled, not relayed
  if (underRebuttal(doc, f.cue)) return;
  const at = { first: f.cue.first, end: f.cue.end };
  if (f.negated || f.denied) {
    out.push({ type: 'debunk', figureId: who.figureId, harm: f.cue.harm, basis: f.denied ? 'denial' : 'assurance', at });
    return;
  }
  out.push({ type: 'harm_claim', figureId: who.figureId, harm: f.cue.harm, at });
  if (!f.cue.weak) for (const p of f.places) out.push({ type: 'whereabouts', figureId: who.figureId, placeId: p.placeId, at });
}

/** «في زيارة رسمية», "on an official visit": the visit named as the purpose of being somewhere, not a visit to someone. */
function onAVisit(doc: Doc, f: Frame): boolean {
  return isCueWord(doc, f.cue.first, 'locative') || (f.cue.first > 0 && isCueWord(doc, f.cue.first - 1, 'locative'));
}

/** An arrival, departure, return or journey in the clause of a visit («يصل إلى طهران في زيارة»): a trip, reported. */
function travelInClause(doc: Doc, f: Frame): boolean {
  const clause = doc.clauses[doc.clauseOfWord[f.cue.first]];
  for (let i = clause.first; i < clause.end; i++)
    if ((doc.cuesAt[i] ?? []).some((c) => c.kind === 'movement' && c.move !== 'stay' && (c.first !== f.cue.first || c.end !== f.cue.end)))
      return true;
  return false;
}

/** «إلى», "to", «به», «بۆ»: a preposition of direction, unlike «في» "in". */
function towards(doc: Doc, word: number): boolean {
  return /^(?:الي|to|به|بو|into)$/u.test(doc.words[word]);
}

/** A sighting or an arrival, departure or return before the word in its clause: the act the place belongs to. */
function actBefore(doc: Doc, f: Frame): boolean {
  const clause = doc.clauses[doc.clauseOfWord[f.cue.first]];
  for (let i = clause.first; i < f.cue.first; i++)
    if ((doc.cuesAt[i] ?? []).some((c) => c.kind === 'sighting' || (c.kind === 'movement' && c.move !== 'travel'))) return true;
  return false;
}

/**
 * He is alive, well, unhurt, free («بخير», "in good health", «ساغ و سەلامەتە»): a debunk. Busy or at work
 * ("continues his work", «يتابع دراسته») answers harm only where the text talks of harm or rumours.
 */
export function assuranceRule(doc: Doc, f: Frame, harmTalk: (figureId: string) => boolean, out: Found[]): void {
  const who = f.subject;
  if (!who || f.cue.kind !== 'assurance' || f.negated || f.question || f.future || aboutNobody(doc, f.cue)) return;
  if (f.cue.strength === 'active' && !harmTalk(who.figureId)) return;
  const at = { first: f.cue.first, end: f.cue.end };
  out.push({ type: 'debunk', figureId: who.figureId, basis: 'assurance', at });
  // "in good health and at work in Baghdad": where he is said to be
  for (const p of f.places) out.push({ type: 'whereabouts', figureId: who.figureId, placeId: p.placeId, at });
}

/**
 * He is seen or heard first-hand: footage, a speech, a message, an interview, a meeting (both sides), a
 * visit. Not planned, negated, asked about or old. Where the text talks of harm to him, the sighting answers
 * it: also a debunk (proof of life), unless it is the occasion of the harm ("killed while attending").
 */
export function sightingRule(doc: Doc, f: Frame, talk: ReadonlySet<string>, claimedIn: Set<string>, out: Found[]): void {
  const who = f.subject;
  if (!who || f.cue.kind !== 'sighting' || f.negated || f.future || f.old || f.denied) return;
  // protesters holding up his pictures: posters, not a sighting
  if (f.cue.sight === 'media' && hasCue(doc, Math.max(sentenceOf(doc, f.cue.first).first, f.cue.first - DISPLAY_REACH), f.cue.first, 'display'))
    return;
  // «بعد زيارة إلى إيران», "a visit to Tehran": a trip, reported; not a public visit seen
  const trip =
    f.cue.sight === 'visit' &&
    (f.places.some(
      (p) =>
        !p.site &&
        (p.first === f.cue.end || (p.first - f.cue.end === 1 && isCueWord(doc, f.cue.end, 'locative') && !p.attached && towards(doc, f.cue.end))),
    ) ||
      (onAVisit(doc, f) && travelInClause(doc, f)));
  const si = doc.sentenceOfWord[f.cue.first];
  // "after rumours of his death.. X appears": the rebuttal may stand in the sentence before
  const prev = doc.sentences[si - 1];
  const rebuttal = frameSentenceHas(doc, f, 'rebuttal') || (!!prev && hasCue(doc, prev.first, prev.end, 'rebuttal'));
  const harmTalk = (id: string) => talk.has(id);
  const at = { first: f.cue.first, end: f.cue.end };
  for (const m of [who, ...alsoSeen(doc, f)]) {
    const occasionOfHarm = claimedIn.has(`${si}:${m.figureId}`) && !rebuttal;
    if (occasionOfHarm) continue;
    if (!trip) out.push({ type: 'appearance', figureId: m.figureId, at });
    if (rebuttal || harmTalk(m.figureId)) {
      const answersRumor = rebuttal || frameSentenceHas(doc, f, 'rumor') || frameSentenceHas(doc, f, 'harm');
      out.push({ type: 'debunk', figureId: m.figureId, basis: 'sighting', ...(answersRumor ? { answersRumor } : {}), at });
    }
    for (const p of f.places) out.push({ type: 'whereabouts', figureId: m.figureId, placeId: p.placeId, at });
  }
}

/** He is at, goes to, comes from, leaves a place («وصل إلى النجف قادماً من طهران» gives both). Not planned, negated, denied or asked. */
export function movementRule(doc: Doc, f: Frame, out: Found[]): void {
  const who = f.subject;
  if (!who || f.cue.kind !== 'movement' || f.negated || f.future || f.denied) return;
  // «ویدئویی با عنوان حضور X در قم ... قدیمی است»: an old clip's place
  if (f.old && frameSentenceHas(doc, f, 'sighting')) return;
  for (const p of f.places) out.push({ type: 'whereabouts', figureId: who.figureId, placeId: p.placeId, at: { first: f.cue.first, end: f.cue.end } });
}

/**
 * A figure or a pronoun standing right before a location, with no verb: «قيس الخزعلي في قم», «وهو في
 * قم», "he is in Iran, in Qom", «او در قم است», «ناوبراو لە قومە». Not in a question, under a denial, in
 * a planned trip, or for his house or office («منزل X في بغداد»).
 */
export function presenceRule(doc: Doc, frames: readonly Frame[], harmTalk: (figureId: string) => boolean, out: Found[]): void {
  const harmsByClause = new Map<number, Frame[]>();
  for (const f of frames)
    if (f.cue.kind === 'harm')
      (
        harmsByClause.get(doc.clauseOfWord[f.cue.first]) ?? harmsByClause.set(doc.clauseOfWord[f.cue.first], []).get(doc.clauseOfWord[f.cue.first])!
      ).push(f);
  for (const p of doc.places) {
    if (p.inName || !namedAsLocation(doc, p) || placeOfOffice(doc, p)) continue;
    const s = sentenceOf(doc, p.first);
    // «مقتدى الصدر في طهران؟»: asked, not said; «لقاء مرتقب ... في الحنانة»: planned
    if (s.question || hasCue(doc, s.first, p.first, 'future') || hasCue(doc, s.first, p.end + 2, 'upcoming') || hasCue(doc, s.first, s.end, 'old'))
      continue;
    const holder = holderBefore(doc, p);
    if (!holder) continue;
    const at = { first: holder.from, end: p.end };
    // «اعتقال X في مطار بغداد»: the place of a harm told of him belongs to that harm (claimed, or denied)
    const clause = doc.clauseOfWord[p.first];
    if ((harmsByClause.get(clause) ?? []).some((f) => f.subject === holder.figure)) continue;
    if (isGovernedByDenial(doc, at)) continue;
    out.push({ type: 'whereabouts', figureId: holder.figure.figureId, placeId: p.placeId, at });
    // somewhere, going about his day, where harm to him was talked of: an answer to it
    if (harmTalk(holder.figure.figureId)) out.push({ type: 'debunk', figureId: holder.figure.figureId, basis: 'assurance', at });
  }
}

/** The figure right before a place's preposition, across a copula or an adverb ("is", «حاليا»), or a pronoun standing for him. */
function holderBefore(doc: Doc, p: PlaceRef): { figure: FigureRef; from: number } | undefined {
  const s = sentenceOf(doc, p.first);
  let i = p.first - 1;
  // the preposition and any place nouns: «في مدينة», "in the city of"; none when it is glued on («ببغداد»)
  while (i >= s.first && (isCueWord(doc, i, 'locative') || isCueWord(doc, i, 'placeNoun')) && i > p.first - 5) i--;
  for (let skipped = 0; i >= s.first && skipped <= 2; skipped++) {
    const fig = figureEndingAt(doc, i + 1);
    if (fig) return ownerOf(doc, fig) ? undefined : { figure: fig, from: fig.first };
    const anaphor = anaphorAt(doc, i);
    if (anaphor) {
      const topic = topicAt(doc, i, anaphor === 'honorific');
      return topic && { figure: topic, from: i };
    }
    const stays = (doc.cuesAt[i] ?? []).some((c) => c.kind === 'movement' && c.move === 'stay') || isCueWord(doc, i, 'auxiliary');
    if (!stays) return undefined;
    i--;
  }
  return undefined;
}

/** The original UTF-16 span of a found signal's words. */
export function spanOf(doc: Doc, f: Found): { start: number; end: number } {
  return originalOfWords(doc, f.at);
}
