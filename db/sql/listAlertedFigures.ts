import type { Db } from '../pool.ts';

/** (item, figure) pairs already attached to an alert, with the alert: an edit must not raise a second one. */
export async function listAlertedFigures(db: Db, itemIds: number[]): Promise<Array<{ item_id: number; figure_id: string; alert_id: number }>> {
  const r = await db.query<{ item_id: number; figure_id: string; alert_id: number }>(
    'SELECT item_id, figure_id, alert_id FROM alert_sources WHERE item_id = ANY($1::bigint[])',
    [itemIds],
  );
  return r.rows;
}
