import type { HarmKind, SignalType } from '../../db/rows.ts';

/** A rumor that can still take claims and answers, with times in ms since the epoch. */
export interface OpenRumor {
  id: number;
  figureId: string;
  harm: HarmKind | null;
  firstAt: number;
  lastActivityAt: number;
}

/** A claim of one harm and a denial of another do not meet; a claim or denial that names no harm meets any. */
export const harmsAgree = (a: HarmKind | null | undefined, b: HarmKind | null | undefined): boolean => !a || !b || a === b;

/** Open at `t`: not yet quiet for the whole quiet period at that time. */
const openAt = (r: OpenRumor, t: number, quietMs: number) => t <= r.lastActivityAt + quietMs;

function latest(rumors: OpenRumor[]): OpenRumor | undefined {
  return rumors.reduce<OpenRumor | undefined>(
    (best, r) => (!best || r.lastActivityAt > best.lastActivityAt || (r.lastActivityAt === best.lastActivityAt && r.id < best.id) ? r : best),
    undefined,
  );
}

/**
 * The open rumor a harm claim published at `t` repeats: same figure, a harm that agrees, and within the quiet
 * period of it on either side (an earlier-published claim that arrives late joins and becomes its first
 * source). None: the claim opens a rumor of its own.
 */
export function rumorForClaim(
  open: readonly OpenRumor[],
  figureId: string,
  harm: HarmKind | null,
  t: number,
  quietMs: number,
): OpenRumor | undefined {
  return latest(open.filter((r) => r.figureId === figureId && harmsAgree(r.harm, harm) && t >= r.firstAt - quietMs && openAt(r, t, quietMs)));
}

/**
 * The open rumors a statement published at `t` answers: about the same figure, made before it, still open
 * at `t`, and of the harm a denial names (a sighting or a denial that names none answers all of them).
 */
export function rumorsAnswered(open: readonly OpenRumor[], figureId: string, harm: HarmKind | null, t: number, quietMs: number): OpenRumor[] {
  return open.filter((r) => r.figureId === figureId && harmsAgree(r.harm, harm) && t >= r.firstAt && openAt(r, t, quietMs));
}

export interface AnswerSignal {
  type: SignalType;
  harm?: HarmKind | null;
  basis?: 'denial' | 'assurance' | 'sighting' | null;
  answersRumor?: boolean;
}

export interface AnswerReading {
  /** what the item says about the figure can answer a rumor */
  answers: boolean;
  /** the classifier found a debunk itself (a denial, an assurance or a proof of life it recognised) */
  explicit: boolean;
  /** the text names the rumor it answers ("days after reports of his death") */
  namesRumor: boolean;
  /** the harm a denial names, when it names one */
  harm: HarmKind | null;
  /** how it answers: the debunk's own basis, else a sighting (appearance) or an assurance (he is somewhere) */
  basis: 'denial' | 'assurance' | 'sighting';
  /** the signal types that answer */
  via: SignalType[];
}

/**
 * Whether one item's signals about one figure answer a rumor about him. A debunk always does. A statement
 * that he is somewhere (whereabouts) or was seen (appearance) does too, unless the same text carries a harm
 * claim about him ("killed in a strike in Jurf al-Sakhar" places the harm, it does not answer it) and does not
 * name an earlier rumor.
 */
export function readAnswer(signals: readonly AnswerSignal[]): AnswerReading {
  const debunk = signals.find((s) => s.type === 'debunk');
  const namesRumor = signals.some((s) => s.answersRumor === true);
  const claims = signals.some((s) => s.type === 'harm_claim');
  const sightings = signals.filter((s) => s.type === 'appearance' || s.type === 'whereabouts');
  const via = [...new Set(signals.filter((s) => s.type !== 'harm_claim').map((s) => s.type))];
  const answers = !!debunk || (sightings.length > 0 && (!claims || namesRumor));
  const basis = debunk?.basis ?? (debunk ? 'denial' : sightings.some((s) => s.type === 'appearance') ? 'sighting' : 'assurance');
  return { answers, explicit: !!debunk, namesRumor, harm: debunk?.harm ?? null, basis, via };
}
