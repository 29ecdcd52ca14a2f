import type { Db } from '../pool.ts';
import type { FeedRow } from '../rows.ts';

export interface FeedSettingsChange {
  enabled?: boolean;
  intervalSeconds?: number;
  /** keep the set interval (no adapting, no bursts) */
  pin?: boolean;
  /** longest interval the cadence may stretch to; null goes back to the default (twice the interval) */
  maxIntervalSeconds?: number | null;
  /** IANA zone for times the outlet writes without one (validated by the caller) */
  timezone?: string;
}

/**
 * Turns a feed on or off and/or changes its cadence settings or time zone; the stored config follows so `feeds
 * list` and the feeds file export agree. A change of interval, pin or max interval starts the cadence afresh
 * from the set interval (the scheduler follows at once). Null when there is no such feed.
 */
export async function updateFeedSettings(db: Db, feedId: string, change: FeedSettingsChange): Promise<FeedRow | null> {
  const cadenceChanged = change.intervalSeconds !== undefined || change.pin !== undefined || change.maxIntervalSeconds !== undefined;
  const r = await db.query<FeedRow>(
    `UPDATE feeds SET
        enabled = coalesce($2, enabled),
        interval_seconds = coalesce($3, interval_seconds),
        effective_interval_seconds = CASE WHEN $4 THEN NULL ELSE effective_interval_seconds END,
        adapted_interval_seconds = CASE WHEN $4 THEN NULL ELSE adapted_interval_seconds END,
        cadence_reason = CASE WHEN $4 THEN NULL ELSE cadence_reason END,
        config = (CASE WHEN $7 THEN config - 'maxIntervalSeconds' ELSE config END)
                 || jsonb_strip_nulls(jsonb_build_object('enabled', $2::boolean, 'intervalSeconds', $3::integer, 'pin', $5::boolean,
                                                         'maxIntervalSeconds', $6::integer, 'timezone', $8::text)),
        updated_at = now()
      WHERE id = $1 RETURNING *`,
    [
      feedId,
      change.enabled ?? null,
      change.intervalSeconds ?? null,
      cadenceChanged,
      change.pin ?? null,
      change.maxIntervalSeconds ?? null,
      change.maxIntervalSeconds === null,
      change.timezone ?? null,
    ],
  );
  return r.rows[0] ?? null;
}
