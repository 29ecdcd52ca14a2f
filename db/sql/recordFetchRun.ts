import type { Db } from '../pool.ts';
import type { FetchRunRow } from '../rows.ts';

export type NewFetchRun = Omit<FetchRunRow, 'id' | 'finished_at'>;

export async function recordFetchRun(db: Db, run: NewFetchRun): Promise<number> {
  const r = await db.query<{ id: number }>(
    `INSERT INTO fetch_runs (feed_id, started_at, duration_ms, http_status, outcome, items_seen, items_new,
       items_updated, items_dropped, error_kind, error, notes)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id`,
    [
      run.feed_id,
      run.started_at,
      run.duration_ms,
      run.http_status,
      run.outcome,
      run.items_seen,
      run.items_new,
      run.items_updated,
      run.items_dropped,
      run.error_kind,
      run.error,
      run.notes,
    ],
  );
  return r.rows[0].id;
}
