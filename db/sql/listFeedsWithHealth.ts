import { cadenceBounds } from '../../lib/feeds/cadence.ts';
import type { Db } from '../pool.ts';

export interface FeedHealthRow {
  id: string;
  name: string;
  kind: string;
  url: string;
  enabled: boolean;
  interval_seconds: number;
  /** what the scheduler uses now; null before the first fetch (then interval_seconds) */
  effective_interval_seconds: number | null;
  /** why (CadenceReason of lib/feeds/cadence.ts); null before the first fetch */
  cadence_reason: string | null;
  /** ops pinned it to interval_seconds */
  pinned: boolean;
  /** longest interval the cadence may stretch it to */
  max_interval_seconds: number;
  healthy: boolean;
  last_success_at: Date | null;
  last_error: string | null;
  last_error_kind: string | null;
  last_error_at: Date | null;
  /** failures in a row */
  consecutive_failures: number;
  /** new items per day over the last 7 days */
  items_per_day: number;
  /** median fetch duration over the last 7 days (the mean of rolled-up days when no run is recent); null without runs */
  median_fetch_ms: number | null;
  runs_7d: number;
}

/**
 * Every feed (or one) with its health and the last 7 days of fetch runs summarised: the runs still stored plus
 * the daily counts retention rolled them up into (a run is in exactly one of the two).
 */
export async function listFeedsWithHealth(db: Db, feedId: string | null = null): Promise<FeedHealthRow[]> {
  const r = await db.query<Omit<FeedHealthRow, 'max_interval_seconds'> & { config_max: number | null; config_min: number | null }>(
    `SELECT f.id, f.name, f.kind, f.url, f.enabled, f.interval_seconds, f.effective_interval_seconds, f.cadence_reason,
            coalesce((f.config->>'pin')::boolean, false) AS pinned, (f.config->>'maxIntervalSeconds')::int AS config_max,
            (f.config->>'minIntervalSeconds')::int AS config_min, f.healthy,
            f.last_success_at, f.last_error, f.last_error_kind, f.last_error_at, f.consecutive_failures,
            (coalesce(r.items_new, 0) + coalesce(d.items_new, 0))::float8 / 7 AS items_per_day,
            coalesce(r.median_ms, d.mean_ms) AS median_fetch_ms, (coalesce(r.runs, 0) + coalesce(d.runs, 0))::int AS runs_7d
       FROM feeds f
       LEFT JOIN LATERAL (
         SELECT sum(items_new) AS items_new, count(*) AS runs,
                percentile_cont(0.5) WITHIN GROUP (ORDER BY duration_ms) AS median_ms
           FROM fetch_runs WHERE feed_id = f.id AND started_at > now() - interval '7 days') r ON true
       LEFT JOIN LATERAL (
         SELECT sum(items_new) AS items_new, sum(runs) AS runs, sum(duration_ms_sum)::float8 / nullif(sum(runs), 0) AS mean_ms
           FROM fetch_run_days WHERE feed_id = f.id AND day > (now() AT TIME ZONE 'UTC')::date - 7) d ON true
      WHERE $1::text IS NULL OR f.id = $1
      ORDER BY f.id`,
    [feedId],
  );
  return r.rows.map(({ config_max, config_min, ...f }) => ({
    ...f,
    max_interval_seconds: cadenceBounds({
      intervalSeconds: f.interval_seconds,
      maxIntervalSeconds: config_max ?? undefined,
      minIntervalSeconds: config_min ?? undefined,
    }).maxSeconds,
  }));
}
