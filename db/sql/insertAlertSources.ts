import type { Db } from '../pool.ts';

/** Attaches (item, figure) pairs to their alert; the primary key makes a rerun a no-op. */
export async function insertAlertSources(db: Db, rows: Array<{ itemId: number; figureId: string; alertId: number; feedId: string }>): Promise<void> {
  if (rows.length === 0) return;
  await db.query(
    `INSERT INTO alert_sources (item_id, figure_id, alert_id, feed_id)
     SELECT * FROM unnest($1::bigint[], $2::text[], $3::bigint[], $4::text[])
     ON CONFLICT (item_id, figure_id) DO NOTHING`,
    [rows.map((r) => r.itemId), rows.map((r) => r.figureId), rows.map((r) => r.alertId), rows.map((r) => r.feedId)],
  );
}
