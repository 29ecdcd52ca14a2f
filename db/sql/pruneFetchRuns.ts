import type { Db } from '../pool.ts';

/**
 * Rolls up to `limit` fetch runs started before `cutoff` into fetch_run_days (one row per feed and UTC day)
 * and deletes them, in one statement: a run is counted in the rollup exactly when it is gone from fetch_runs,
 * whatever crashes in between. Rows another transaction holds are skipped. Returns how many runs went.
 */
export async function pruneFetchRuns(db: Db, cutoff: Date, limit: number): Promise<number> {
  const r = await db.query<{ n: number }>(
    `WITH batch AS (
       SELECT id FROM fetch_runs WHERE started_at < $1 ORDER BY started_at LIMIT $2 FOR UPDATE SKIP LOCKED
     ), gone AS (
       DELETE FROM fetch_runs r USING batch WHERE r.id = batch.id
       RETURNING r.feed_id, r.started_at, r.outcome, r.items_seen, r.items_new, r.items_updated, r.items_dropped, r.duration_ms
     ), rolled AS (
       INSERT INTO fetch_run_days AS d (feed_id, day, runs, errors, unchanged, items_seen, items_new, items_updated, items_dropped, duration_ms_sum)
       SELECT feed_id, (started_at AT TIME ZONE 'UTC')::date, count(*),
              count(*) FILTER (WHERE outcome = 'error'), count(*) FILTER (WHERE outcome IN ('not_modified', 'unchanged')),
              sum(items_seen), sum(items_new), sum(items_updated), sum(items_dropped), sum(duration_ms)
         FROM gone GROUP BY 1, 2
       ON CONFLICT (feed_id, day) DO UPDATE SET
         runs = d.runs + EXCLUDED.runs, errors = d.errors + EXCLUDED.errors, unchanged = d.unchanged + EXCLUDED.unchanged,
         items_seen = d.items_seen + EXCLUDED.items_seen, items_new = d.items_new + EXCLUDED.items_new,
         items_updated = d.items_updated + EXCLUDED.items_updated, items_dropped = d.items_dropped + EXCLUDED.items_dropped,
         duration_ms_sum = d.duration_ms_sum + EXCLUDED.duration_ms_sum
       RETURNING 1
     )
     SELECT count(*)::int AS n FROM gone`,
    [cutoff, limit],
  );
  return r.rows[0].n;
}
