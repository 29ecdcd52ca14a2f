import type { Lang } from '../text/detectLanguage.ts';
import type { Mention } from '../text/matchFigures.ts';
import { normalizeArabic, originalSpan } from '../text/normalizeArabic.ts';
import {
  findCues,
  followedByKin,
  isHarmLike,
  locativeBefore,
  negatedBefore,
  precededByEntourage,
  precededByKin,
  precededByPossession,
  type Cue,
} from './cues.ts';
import type { PlaceMention } from './matchPlaces.ts';

export type SignalType = 'debunk' | 'harm_claim' | 'whereabouts' | 'appearance';

export type HarmKind = 'death' | 'injury' | 'strike' | 'arrest' | 'illness' | 'flight';

/** What a text says about one figure. start/end (UTF-16, original text) mark the words that said it. */
export interface Signal {
  type: SignalType;
  figureId: string;
  /** whereabouts only: where he is said to be, to go, or to have left */
  placeId?: string;
  start?: number;
  end?: number;
  /** harm_claim: the harm claimed; debunk: the harm the denial answers, when the text says */
  harm?: HarmKind;
  /** debunk only: how it answers — a denial word, an assurance (alive, well, busy), or a sighting/proof of life */
  basis?: 'denial' | 'assurance' | 'sighting';
  /** the text names an earlier rumor it answers ("days after reports of his death") */
  answersRumor?: boolean;
  /** who the text credits with the statement, when it names one (an office, a spokesman, a tracked figure) */
  speaker?: { text: string; figureId?: string; start: number; end: number };
}

/** Spans below are offsets into the folded text. */
interface Fig {
  figureId: string;
  start: number;
  end: number;
}
interface Plc {
  placeId: string;
  start: number;
  end: number;
  country: boolean;
  /** letters glued to the front of the name in the original («ب» of «ببغداد») */
  attached: string;
}
interface Segment {
  start: number;
  end: number;
}
interface Sentence extends Segment {
  clauses: Segment[];
  question: boolean;
}

// a sentence ends at . ! ? ؟ ; ؛ | or a line break; contrastive links («فيما», "while") start a new one
const SENTENCE_END = /[.!?؟;؛|\n]+|\s(?:فيما|بينما|في حين|وفي حين|في حين ان|while|whereas|but|لكن|ولكن|اما)\s/gu;
// a clause ends at a comma, colon or dash: pronouns and wellness phrases may reach back across it
const CLAUSE_END = /[،,:—–]|\s-\s/gu;
const PRONOUN = /(?<![\p{L}\p{N}])(?:he|his|him|هو|وهو|انه|بانه|وانه|او|وی|ایشان|سماحته|الشيخ|السيد|شیخ)(?![\p{L}\p{N}])/u;
// an old picture: not a sighting, and the answer to a claim it was shown for («قتل X؟ الصورة المتداولة قديمة»)
const PICTURE =
  /(?<![\p{L}\p{N}])[وفبل]?(?:ال)?(?:صوره|صور|فيديو|مقطع|تصوير|عكس|ويدئو|ويديو|photo|photos|picture|image|video|footage|clip)(?![\p{L}\p{N}])/u;
const STALE = /(?<![\p{L}\p{N}-])(?:قديمه|قديم|ليست حديثه|تعود لعام|تعود الى عام|قديمي|old|archive|archived)(?![\p{L}\p{N}-])/u;
// a relative pronoun just before a harm verb: the verb is about the noun before the pronoun («الشهيد الذي قتل»)
const RELATIVE_BEFORE = /(?<![\p{L}\p{N}])(?:الذي|التي|الذين|اللذين|اللواتي|who)(?:\s+(?:قد|تم|was|had been|has been|were|reportedly))*\s*$/u;
const ANTECEDENT_GAP = /^[\s,،]*$/u;
// an office held in a city is not where its holder is seen: «مسؤول مكتب العصائب في طهران», "heads Asaib's office in Tehran"
const OFFICE_TITLE_BEFORE =
  /(?<![\p{L}\p{N}])(?:(?:مسؤول|مسوول|مدير|رئيس|مسئول)\s+(?:مكتب|دفتر)|(?:head|heads|headed|runs|ran|director|chief|manager)(?:\s+of)?(?:\s+[\p{L}\p{N}'’]+)?\s+office)(?![\p{L}\p{N}])(?:\s+[^\s.,،؛;:]+){0,3}?\s+(?:(?:في|در|in|at)\s+)?[بل]?$/u;
const JOINED = /^\s*(?:و|and|,|،)?\s*$/u;
const APPOSITION = /^[\s,،]*$/u;
const TITLE_AFTER_NAME = /^[\s,،]*(?:who|الذي|وهو)?\s*$/u;
const FIGURE_AT_PLACE =
  /^\s*(?:(?:is|was|remains|has been|'s)\s+)?(?:(?:حاليا|الان|اكنون|هم اكنون|currently|now|still)\s+)?(?:في|فی|در|in|at)\s+(?:(?:مدينه|city of|the city of|شهر)\s+)?$/u;
// a pronoun at a place: «وهو في قم», «أنه في قم», "he is in Qom", «او در قم است» (Persian «او» is Arabic "or": Persian only)
const PRONOUN_AT_PLACE =
  /(?<![\p{L}\p{N}])(?:هو|وهو|انه|بانه|وانه|he is|he was|he's|he remains|he has been)\s+(?:(?:حاليا|الان|currently|now|still)\s+)?(?:في|in|at)\s+(?:(?:مدينه|city of|the city of)\s+)?$/u;
const PRONOUN_AT_PLACE_PES = /(?<![\p{L}\p{N}])(?:او|وي|ايشان)\s+(?:(?:اكنون|هم اكنون|هماكنون)\s+)?در\s+(?:شهر\s+)?$/u;

/** Most words between a noun cue and the figure it is about («مقتل ثلاثة من حماية ليث الخزعلي»). */
const AFTER_WORDS = 4;
/** Most words between a move cue and its place («وصل زعيم التيار الصدري مقتدى الصدر إلى النجف»). */
const PLACE_WORDS = 8;

/**
 * Statement signals per figure, from cue words in the text and where the figures stand relative to them.
 * Pure: the caller supplies the figure mentions and place mentions (original UTF-16 offsets).
 *
 * - harm_claim: a harm cue (killed, wounded, targeted, arrested, fled; «مقتل», «ترور») tied to a figure by
 *   position: a noun's object follows it, a pronoun form («مقتله», "his death") points back, a verb takes the
 *   nearer figure. A harm cue about his relative («نجل قيس الخزعلي يصاب») is not about him.
 * - debunk: a harm cue in a sentence that also denies («نفى», «عار عن الصحة», «تکذیب», "denied", "baseless"),
 *   a negated harm cue («لم يتعرض لأي استهداف», "not hurt"), or an affirmation that he is well («بخير»,
 *   «على قيد الحياة», "alive and well"). A debunk about a figure replaces any harm claim about him in the
 *   text: "denied reports that he was killed" reports the claim only to refute it.
 * - appearance: a sighting cue (speech, meeting, footage, visit) with the figure in its clause; not when it is
 *   announced for later, negated, an old picture, or the occasion of a harm claim about him.
 * - whereabouts: a move cue (arrived, left, fled, staying) or a sighting at a named city or shrine, or
 *   «قيس الخزعلي في قم», tied to the figure and each place.
 */
export function classifyStatements(text: string, lang: Lang, mentions: readonly Mention[], places: readonly PlaceMention[]): Signal[] {
  if (mentions.length === 0) return [];
  const nt = normalizeArabic(text);
  const f = nt.text;
  const toFolded = foldedIndex(nt.start, text.length, f.length);
  const figs: Fig[] = mentions
    .map((m) => ({ figureId: m.figureId, start: toFolded[m.start], end: toFolded[m.end] }))
    .filter((m) => m.end > m.start)
    .sort((a, b) => a.start - b.start);
  const plcs: Plc[] = places
    .map((p) => ({
      placeId: p.placeId,
      start: toFolded[p.start],
      end: toFolded[p.end],
      country: p.kind === 'country',
      attached: attachedBefore(text, p.start),
    }))
    .sort((a, b) => a.start - b.start);
  const placeStarts = plcs.map((p) => p.start);
  const placesWithin = (seg: Segment) => {
    const out: Plc[] = [];
    for (let i = lowerBound(placeStarts, seg.start); i < plcs.length && plcs[i].start < seg.end; i++) if (plcs[i].end <= seg.end) out.push(plcs[i]);
    return out;
  };
  const insideName = (c: Cue) => figs.some((m) => c.start < m.end && c.end > m.start) || plcs.some((p) => c.start < p.end && c.end > p.start);
  const cues = findCues(f).filter((c) => !insideName(c));
  const sentences = segment(f);
  const wordStarts = wordStartsOf(f);
  const wordsBetween = (from: number, to: number) => Math.max(0, lowerBound(wordStarts, to) - lowerBound(wordStarts, from));
  const sentenceStarts = sentences.map((s) => s.start);
  const sentenceOf = (pos: number) => Math.max(0, upperBound(sentenceStarts, pos) - 1);
  const clauseOf = (s: Sentence, pos: number) => s.clauses.find((c) => pos >= c.start && pos < c.end) ?? s;
  // figures and cues are sorted by start: a segment's share is found by binary search, so long articles stay linear-ish
  const figStarts = figs.map((m) => m.start);
  const within = (seg: Segment) => {
    const out: Fig[] = [];
    for (let i = lowerBound(figStarts, seg.start); i < figs.length && figs[i].start < seg.end; i++) if (figs[i].end <= seg.end) out.push(figs[i]);
    return out;
  };
  const nearestBefore = (pos: number, seg: Segment) =>
    within(seg)
      .filter((m) => m.end <= pos)
      .at(-1);
  const firstAfter = (pos: number, seg: Segment, maxWords: number) =>
    within(seg).find((m) => m.start >= pos && wordsBetween(pos, m.start) <= maxWords);
  const lastOfPrevious = (si: number) => (si > 0 ? within(sentences[si - 1]).at(-1) : undefined);
  const kinOf = (m: Fig) => precededByKin(f.slice(Math.max(0, m.start - 30), m.start)) || followedByKin(f.slice(m.end, m.end + 30));
  const cueStarts = cues.map((c) => c.start);
  const kindsIn = (seg: Segment, kind: Cue['kind']) => {
    for (let i = lowerBound(cueStarts, seg.start); i < cues.length && cues[i].start < seg.end; i++) if (cues[i].kind === kind) return true;
    return false;
  };
  const stale = (seg: Segment) => {
    const t = f.slice(seg.start, seg.end);
    return PICTURE.test(t) && STALE.test(t);
  };
  /** A denial word, or the picture behind the claim called old. */
  const denies = (seg: Segment) => kindsIn(seg, 'denial') || stale(seg);
  // a denial in the next sentence that names no one and no harm of its own answers this one: «.. الخبر ملفق»
  const deniedNext = (si: number) => {
    const next = sentences[si + 1];
    if (!next || !denies(next) || within(next).length > 0) return false;
    for (let i = lowerBound(cueStarts, next.start); i < cues.length && cues[i].start < next.end; i++) if (isHarmLike(cues[i].kind)) return false;
    return true;
  };
  const unconfirmedNext = (si: number) => {
    const next = sentences[si + 1];
    return !!next && kindsIn(next, 'unconfirmed') && within(next).length === 0;
  };
  const harmIn = (seg: Segment) => {
    for (let i = lowerBound(cueStarts, seg.start); i < cues.length && cues[i].start < seg.end; i++) if (isHarmLike(cues[i].kind)) return true;
    return false;
  };
  /** The place ends an office title standing beside a figure («مسؤول مكتب العصائب في طهران غدير شريف»): his post, not where he is. */
  const officeAt = (p: Plc) => {
    const before = f.slice(Math.max(0, p.start - 60), p.start);
    const title = OFFICE_TITLE_BEFORE.exec(before);
    if (!title) return false;
    const titleStart = p.start - before.length + title.index;
    // "meets the director of the PM's office in Najaf" names no figure's post: the meeting is in Najaf
    return figs.some(
      (m) =>
        (m.start >= p.end && APPOSITION.test(f.slice(p.end, m.start))) || (m.end <= titleStart && TITLE_AFTER_NAME.test(f.slice(m.end, titleStart))),
    );
  };
  const pronounNear = (c: Cue, seg: Segment) =>
    PRONOUN.test(f.slice(Math.max(seg.start, c.start - 12), c.end + 1)) || /(?:ه|ته|هم|ها)$/u.test(f.slice(c.start, c.end));

  const out: Signal[] = [];
  const span = (c: Cue) => originalSpan(nt, c.start, c.end);
  const add = (type: SignalType, m: Fig, c: Cue, placeId?: string) =>
    out.push({ type, figureId: m.figureId, ...(placeId ? { placeId } : {}), ...span(c) });

  /** The figure a harm-like cue is about, or undefined when it is about someone else or no one. */
  const harmTarget = (c: Cue): Fig | undefined => {
    const si = sentenceOf(c.start);
    const s = sentences[si];
    const clause = clauseOf(s, c.start);
    if (c.kind === 'health' && !kindsIn(s, 'rumour') && !kindsIn(s, 'denial')) return undefined;
    let target: Fig | undefined;
    // Persian puts a pronoun after the noun: «بیماری خود», «کشته شدن او»
    const pronounAfter = /^\s+(?:او|وي|خود|ايشان)(?![\p{L}\p{N}])/u.test(f.slice(c.end, c.end + 8));
    if (c.dir === 'after' && pronounAfter) {
      target = nearestBefore(c.start, s) ?? lastOfPrevious(si);
    } else if (c.dir === 'after') {
      target = firstAfter(c.end, clause, AFTER_WORDS);
      // "Muqtada al-Sadr's death": the English possessive puts the figure just before the noun
      if (!target && lang === 'eng') {
        const before = nearestBefore(c.start, clause);
        if (before && wordsBetween(before.end, c.start) <= 1) target = before;
      }
    } else if (c.dir === 'before') {
      target = nearestBefore(c.start, s) ?? lastOfPrevious(si) ?? firstAfter(c.end, s, 99);
    } else {
      // «عائلة الشهيد الذي قتل», "the aide who was arrested": about the noun before the pronoun, a figure only if it is one
      const relFrom = Math.max(s.start, c.start - 30);
      const rel = RELATIVE_BEFORE.exec(f.slice(relFrom, c.start));
      if (rel) {
        const relStart = relFrom + rel.index;
        const antecedent = nearestBefore(relStart, s);
        return antecedent && ANTECEDENT_GAP.test(f.slice(antecedent.end, relStart)) && !kinOf(antecedent) ? antecedent : undefined;
      }
      const before = nearestBefore(c.start, clause);
      const after = firstAfter(c.end, clause, AFTER_WORDS);
      target = before && after ? (wordsBetween(c.end, after.start) < wordsBetween(before.end, c.start) ? after : before) : (before ?? after);
      if (!target && pronounNear(c, clause)) target = nearestBefore(c.start, s) ?? lastOfPrevious(si);
    }
    if (target && c.dir !== 'before' && precededByEntourage(f.slice(Math.max(0, target.start - 30), target.start))) return undefined;
    return target && !kinOf(target) ? target : undefined;
  };

  /** The figure a wellness phrase or a sighting speaks of: in its clause first, then back through the sentence. */
  const statedOf = (c: Cue, reachBack: boolean): Fig | undefined => {
    const si = sentenceOf(c.start);
    const s = sentences[si];
    const clause = clauseOf(s, c.start);
    if (kindsIn(clause, 'nobody')) return undefined;
    const inClause = nearestBefore(c.start, clause) ?? firstAfter(c.end, clause, 6);
    if (inClause) return kinOf(inClause) ? undefined : inClause;
    // reaching back past «نجل قيس الخزعلي يصاب في حادث،» to «تؤكد سلامة الشيخ»: the sheikh is the one named
    return reachBack ? (nearestBefore(c.start, s) ?? lastOfPrevious(si) ?? firstAfter(c.end, s, 99)) : undefined;
  };

  // harm claims and debunks
  const debunked = new Set<string>();
  const claimed: { fig: Fig; cue: Cue; sentence: number }[] = [];
  /** sentence:figure pairs where harm (claimed or denied) is about him: not a sighting of where he is */
  const harmTargets = new Set<string>();
  for (const c of cues) {
    if (!isHarmLike(c.kind)) continue;
    const target = harmTarget(c);
    if (!target) continue;
    const si = sentenceOf(c.start);
    if (c.kind !== 'departure' && c.kind !== 'flight') harmTargets.add(`${si}:${target.figureId}`);
    const negated = negatedBefore(f.slice(Math.max(0, c.start - 25), c.start));
    // "no one was hurt" near his name is about no one
    if (negated && kindsIn(clauseOf(sentences[si], c.start), 'nobody')) continue;
    if (negated || denies(sentences[si]) || deniedNext(si)) {
      add('debunk', target, c);
      debunked.add(target.figureId);
    } else if (sentences[si].question && unconfirmedNext(si)) {
      // «دستگیری X؟ منابع قضایی این خبر را تایید نکردند»: a question left open, neither claimed nor denied
      continue;
    } else if (c.kind !== 'departure') {
      claimed.push({ fig: target, cue: c, sentence: si });
    }
  }
  for (const c of cues) {
    if (c.kind !== 'wellness') continue;
    const si = sentenceOf(c.start);
    const next = sentences[si + 1];
    // «الكعبي بخير؟ أكرم الكعبي يظهر في فيديو جديد»: the question names no tracked figure; the sighting answers it
    const target =
      statedOf(c, true) ?? (sentences[si].question && next && kindsIn(next, 'appearance') ? within(next).find((m) => !kinOf(m)) : undefined);
    if (!target) continue;
    add('debunk', target, c);
    debunked.add(target.figureId);
  }
  const harmedIn = new Set(claimed.filter((h) => !debunked.has(h.fig.figureId)).map((h) => `${h.sentence}:${h.fig.figureId}`));

  // appearances, and where they happened
  for (const c of cues) {
    if (c.kind !== 'appearance') continue;
    const si = sentenceOf(c.start);
    const s = sentences[si];
    if (kindsIn(s, 'future') || stale(s)) continue;
    if (negatedBefore(f.slice(Math.max(0, c.start - 25), c.start))) continue;
    const clause = clauseOf(s, c.start);
    const target = statedOf(c, pronounNear(c, clause)) ?? (within(clause).length === 0 ? nearestBefore(c.start, s) : undefined);
    if (!target || kinOf(target)) continue;
    // the one met or received is seen too: «مقتدى الصدر يلتقي هادي العامري», "met Muqtada al-Sadr"
    const met = firstAfter(c.end, clause, 2);
    const seen = [target, ...coordinated(target, within(clause), f), ...(met && met !== target ? [met] : [])];
    const answersRumour =
      kindsIn(s, 'rebuttal') ||
      (si > 0 && kindsIn(sentences[si - 1], 'rebuttal')) ||
      (kindsIn(s, 'firstSince') && (harmIn(s) || kindsIn(s, 'rumour')));
    for (const m of seen) {
      // seen in the sentence that claims harm to him is the occasion of the harm, unless the sighting answers it
      if (harmedIn.has(`${si}:${m.figureId}`) && !answersRumour) continue;
      add('appearance', m, c);
      if (answersRumour) {
        add('debunk', m, c);
        debunked.add(m.figureId);
      }
      for (const p of placesWithin(clause)) {
        if (p.country) continue;
        const placeAfterCue = p.start >= c.end || lang === 'pes';
        if (placeAfterCue && locativeBefore(f.slice(Math.max(0, p.start - 20), p.start), p.attached) && !officeAt(p))
          add('whereabouts', m, c, p.placeId);
      }
    }
  }

  for (const h of claimed) if (!debunked.has(h.fig.figureId)) add('harm_claim', h.fig, h.cue);

  // moves: arrived in, left, fled to, staying in
  for (const c of cues) {
    if (c.kind !== 'move' && c.kind !== 'flight' && c.kind !== 'departure') continue;
    const si = sentenceOf(c.start);
    const s = sentences[si];
    const clause = clauseOf(s, c.start);
    const target =
      c.kind === 'move'
        ? (nearestBefore(c.start, clause) ??
          firstAfter(c.end, clause, AFTER_WORDS) ??
          (pronounNear(c, clause) ? (nearestBefore(c.start, s) ?? lastOfPrevious(si)) : undefined) ??
          // a clause naming no one continues the sentence's subject: «أن الشيخ في صحة جيدة ويتواجد حالياً في قم»
          (within(clause).length === 0 ? nearestBefore(c.start, s) : undefined))
        : harmTarget(c);
    if (!target || kinOf(target)) continue;
    // the place of a harm claim is not his whereabouts: «حمله پهپادی به محل اقامت X در بغداد»
    if (c.kind === 'move' && harmedIn.has(`${si}:${target.figureId}`)) continue;
    // a denied flight says he is not where he was said to flee; a denied departure, that he is still there
    if (c.kind === 'flight' && kindsIn(s, 'denial')) continue;
    for (const p of placesWithin(s)) {
      const after = p.start >= c.end && wordsBetween(c.end, p.start) <= PLACE_WORDS;
      // Persian puts the verb last: «مقتدی صدر نجف را به مقصد قم ترک کرد»
      const beforeVerb = lang === 'pes' && p.end <= c.start && p.start >= target.end;
      if ((after || beforeVerb) && !officeAt(p)) add('whereabouts', target, c, p.placeId);
    }
  }

  // «قيس الخزعلي في قم لحضور مراسم», "Laith al-Khazali in Karbala"
  for (const m of figs) {
    const si = sentenceOf(m.start);
    const s = sentences[si];
    if (s.question || harmTargets.has(`${si}:${m.figureId}`) || kinOf(m)) continue;
    if (precededByPossession(f.slice(Math.max(0, m.start - 25), m.start)) || precededByEntourage(f.slice(Math.max(0, m.start - 30), m.start)))
      continue;
    const p = placesWithin({ start: m.end, end: Math.min(s.end, m.end + 40) }).find((x) => FIGURE_AT_PLACE.test(f.slice(m.end, x.start)));
    if (p) out.push({ type: 'whereabouts', figureId: m.figureId, placeId: p.placeId, ...originalSpan(nt, m.start, p.end) });
  }
  // «وهو في قم», "he is in Qom", «او در قم است»: the pronoun is the figure named last
  for (const p of plcs) {
    const before = f.slice(Math.max(0, p.start - 40), p.start);
    const pronoun = PRONOUN_AT_PLACE.exec(before) ?? (lang === 'pes' ? PRONOUN_AT_PLACE_PES.exec(before) : null);
    if (!pronoun) continue;
    const si = sentenceOf(p.start);
    const s = sentences[si];
    const m = nearestBefore(p.start, s) ?? lastOfPrevious(si);
    if (!m || s.question || kinOf(m) || harmedIn.has(`${si}:${m.figureId}`)) continue;
    const from = p.start - before.length + pronoun.index;
    out.push({ type: 'whereabouts', figureId: m.figureId, placeId: p.placeId, ...originalSpan(nt, from, p.end) });
  }

  return dedupe(out);
}

/** Figures joined to `m` by «و»/"and" in the same clause: «ليث الخزعلي وقيس الخزعلي في صورة واحدة». */
function coordinated(m: Fig, inClause: Fig[], f: string): Fig[] {
  const out: Fig[] = [];
  const i = inClause.indexOf(m);
  for (let j = i - 1; j >= 0 && JOINED.test(f.slice(inClause[j].end, inClause[j + 1].start)); j--) out.push(inClause[j]);
  for (let j = i + 1; j < inClause.length && JOINED.test(f.slice(inClause[j - 1].end, inClause[j].start)); j++) out.push(inClause[j]);
  return out.filter((x) => x.figureId !== m.figureId);
}

function dedupe(signals: Signal[]): Signal[] {
  const seen = new Set<string>();
  return signals.filter((s) => {
    const key = `${s.type}|${s.figureId}|${s.placeId ?? ''}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** For each original UTF-16 index (and one past the end), the first folded index at or after it. */
function foldedIndex(starts: Int32Array, originalLength: number, foldedLength: number): Int32Array {
  const map = new Int32Array(originalLength + 1).fill(-1);
  for (let k = foldedLength - 1; k >= 0; k--) map[starts[k]] = k;
  map[originalLength] = foldedLength;
  for (let i = originalLength - 1; i >= 0; i--) if (map[i] < 0) map[i] = map[i + 1];
  return map;
}

/** Letters glued to the front of a name, read back from the original text. */
function attachedBefore(text: string, start: number): string {
  let i = start;
  while (i > 0 && /[\u0621-\u064a]/u.test(text[i - 1])) i--;
  return text.slice(i, start);
}

function segment(f: string): Sentence[] {
  const sentences: Sentence[] = [];
  let from = 0;
  const close = (end: number, question: boolean) => {
    if (end > from) sentences.push({ start: from, end, question, clauses: clausesOf(f, from, end) });
  };
  SENTENCE_END.lastIndex = 0;
  for (let m = SENTENCE_END.exec(f); m; m = SENTENCE_END.exec(f)) {
    close(m.index, /[?؟]/u.test(m[0]));
    from = m.index + m[0].length;
    // a contrastive link belongs to the sentence it opens
    if (/^\s\S/u.test(m[0])) from = m.index + 1;
  }
  close(f.length, false);
  if (sentences.length === 0) sentences.push({ start: 0, end: f.length, question: false, clauses: [{ start: 0, end: f.length }] });
  // a name at a boundary must fall inside some sentence: extend each to the next one's start
  for (let i = 0; i < sentences.length; i++) {
    const next = i + 1 < sentences.length ? sentences[i + 1].start : f.length;
    sentences[i].end = next;
    const last = sentences[i].clauses.at(-1);
    if (last) last.end = next;
  }
  sentences[0].start = 0;
  sentences[0].clauses[0].start = 0;
  return sentences;
}

function clausesOf(f: string, start: number, end: number): Segment[] {
  const out: Segment[] = [];
  let from = start;
  CLAUSE_END.lastIndex = start;
  for (let m = CLAUSE_END.exec(f); m && m.index < end; m = CLAUSE_END.exec(f)) {
    if (m.index > from) out.push({ start: from, end: m.index + m[0].length });
    from = m.index + m[0].length;
  }
  out.push({ start: from, end });
  return out;
}

function wordStartsOf(f: string): number[] {
  const out: number[] = [];
  for (const m of f.matchAll(/[\p{L}\p{N}]+/gu)) out.push(m.index);
  return out;
}

/** Index of the first element > x. */
function upperBound(a: readonly number[], x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (a[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Index of the first element >= x. */
function lowerBound(a: readonly number[], x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (a[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
