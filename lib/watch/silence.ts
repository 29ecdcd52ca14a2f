/**
 * Silence detection for one figure: from the times he was seen (appearance or whereabouts signals), his
 * usual gap between sightings, or the watchlist's `silenceDays`, decide whether he has gone quiet for longer
 * than usual. A later sighting ends the silence because the last sighting moves on.
 */

const DAY_MS = 86_400_000;

export interface SilenceRule {
  /** Sightings needed before a usual gap is learned (without `silenceDays`). */
  minSightings: number;
  /** The usual gap is this quantile of the gaps between sighting days. */
  quantile: number;
  /** Silence starts after `factor` times the usual gap ... */
  factor: number;
  /** ... but never before `minDays` nor after `maxDays` of silence. */
  minDays: number;
  maxDays: number;
}

export const SILENCE_RULE: SilenceRule = { minSightings: 4, quantile: 0.75, factor: 2, minDays: 3, maxDays: 60 };

export interface SilenceInput {
  /** Sighting times, any order. */
  sightings: readonly Date[];
  now: Date;
  /** Per-figure override from the watchlist, in days. */
  silenceDays?: number;
}

export type SilenceVerdict =
  | { silent: true; since: Date; lastSeen: Date; thresholdDays: number; daysSilent: number }
  | { silent: false; lastSeen?: Date; thresholdDays?: number; daysSilent?: number; reason: string };

function quantile(sorted: readonly number[], q: number): number {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

/**
 * The usual gap in days between sightings. Several sightings on one day (twenty outlets carrying one
 * visit) count once, so a busy day does not shrink the gap.
 */
export function usualGapDays(sightings: readonly Date[]): number | undefined {
  const days = [...new Set(sightings.map((d) => Math.floor(d.getTime() / DAY_MS)))].sort((a, b) => a - b);
  if (days.length < 2) return undefined;
  const gaps: number[] = [];
  for (let i = 1; i < days.length; i++) gaps.push(days[i] - days[i - 1]);
  gaps.sort((a, b) => a - b);
  return quantile(gaps, SILENCE_RULE.quantile);
}

export function assessSilence(input: SilenceInput, rule: SilenceRule = SILENCE_RULE): SilenceVerdict {
  const times = input.sightings.map((d) => d.getTime()).filter((t) => t <= input.now.getTime());
  if (times.length === 0) return { silent: false, reason: 'never seen' };
  const lastSeenMs = Math.max(...times);
  const lastSeen = new Date(lastSeenMs);
  const daysSilent = (input.now.getTime() - lastSeenMs) / DAY_MS;
  let thresholdDays: number;
  if (input.silenceDays !== undefined) {
    thresholdDays = input.silenceDays;
  } else {
    const distinctDays = new Set(times.map((t) => Math.floor(t / DAY_MS))).size;
    if (distinctDays < rule.minSightings) return { silent: false, lastSeen, daysSilent, reason: 'too few sightings to know his usual gap' };
    const gap = usualGapDays(times.map((t) => new Date(t))) ?? rule.minDays;
    thresholdDays = Math.min(rule.maxDays, Math.max(rule.minDays, gap * rule.factor));
  }
  if (daysSilent > thresholdDays) return { silent: true, since: lastSeen, lastSeen, thresholdDays, daysSilent };
  return { silent: false, lastSeen, thresholdDays, daysSilent, reason: 'seen within his usual gap' };
}
