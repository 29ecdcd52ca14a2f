import type { Db } from '../pool.ts';

/** A piece of work and when it was written (a transaction's start time: never later than its commit). */
export interface UnfinishedRow {
  id: number;
  at: Date;
}

export interface UnfinishedWork {
  toAnalyze: UnfinishedRow[];
  toAlert: UnfinishedRow[];
  toNotify: Array<UnfinishedRow & { kind: string }>;
}

/**
 * Work committed but not yet taken up by the next stage, older than `graceSeconds`: stored items not analyzed,
 * analyzed items not alerted, alerts whose kind was not handed to the deliver stage. Most of it is merely
 * queued or in the hands of a running job; the scheduler's sweeper (queues/sweeper.ts) tells those apart from
 * hand-offs that were really lost.
 */
export async function findUnfinishedWork(db: Db, graceSeconds = 30, limit = 5000): Promise<UnfinishedWork> {
  const r = await db.query<{ stage: string; id: number; at: Date; kind: string | null }>(
    `(SELECT 'analyze' AS stage, id, coalesce(updated_at, fetched_at) AS at, NULL AS kind FROM items
       WHERE analyzed_revision < revision AND coalesce(updated_at, fetched_at) < now() - make_interval(secs => $1) LIMIT $2)
     UNION ALL
     (SELECT 'alert', id, analyzed_at, NULL FROM items
       WHERE alerted_revision < analyzed_revision AND analyzed_at < now() - make_interval(secs => $1) LIMIT $2)
     UNION ALL
     (SELECT 'notify', id, updated_at, kind FROM alerts
       WHERE notified_kind IS DISTINCT FROM kind AND updated_at < now() - make_interval(secs => $1) LIMIT $2)`,
    [graceSeconds, limit],
  );
  const out: UnfinishedWork = { toAnalyze: [], toAlert: [], toNotify: [] };
  for (const row of r.rows) {
    if (row.stage === 'analyze') out.toAnalyze.push({ id: row.id, at: row.at });
    else if (row.stage === 'alert') out.toAlert.push({ id: row.id, at: row.at });
    else out.toNotify.push({ id: row.id, at: row.at, kind: row.kind ?? '' });
  }
  return out;
}
