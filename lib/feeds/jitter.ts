import { fmix32, hashString } from '../hash32.ts';

/**
 * Deterministic spreading of feed schedules, pure. A thousand feeds configured with the same interval must
 * not fire on the same second: each gets a phase offset inside its interval derived from its id, stable across
 * restarts (so a restarted scheduler does not shift every feed) and evenly spread by a good hash.
 */

/** 32-bit FNV-1a over the UTF-16 code units, then a murmur3 finalizer so nearby ids land far apart. */
export function hash32(s: string): number {
  return fmix32(hashString(s));
}

/** Phase of a feed inside its interval, in whole milliseconds, 0 ≤ offset < intervalMs. */
export function scheduleOffsetMs(feedId: string, intervalMs: number): number {
  if (intervalMs <= 1) return 0;
  return Math.floor((hash32(feedId) / 0x1_0000_0000) * intervalMs);
}

/**
 * A small extra delay for one run of a feed (e.g. the n-th fetch), up to `fraction` of the interval and at
 * most `maxMs`: keeps feeds whose phases collide from staying in lockstep. Deterministic in (feedId, run).
 */
export function runJitterMs(feedId: string, run: number, intervalMs: number, fraction = 0.1, maxMs = 60_000): number {
  const span = Math.min(intervalMs * fraction, maxMs);
  if (span < 1) return 0;
  return Math.floor((hash32(`${feedId}#${run}`) / 0x1_0000_0000) * span);
}

/** The next fire time on the feed's own grid (multiples of the interval plus its offset) strictly after `nowMs`. */
export function nextSlotMs(feedId: string, intervalMs: number, nowMs: number): number {
  const offset = scheduleOffsetMs(feedId, intervalMs);
  const k = Math.floor((nowMs - offset) / intervalMs) + 1;
  return k * intervalMs + offset;
}
