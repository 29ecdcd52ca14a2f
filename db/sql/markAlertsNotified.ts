import type { Db } from '../pool.ts';

/** Records which kind was handed to the deliver stage, so the sweeper can tell a lost hand-off. */
export async function markAlertsNotified(db: Db, alerts: Array<{ id: number; kind: string }>): Promise<void> {
  if (alerts.length === 0) return;
  await db.query(`UPDATE alerts SET notified_kind = x.kind FROM unnest($1::bigint[], $2::text[]) AS x(id, kind) WHERE alerts.id = x.id`, [
    alerts.map((a) => a.id),
    alerts.map((a) => a.kind),
  ]);
}
