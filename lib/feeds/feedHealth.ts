import type { FetchErrorKind } from '../fetch/errors.ts';

/**
 * Per-feed health, pure. Failures add a weight by kind to a score that one success clears; past the threshold
 * the feed is unhealthy and backs off (see cadence.ts), yet keeps being tried at a slow rate so it recovers
 * on its own. A DNS failure, a 404 or an unavailable Telegram preview say the feed is likely gone; a timeout
 * or a 503 is often passing, so it takes several of them to mark a feed unhealthy.
 */
export interface FeedHealth {
  consecutiveFailures: number;
  /** Sum of the weights of the failures since the last success. */
  failureScore: number;
  healthy: boolean;
  lastSuccessAt: Date | null;
  lastErrorAt: Date | null;
  lastErrorKind: FetchErrorKind | null;
  lastError: string | null;
}

export type FetchOutcome = { ok: true } | { ok: false; kind: FetchErrorKind; message: string; status?: number };

/** A score at or above this marks the feed unhealthy: two DNS failures, or six timeouts in a row. */
export const UNHEALTHY_SCORE = 6;

/** @defaultValue weight per failure kind; `http` is refined by status in {@link failureWeight}. */
export const FAILURE_WEIGHTS: Record<FetchErrorKind, number> = {
  bad_url: 6,
  refused_address: 6,
  dns: 3,
  unavailable: 3,
  robots: 3,
  tls: 2,
  malformed: 2,
  too_large: 2,
  redirect: 2,
  http: 2,
  browser: 1,
  timeout: 1,
  connect: 1,
  internal: 1,
  rate_limited: 0.5,
};

export function failureWeight(kind: FetchErrorKind, status?: number): number {
  if (kind === 'http' && status !== undefined) {
    if (status === 404 || status === 410) return 3;
    if (status === 429) return FAILURE_WEIGHTS.rate_limited;
    if (status >= 500) return 1;
  }
  return FAILURE_WEIGHTS[kind];
}

export function initialHealth(): FeedHealth {
  return {
    consecutiveFailures: 0,
    failureScore: 0,
    healthy: true,
    lastSuccessAt: null,
    lastErrorAt: null,
    lastErrorKind: null,
    lastError: null,
  };
}

/** The health after one fetch. The last error is kept after a success so ops can still see what it was. */
export function applyFetchOutcome(prev: FeedHealth, outcome: FetchOutcome, now: Date): FeedHealth {
  if (outcome.ok) return { ...prev, consecutiveFailures: 0, failureScore: 0, healthy: true, lastSuccessAt: now };
  const failureScore = prev.failureScore + failureWeight(outcome.kind, outcome.status);
  return {
    ...prev,
    consecutiveFailures: prev.consecutiveFailures + 1,
    failureScore,
    healthy: failureScore < UNHEALTHY_SCORE,
    lastErrorAt: now,
    lastErrorKind: outcome.kind,
    lastError: outcome.message,
  };
}

/** Longest interval an unhealthy feed backs off to: it is still tried a few times a day. */
export const MAX_BACKOFF_SECONDS = 6 * 3600;

/**
 * How much longer than its cadence an unhealthy feed waits: doubling with each failure past the threshold,
 * capped by the caller at {@link MAX_BACKOFF_SECONDS}. A healthy feed gets 1 (BullMQ's own retries handle a
 * passing error).
 */
export function healthBackoffFactor(h: FeedHealth): number {
  if (h.healthy) return 1;
  const over = Math.max(0, Math.ceil((h.failureScore - UNHEALTHY_SCORE) / 2));
  return 2 ** Math.min(1 + over, 8);
}

/** One recorded fetch run, as `fetch_runs` holds it. */
export interface FetchRunSummaryInput {
  startedAt: Date;
  durationMs: number;
  itemsNew: number;
  /** ok | not_modified | unchanged | error */
  outcome: string;
}

export interface HealthSummary {
  runs: number;
  errors: number;
  /** New items per day over the window actually covered by the runs (at least one hour, so one lucky run is not a rate). */
  itemsPerDay: number;
  /** Median duration of the runs, errors included; null without runs. */
  medianFetchMs: number | null;
}

export function summarizeHealth(runs: FetchRunSummaryInput[], now: Date, windowMs = 7 * 86400_000): HealthSummary {
  const recent = runs.filter((r) => now.getTime() - r.startedAt.getTime() <= windowMs && r.startedAt.getTime() <= now.getTime());
  if (recent.length === 0) return { runs: 0, errors: 0, itemsPerDay: 0, medianFetchMs: null };
  const oldest = Math.min(...recent.map((r) => r.startedAt.getTime()));
  const spanMs = Math.max(now.getTime() - oldest, 3600_000);
  const items = recent.reduce((s, r) => s + r.itemsNew, 0);
  return {
    runs: recent.length,
    errors: recent.filter((r) => r.outcome === 'error').length,
    itemsPerDay: Math.round((items * 86400_000 * 10) / spanMs) / 10,
    medianFetchMs: median(recent.map((r) => r.durationMs)),
  };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}
