import type { Lang } from '../text/detectLanguage.ts';
import type { Mention } from '../text/matchFigures.ts';
import { buildDoc, type Doc } from './document.ts';
import { framesOf, type Frame } from './frames.ts';
import type { Lexicon } from './lexicon.ts';
import type { PlaceMention } from './matchPlaces.ts';
import { assuranceRule, harmRule, movementRule, presenceRule, sightingRule, spanOf, type Found } from './signalRules.ts';
import { speakerOf, type Speaker } from './speaker.ts';

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

/**
 * Statement signals per figure, read as frames: each predicate word (harm, assurance, sighting, movement)
 * with its subject, negation, denial, tense, mood and places (lib/statements/frames.ts), turned into
 * signals by one rule per kind (signalRules.ts), then merged per figure. Pure: the caller supplies the
 * figure and place mentions (original UTF-16 offsets) and the compiled word lists.
 *
 * 1. buildDoc: fold, cut into words, sentences and clauses; find the cue words of the text's language.
 * 2. framesOf: for each predicate, who it is about, what negates or denies it, when, where.
 * 3. rules: harm → harm_claim or debunk (+ where it happened); assurance → debunk; sighting → appearance
 *    (+ debunk where harm was talked of, + where); movement and "X in Qom" → whereabouts.
 * 4. merge: one signal per type, figure and place, each credited to its sentence's speaker. A harm claim
 *    quoted inside a denial never became one (step 2 saw the denial); an attack reported and then answered
 *    ("his convoy was hit; his office says he is fine") gives both.
 */
export function classifyStatements(
  text: string,
  lang: Lang,
  mentions: readonly Mention[],
  places: readonly PlaceMention[],
  lexicon: Lexicon,
): Signal[] {
  return readStatements(text, lang, mentions, places, lexicon).signals;
}

/** The signals, and the places the text names as places (not inside an idiom such as "Tehran-backed"). */
export function readStatements(
  text: string,
  lang: Lang,
  mentions: readonly Mention[],
  places: readonly PlaceMention[],
  lexicon: Lexicon,
): { signals: Signal[]; places: PlaceMention[] } {
  if (mentions.length === 0 && places.length === 0) return { signals: [], places: [] };
  const doc = buildDoc(text, lang, mentions, places, lexicon);
  if (!doc) return { signals: [], places: [...places] };
  const kept = new Set(doc.places.map((p) => p.start));
  const named = places.filter((p) => kept.has(p.start));
  if (doc.figures.length === 0) return { signals: [], places: named };
  return { signals: merge(doc, applyRules(doc, framesOf(doc))), places: named };
}

function applyRules(doc: Doc, frames: Frame[]): Found[] {
  const found: Found[] = [];
  // figures whose harm the text talks of: claimed, denied or recalled
  const talk = new Set<string>();
  for (const f of frames) harmRule(doc, f, talk, found);
  // «الكعبي بخير؟»: asking whether he is well is talk of harm that a sighting can answer
  for (const f of frames) if (f.cue.kind === 'assurance' && f.question && f.subject) talk.add(f.subject.figureId);
  // an assurance of being busy answers harm talked of about him, or rumours of harm recalled ("after the rumours")
  const rebuttal = doc.cues.some((c) => c.kind === 'rebuttal');
  const answersTalk = (figureId: string) => talk.has(figureId) || rebuttal;
  const claimedIn = new Set(found.filter((x) => x.type === 'harm_claim').map((x) => `${doc.sentenceOfWord[x.at.first]}:${x.figureId}`));
  for (const f of frames) {
    assuranceRule(doc, f, answersTalk, found);
    sightingRule(doc, f, talk, claimedIn, found);
    movementRule(doc, f, found);
  }
  // somewhere after talk of harm answers it; not where the harm itself is reported as having happened
  const claimed = new Set(found.filter((x) => x.type === 'harm_claim').map((x) => x.figureId));
  presenceRule(doc, frames, (id) => talk.has(id) && !claimed.has(id), found);
  return found;
}

function merge(doc: Doc, found: Found[]): Signal[] {
  const speakers = new Map<number, Speaker | undefined>();
  const speakerAt = (word: number): Speaker | undefined => {
    const si = doc.sentenceOfWord[word];
    if (!speakers.has(si)) speakers.set(si, speakerOf(doc, doc.sentences[si]));
    return speakers.get(si);
  };
  const out = new Map<string, Signal>();
  for (const x of found) {
    const key = `${x.type}|${x.figureId}|${x.placeId ?? ''}`;
    const prev = out.get(key);
    if (prev) {
      // keep the first words that said it; learn the harm or the rumour from a later one
      if (!prev.harm && x.harm) prev.harm = x.harm;
      if (x.answersRumor) prev.answersRumor = true;
      continue;
    }
    const speaker = speakerAt(x.at.first);
    out.set(key, {
      type: x.type,
      figureId: x.figureId,
      ...(x.placeId ? { placeId: x.placeId } : {}),
      ...spanOf(doc, x),
      ...(x.harm ? { harm: x.harm } : {}),
      ...(x.basis ? { basis: x.basis } : {}),
      ...(x.answersRumor ? { answersRumor: true } : {}),
      ...(speaker ? { speaker } : {}),
    });
  }
  return [...out.values()];
}
