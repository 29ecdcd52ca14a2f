import type { Db } from '../pool.ts';

/**
 * Records which kind was handed to the deliver stage, so the sweeper can tell a lost hand-off. Never moves
 * back: two alert jobs that changed the same alert (one created it as a mention, the other upgraded it to a
 * debunk) may record in either order, and the weaker kind recorded last made the sweeper see a lost hand-off
 * of the debunk that had in fact been delivered.
 */
export async function markAlertsNotified(db: Db, alerts: Array<{ id: number; kind: string }>): Promise<void> {
  if (alerts.length === 0) return;
  await db.query(
    `UPDATE alerts SET notified_kind = x.kind
       FROM (SELECT DISTINCT ON (id) id, kind FROM unnest($1::bigint[], $2::text[]) AS u(id, kind)
              ORDER BY id, raqib_kind_rank(kind) DESC) AS x
      WHERE alerts.id = x.id AND raqib_kind_rank(x.kind) >= raqib_kind_rank(coalesce(alerts.notified_kind, ''))`,
    [alerts.map((a) => a.id), alerts.map((a) => a.kind)],
  );
}
