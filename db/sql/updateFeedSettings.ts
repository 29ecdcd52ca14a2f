import type { Db } from '../pool.ts';
import type { FeedRow } from '../rows.ts';

export interface FeedSettingsChange {
  enabled?: boolean;
  intervalSeconds?: number;
  /** IANA zone for times the outlet writes without one (validated by the caller). */
  timezone?: string;
}

/**
 * Turns a feed on or off and/or changes its interval or time zone; the stored config follows so `feeds list` and the
 * feeds file export agree. A new interval also resets the adaptive cadence. Null when there is no such feed.
 */
export async function updateFeedSettings(db: Db, feedId: string, change: FeedSettingsChange): Promise<FeedRow | null> {
  const r = await db.query<FeedRow>(
    `UPDATE feeds SET
        enabled = coalesce($2, enabled),
        interval_seconds = coalesce($3, interval_seconds),
        effective_interval_seconds = CASE WHEN $3::integer IS NULL THEN effective_interval_seconds END,
        config = config || jsonb_strip_nulls(jsonb_build_object('enabled', $2::boolean, 'intervalSeconds', $3::integer, 'timezone', $4::text)),
        updated_at = now()
      WHERE id = $1 RETURNING *`,
    [feedId, change.enabled ?? null, change.intervalSeconds ?? null, change.timezone ?? null],
  );
  return r.rows[0] ?? null;
}
