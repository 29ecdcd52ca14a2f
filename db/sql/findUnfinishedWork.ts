import type { Db } from '../pool.ts';

export interface UnfinishedWork {
  toAnalyze: number[];
  toAlert: number[];
  toNotify: Array<{ id: number; kind: string }>;
}

/**
 * Work a crashed stage committed but never handed on (killed between its COMMIT and its enqueue), older than
 * `graceSeconds` so jobs still in flight are left alone. The scheduler's sweeper re-enqueues it.
 */
export async function findUnfinishedWork(db: Db, graceSeconds = 30, limit = 5000): Promise<UnfinishedWork> {
  const r = await db.query<{ stage: string; id: number; kind: string | null }>(
    `(SELECT 'analyze' AS stage, id, NULL AS kind FROM items
       WHERE analyzed_revision < revision AND coalesce(updated_at, fetched_at) < now() - make_interval(secs => $1) LIMIT $2)
     UNION ALL
     (SELECT 'alert', id, NULL FROM items
       WHERE alerted_revision < analyzed_revision AND analyzed_at < now() - make_interval(secs => $1) LIMIT $2)
     UNION ALL
     (SELECT 'notify', id, kind FROM alerts
       WHERE notified_kind IS DISTINCT FROM kind AND updated_at < now() - make_interval(secs => $1) LIMIT $2)`,
    [graceSeconds, limit],
  );
  const out: UnfinishedWork = { toAnalyze: [], toAlert: [], toNotify: [] };
  for (const row of r.rows) {
    if (row.stage === 'analyze') out.toAnalyze.push(row.id);
    else if (row.stage === 'alert') out.toAlert.push(row.id);
    else out.toNotify.push({ id: row.id, kind: row.kind ?? '' });
  }
  return out;
}
