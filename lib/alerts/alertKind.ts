import type { AlertKind } from '../../db/rows.ts';

export type ItemSignalType = 'debunk' | 'harm_claim' | 'whereabouts' | 'appearance';

/** The stronger statement names the alert: a denial outranks a harm claim, which outranks a plain mention. */
export const KIND_RANK: Record<AlertKind, number> = {
  mention: 1,
  appearance: 2,
  whereabouts: 3,
  harm_claim: 4,
  debunk: 5,
  silence: 6,
  surge: 7,
};

export interface AlertKindChoice {
  kind: AlertKind;
  priority: 'normal' | 'high';
  placeId: string | null;
}

/** What one item says about one figure, folded into the alert's kind, priority and place. */
export function alertKindFor(signals: Array<{ type: ItemSignalType; placeId: string | null }>): AlertKindChoice {
  let kind: AlertKind = 'mention';
  let placeId: string | null = null;
  let placeFromWhereabouts = false;
  for (const s of signals) {
    if (KIND_RANK[s.type] > KIND_RANK[kind]) kind = s.type;
    // the first place he is said to be at wins; any other place only when none is said
    if (s.placeId && !placeFromWhereabouts && (s.type === 'whereabouts' || !placeId)) {
      placeId = s.placeId;
      placeFromWhereabouts = s.type === 'whereabouts';
    }
  }
  return { kind, priority: kind === 'debunk' || kind === 'harm_claim' ? 'high' : 'normal', placeId };
}
