/**
 * Surge detection for one figure: is the number of items mentioning him in the latest window far above his
 * own recent baseline? Counts are modelled as Poisson around a robust baseline rate, so a figure who is
 * usually named twice an hour needs many more mentions to surge than one who is usually never named, and a
 * zero baseline cannot divide by zero or surge on a single stray mention.
 */

export interface SurgeRule {
  /** Fewest items in the window for any surge (guards the zero-baseline case). */
  minCount: number;
  /** The window count must be at least this multiple of the baseline rate. */
  minRatio: number;
  /** Poisson z-score ((count - rate) / sqrt(rate)) a window must reach to open a wave. */
  openZ: number;
  /** A wave stays open while the window's z-score stays at or above this (hysteresis below openZ). */
  holdZ: number;
  /** Floor on the baseline rate per window, so a silent history still gives a finite, sane z-score. */
  rateFloor: number;
  /** Share of the highest baseline windows dropped before averaging (earlier waves must not hide a new one). */
  trim: number;
}

/** Defaults for the hourly window (baseline: the previous 7 days by hour). */
export const HOURLY_RULE: SurgeRule = { minCount: 5, minRatio: 4, openZ: 4, holdZ: 2, rateFloor: 0.25, trim: 0.1 };
/** Defaults for the daily window (baseline: the previous 14 days by day). */
export const DAILY_RULE: SurgeRule = { minCount: 10, minRatio: 3, openZ: 4, holdZ: 2, rateFloor: 0.5, trim: 0.1 };

export interface SurgeLevel {
  count: number;
  /** Baseline items per window. */
  rate: number;
  z: number;
  /** High enough to open a new wave. */
  opens: boolean;
  /** High enough to keep an open wave open. */
  holds: boolean;
}

/** Mean of the counts after dropping the highest `trim` share (at least nothing, at most all but one). */
export function trimmedMean(counts: readonly number[], trim: number): number {
  if (counts.length === 0) return 0;
  const sorted = [...counts].sort((a, b) => a - b);
  const keep = Math.max(1, sorted.length - Math.floor(sorted.length * trim));
  let sum = 0;
  for (let i = 0; i < keep; i++) sum += sorted[i];
  return sum / keep;
}

/** How far `count` in the current window sits above the baseline windows `history`. */
export function surgeLevel(count: number, history: readonly number[], rule: SurgeRule): SurgeLevel {
  const rate = Math.max(rule.rateFloor, trimmedMean(history, rule.trim));
  const z = (count - rate) / Math.sqrt(rate);
  const opens = count >= rule.minCount && count >= rate * rule.minRatio && z >= rule.openZ;
  const holds = count >= Math.min(rule.minCount, 2) && z >= rule.holdZ;
  return { count, rate, z, opens, holds };
}

export interface WaveState {
  /** When the open wave began; undefined when no wave is open. */
  startedAt?: Date;
  /** The wave stays open until this time unless the counts stay high. */
  openUntil?: Date;
}

export type WaveDecision =
  /** a new wave: raise one surge alert keyed by its start */
  | { action: 'open'; startedAt: Date; openUntil: Date }
  /** the open wave goes on: no new alert, its end moves on */
  | { action: 'extend'; startedAt: Date; openUntil: Date }
  /** the open wave is still within its cool-down */
  | { action: 'hold'; startedAt: Date; openUntil: Date }
  /** the wave (if any) is over */
  | { action: 'none' };

/**
 * Once-per-wave semantics. A wave opens when a window surges and no wave is open; while any window still
 * holds (hourly or daily) it is extended by `coolDownMs`; once nothing holds and the cool-down has passed,
 * it closes, and a later surge opens a new wave with a new alert.
 */
export function decideWave(levels: readonly SurgeLevel[], state: WaveState, now: Date, coolDownMs = 3 * 3600_000): WaveDecision {
  const opens = levels.some((l) => l.opens);
  const holds = levels.some((l) => l.holds);
  // a wave ends only once counts have fallen back AND its cool-down has passed: a check that ran late (the
  // watch worker was down) and finds counts still high continues the wave instead of opening a new one
  const open = state.startedAt !== undefined && state.openUntil !== undefined && (state.openUntil.getTime() > now.getTime() || opens || holds);
  const until = new Date(now.getTime() + coolDownMs);
  if (open && state.startedAt && state.openUntil) {
    if (opens || holds) return { action: 'extend', startedAt: state.startedAt, openUntil: until };
    return { action: 'hold', startedAt: state.startedAt, openUntil: state.openUntil };
  }
  if (opens) return { action: 'open', startedAt: now, openUntil: until };
  return { action: 'none' };
}
