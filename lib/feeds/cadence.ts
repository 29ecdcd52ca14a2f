import { healthBackoffFactor, MAX_BACKOFF_SECONDS, type FeedHealth } from './feedHealth.ts';

/**
 * When a feed is polled, pure. A feed that rarely has anything new is polled less, one that often does more
 * often, within bounds an operator sets per feed (and never past its `maxIntervalSeconds`: by default twice the
 * interval ops set). A feed that has just published is polled much sooner for a few minutes (a burst), so the
 * second item of a developing story arrives in seconds, not one stretched interval later. Ops can pin a feed
 * to its set interval. Health backoff, robots.txt's Crawl-delay and a server's Retry-After are laid on top in
 * {@link planNextFetch}, which also says which of these decided the interval, for ops to see.
 */
export interface CadenceBounds {
  baseSeconds: number;
  minSeconds: number;
  maxSeconds: number;
}

/** A feed's cadence settings, as in config/feedsSchema.ts. */
export interface CadenceConfig {
  intervalSeconds: number;
  minIntervalSeconds?: number;
  maxIntervalSeconds?: number;
  /** keep the set interval: no adapting to yield and no bursts */
  pin?: boolean;
  burstIntervalSeconds?: number;
  burstWindowSeconds?: number;
}

/** Longest interval a feed config may ask for (7 days), as in config/feedsSchema.ts. */
const CONFIG_MAX_SECONDS = 7 * 86400;

/**
 * Bounds from a feed's config; without explicit ones, a quarter of the interval (never under 10 s) to twice
 * it. An inverted pair is put right rather than refused: the base interval always lies inside.
 */
export function cadenceBounds(feed: CadenceConfig): CadenceBounds {
  const base = feed.intervalSeconds;
  const min = Math.min(feed.minIntervalSeconds ?? Math.max(10, Math.round(base / 4)), base);
  const max = Math.max(feed.maxIntervalSeconds ?? Math.min(base * 2, CONFIG_MAX_SECONDS), base);
  return { baseSeconds: base, minSeconds: Math.max(10, min), maxSeconds: max };
}

export interface BurstSettings {
  /** interval while the burst lasts */
  intervalSeconds: number;
  /** how long after the last new item the burst lasts; 0: no bursts */
  windowSeconds: number;
}

/** @defaultValue how long a burst lasts after the feed's last new item */
export const DEFAULT_BURST_WINDOW_SECONDS = 600;

/**
 * A feed's burst: by default a tenth of its interval, from 10 to 30 s (a 5-minute feed is polled every 30 s for
 * ten minutes after it publishes), never under an explicit `minIntervalSeconds` nor over the interval itself.
 */
export function burstSettings(feed: CadenceConfig): BurstSettings {
  const base = feed.intervalSeconds;
  const wanted = feed.burstIntervalSeconds ?? Math.min(30, Math.max(10, Math.round(base / 10)));
  return {
    intervalSeconds: Math.min(base, Math.max(wanted, feed.minIntervalSeconds ?? 10)),
    windowSeconds: feed.pin ? 0 : (feed.burstWindowSeconds ?? DEFAULT_BURST_WINDOW_SECONDS),
  };
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

/**
 * Why a feed's interval is what it is, most specific last in {@link planNextFetch}'s order:
 * - `set`: the interval ops set;
 * - `pinned`: the set interval, because ops pinned the feed;
 * - `adapted_faster`, `adapted_slower`: adapted to what recent fetches yielded (within the feed's bounds);
 * - `burst`: the feed published moments ago and is polled sooner for a few minutes;
 * - `backoff`: backing off after failures (see feedHealth.ts);
 * - `crawl_delay`: robots.txt asks for at least this long between requests;
 * - `retry_after`: the server asked us to wait (Retry-After).
 */
export type CadenceReason = 'set' | 'pinned' | 'adapted_faster' | 'adapted_slower' | 'burst' | 'backoff' | 'crawl_delay' | 'retry_after';

export interface FetchPlan {
  /** Seconds until the next fetch. */
  intervalSeconds: number;
  /** Not to be fetched before this (Retry-After, or backoff); null when the interval alone decides. */
  notBefore: Date | null;
  reason: CadenceReason;
}

/**
 * When to fetch next, in this order, each step overriding the one before when it says so: the set interval
 * (pinned) or the one adapted to yield; a burst while the feed published within its burst window; for an
 * unhealthy feed, at least its base interval times the backoff factor (capped at {@link MAX_BACKOFF_SECONDS},
 * or the feed's own max if longer); at least the site's Crawl-delay; and never sooner than the server asked
 * with Retry-After (at most a day).
 */
export function planNextFetch(args: {
  adaptedSeconds: number;
  bounds: CadenceBounds;
  health: FeedHealth;
  retryAfterMs?: number | null;
  crawlDelaySeconds?: number | null;
  pinned?: boolean;
  burst?: BurstSettings;
  /** when the feed last stored a new item */
  lastNewItemAt?: Date | null;
  now: Date;
}): FetchPlan {
  const { bounds, health, now } = args;
  let interval = args.pinned ? bounds.baseSeconds : args.adaptedSeconds;
  let reason: CadenceReason = args.pinned
    ? 'pinned'
    : interval < bounds.baseSeconds
      ? 'adapted_faster'
      : interval > bounds.baseSeconds
        ? 'adapted_slower'
        : 'set';
  const sincePublished = args.lastNewItemAt ? (now.getTime() - args.lastNewItemAt.getTime()) / 1000 : Infinity;
  if (!args.pinned && args.burst && sincePublished < args.burst.windowSeconds && args.burst.intervalSeconds < interval) {
    interval = args.burst.intervalSeconds;
    reason = 'burst';
  }
  if (!health.healthy) {
    const cap = Math.max(MAX_BACKOFF_SECONDS, bounds.maxSeconds);
    interval = Math.min(Math.max(args.adaptedSeconds, bounds.baseSeconds) * healthBackoffFactor(health), cap);
    reason = 'backoff';
  }
  if (args.crawlDelaySeconds && args.crawlDelaySeconds > interval) {
    interval = Math.min(args.crawlDelaySeconds, 86400);
    reason = 'crawl_delay';
  }
  const retryAfterSeconds = args.retryAfterMs && args.retryAfterMs > 0 ? Math.ceil(args.retryAfterMs / 1000) : 0;
  if (retryAfterSeconds > interval) {
    // a server's wish beyond a day is not honoured in full: the feed would look dead to ops
    interval = Math.min(retryAfterSeconds, 86400);
    reason = 'retry_after';
  }
  interval = Math.round(interval);
  const holdsBack = reason === 'backoff' || reason === 'retry_after';
  return { intervalSeconds: interval, notBefore: holdsBack ? new Date(now.getTime() + interval * 1000) : null, reason };
}

/** What ops read beside the interval: why the feed is polled at the pace it is. */
export function explainCadence(f: {
  interval_seconds: number;
  effective_interval_seconds: number | null;
  cadence_reason: string | null;
  consecutive_failures: number;
  max_interval_seconds: number;
  pinned: boolean;
}): string {
  const every = f.effective_interval_seconds ?? f.interval_seconds;
  const reason = f.cadence_reason as CadenceReason | null;
  if (f.pinned && (reason === null || reason === 'set')) return 'pinned to the set interval';
  switch (reason) {
    case 'pinned':
      return 'pinned to the set interval';
    case 'adapted_faster':
      return 'adapted: recent fetches kept finding new items';
    case 'adapted_slower':
      return `adapted: recent fetches found nothing new (at most every ${f.max_interval_seconds} s)`;
    case 'burst':
      return 'burst: it just published, so it is polled sooner for a few minutes';
    case 'backoff':
      return `backing off after ${f.consecutive_failures} failed fetch${f.consecutive_failures === 1 ? '' : 'es'} in a row`;
    case 'crawl_delay':
      return `its robots.txt asks for ${every} s between requests (Crawl-delay)`;
    case 'retry_after':
      return 'the server asked us to wait (Retry-After)';
    default:
      return every === f.interval_seconds ? 'as set' : 'adapted';
  }
}

const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));
