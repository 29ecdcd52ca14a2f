import { healthBackoffFactor, MAX_BACKOFF_SECONDS, type FeedHealth } from './feedHealth.ts';

/**
 * Adaptive polling interval, pure. A feed that rarely has anything new is polled less, one that always does
 * is polled more, within bounds an operator sets per feed. Health backoff and a server's Retry-After are laid
 * on top in {@link planNextFetch}.
 */
export interface CadenceBounds {
  baseSeconds: number;
  minSeconds: number;
  maxSeconds: number;
}

/** Longest interval a feed config may ask for (7 days), as in config/feedsSchema.ts. */
const CONFIG_MAX_SECONDS = 7 * 86400;

/**
 * Bounds from a feed's config; without explicit ones, a quarter of the interval (never under 10 s) to eight
 * times it. An inverted pair is put right rather than refused: the base interval always lies inside.
 */
export function cadenceBounds(feed: { intervalSeconds: number; minIntervalSeconds?: number; maxIntervalSeconds?: number }): CadenceBounds {
  const base = feed.intervalSeconds;
  const min = Math.min(feed.minIntervalSeconds ?? Math.max(10, Math.round(base / 4)), base);
  const max = Math.max(feed.maxIntervalSeconds ?? Math.min(base * 8, CONFIG_MAX_SECONDS), base);
  return { baseSeconds: base, minSeconds: Math.max(10, min), maxSeconds: max };
}

/** How many recent fetches the cadence looks at, and how few it needs before it moves at all. */
export const CADENCE_WINDOW = 8;
const MIN_EVIDENCE = 3;

/**
 * The next interval from the current one and the new-item counts of recent successful fetches (oldest first).
 * Mostly productive fetches shorten it by 30 %, mostly empty ones lengthen it by 50 %, a mix drifts back toward
 * the configured interval. Small steps keep one odd day from swinging a feed to its bound.
 */
export function adaptInterval(currentSeconds: number, recentNewItems: number[], bounds: CadenceBounds): number {
  const window = recentNewItems.slice(-CADENCE_WINDOW);
  let next = currentSeconds;
  if (window.length >= MIN_EVIDENCE) {
    const hitRatio = window.filter((n) => n > 0).length / window.length;
    if (hitRatio >= 0.75) next = currentSeconds * 0.7;
    else if (hitRatio <= 0.25) next = currentSeconds * 1.5;
    else next = currentSeconds + (bounds.baseSeconds - currentSeconds) * 0.25;
  }
  return clamp(Math.round(next), bounds.minSeconds, bounds.maxSeconds);
}

export interface FetchPlan {
  /** Seconds until the next fetch. */
  intervalSeconds: number;
  /** Not to be fetched before this (Retry-After, or backoff); null when the interval alone decides. */
  notBefore: Date | null;
  reason: 'cadence' | 'backoff' | 'retry_after';
}

/**
 * When to fetch next: the adapted interval; for an unhealthy feed, at least its base interval times the
 * backoff factor (capped at {@link MAX_BACKOFF_SECONDS}, or the feed's own max if longer); and never sooner
 * than the server asked with Retry-After.
 */
export function planNextFetch(args: {
  adaptedSeconds: number;
  bounds: CadenceBounds;
  health: FeedHealth;
  retryAfterMs?: number | null;
  now: Date;
}): FetchPlan {
  const { adaptedSeconds, bounds, health, now } = args;
  let interval = adaptedSeconds;
  let reason: FetchPlan['reason'] = 'cadence';
  if (!health.healthy) {
    const cap = Math.max(MAX_BACKOFF_SECONDS, bounds.maxSeconds);
    interval = Math.min(Math.max(adaptedSeconds, bounds.baseSeconds) * healthBackoffFactor(health), cap);
    reason = 'backoff';
  }
  const retryAfterSeconds = args.retryAfterMs && args.retryAfterMs > 0 ? Math.ceil(args.retryAfterMs / 1000) : 0;
  if (retryAfterSeconds > interval) {
    // a server's wish beyond a day is not honoured in full: the feed would look dead to ops
    interval = Math.min(retryAfterSeconds, 86400);
    reason = 'retry_after';
  }
  interval = Math.round(interval);
  return { intervalSeconds: interval, notBefore: reason === 'cadence' ? null : new Date(now.getTime() + interval * 1000), reason };
}

const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));
