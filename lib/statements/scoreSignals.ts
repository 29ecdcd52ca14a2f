import type { Signal, SignalType } from './classifyStatement.ts';

/** One labelled text of lib/statements/testdata/signals.jsonl. */
export interface LabelledText {
  id: string;
  lang: string;
  text: string;
  signals: { type: SignalType; figureId: string; placeId?: string }[];
  places: string[];
}

export interface TypeScore {
  tp: number;
  fp: number;
  fn: number;
  precision: number;
  recall: number;
}

export const SIGNAL_TYPES: readonly SignalType[] = ['debunk', 'harm_claim', 'whereabouts', 'appearance'];

/** A signal is right when its text, type and figure match (and, for whereabouts, its place). */
function key(id: string, s: { type: SignalType; figureId: string; placeId?: string }): string {
  return `${id}|${s.type}|${s.figureId}|${s.type === 'whereabouts' ? (s.placeId ?? '') : ''}`;
}

export interface Scored {
  byType: Record<SignalType, TypeScore>;
  places: TypeScore;
  /** Texts where prediction and gold differ, for reading. */
  errors: { id: string; missed: string[]; spurious: string[] }[];
}

export function scoreSignals(
  gold: readonly LabelledText[],
  predicted: ReadonlyMap<string, { signals: readonly Signal[]; places: readonly string[] }>,
): Scored {
  const count = () => ({ tp: 0, fp: 0, fn: 0, precision: 0, recall: 0 });
  const byType = Object.fromEntries(SIGNAL_TYPES.map((t) => [t, count()])) as Record<SignalType, TypeScore>;
  const places = count();
  const errors: Scored['errors'] = [];
  for (const g of gold) {
    const p = predicted.get(g.id) ?? { signals: [], places: [] };
    const want = new Set(g.signals.map((s) => key(g.id, s)));
    const got = new Set(p.signals.map((s) => key(g.id, s)));
    const missed = [...want].filter((k) => !got.has(k));
    const spurious = [...got].filter((k) => !want.has(k));
    for (const k of got) byType[k.split('|')[1] as SignalType][want.has(k) ? 'tp' : 'fp']++;
    for (const k of missed) byType[k.split('|')[1] as SignalType].fn++;
    const wantP = new Set(g.places);
    const gotP = new Set(p.places);
    for (const x of gotP) places[wantP.has(x) ? 'tp' : 'fp']++;
    for (const x of wantP) if (!gotP.has(x)) places.fn++;
    if (missed.length || spurious.length)
      errors.push({
        id: g.id,
        missed: missed.map((k) => k.split('|').slice(1).join(' ')),
        spurious: spurious.map((k) => k.split('|').slice(1).join(' ')),
      });
  }
  for (const s of [...Object.values(byType), places]) {
    s.precision = s.tp + s.fp === 0 ? 1 : s.tp / (s.tp + s.fp);
    s.recall = s.tp + s.fn === 0 ? 1 : s.tp / (s.tp + s.fn);
  }
  return { byType, places, errors };
}
