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

/**
 * What one item says about one figure, folded into the alert's kind, priority and place. The place is the
 * first one he is said to be at, a city or shrine before a country («في إيران، في مدينة قم» → qom); a place
 * named by another signal only when no whereabouts names one.
 */
export function alertKindFor(
  signals: Array<{ type: ItemSignalType; placeId: string | null }>,
  isCountry: (placeId: string) => boolean = () => false,
): AlertKindChoice {
  let kind: AlertKind = 'mention';
  const rank = (s: { type: ItemSignalType; placeId: string | null }) => (s.type === 'whereabouts' ? 2 : 0) + (isCountry(s.placeId!) ? 0 : 1);
  let place: { type: ItemSignalType; placeId: string | null } | null = null;
  for (const s of signals) {
    if (KIND_RANK[s.type] > KIND_RANK[kind]) kind = s.type;
    if (s.placeId && (!place || rank(s) > rank(place))) place = s;
  }
  const placeId = place?.placeId ?? null;
  return { kind, priority: kind === 'debunk' || kind === 'harm_claim' ? 'high' : 'normal', placeId };
}
