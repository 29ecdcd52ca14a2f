import type { Signal, SignalType } from './classifyStatement.ts';

/** One labelled text (lib/statements/testdata/; format in /work/team/LABELLING.md and testdata/README.md). */
export interface LabelledText {
  id: string;
  lang: string;
  text: string;
  signals: { type: SignalType; figureId: string; placeId?: string }[];
  places: string[];
  /** every tracked figure the text names (v3 sets); absent in the older sets */
  figures?: string[];
  /** what the text tests, e.g. `harm/drone-car`; not scored */
  kind?: string;
  dialect?: string;
  note?: string;
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

export const emptyScore = (): TypeScore => ({ tp: 0, fp: 0, fn: 0, precision: 0, recall: 0 });

/** Precision and recall from the counts; an empty side counts as perfect. */
export function finish(s: TypeScore): TypeScore {
  s.precision = s.tp + s.fp === 0 ? 1 : s.tp / (s.tp + s.fp);
  s.recall = s.tp + s.fn === 0 ? 1 : s.tp / (s.tp + s.fn);
  return s;
}

export function f1(s: TypeScore): number {
  return s.precision + s.recall === 0 ? 0 : (2 * s.precision * s.recall) / (s.precision + s.recall);
}

/** Adds a set comparison to a score: found ∩ wanted are right, the rest wrong or missed. */
export function countSets<T>(s: TypeScore, wanted: ReadonlySet<T>, found: ReadonlySet<T>): void {
  for (const x of found) s[wanted.has(x) ? 'tp' : 'fp']++;
  for (const x of wanted) if (!found.has(x)) s.fn++;
}

export function scoreSignals(
  gold: readonly LabelledText[],
  predicted: ReadonlyMap<string, { signals: readonly Signal[]; places: readonly string[] }>,
): Scored {
  const byType = Object.fromEntries(SIGNAL_TYPES.map((t) => [t, emptyScore()])) as Record<SignalType, TypeScore>;
  const places = emptyScore();
  const errors: Scored['errors'] = [];
  for (const g of gold) {
    const p = predicted.get(g.id) ?? { signals: [], places: [] };
    const want = new Set(g.signals.map((s) => key(g.id, s)));
    const got = new Set(p.signals.map((s) => key(g.id, s)));
    const missed = [...want].filter((k) => !got.has(k));
    const spurious = [...got].filter((k) => !want.has(k));
    for (const k of got) byType[k.split('|')[1] as SignalType][want.has(k) ? 'tp' : 'fp']++;
    for (const k of missed) byType[k.split('|')[1] as SignalType].fn++;
    countSets(places, new Set(g.places), new Set(p.places));
    if (missed.length || spurious.length)
      errors.push({
        id: g.id,
        missed: missed.map((k) => k.split('|').slice(1).join(' ').trim()),
        spurious: spurious.map((k) => k.split('|').slice(1).join(' ').trim()),
      });
  }
  for (const s of [...Object.values(byType), places]) finish(s);
  return { byType, places, errors };
}
