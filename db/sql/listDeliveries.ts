import type { Db } from '../pool.ts';
import type { DeliveryRow } from './webRows.ts';

export interface DeliveryLogRow extends DeliveryRow {
  channel: string;
  target: string;
  figure_id: string;
}

/** The delivery log of one user's subscriptions, newest first. */
export async function listDeliveries(db: Db, userId: number, limit = 100): Promise<DeliveryLogRow[]> {
  const r = await db.query<DeliveryLogRow>(
    `SELECT d.*, s.channel, s.target, a.figure_id
       FROM deliveries d JOIN subscriptions s ON s.id = d.subscription_id JOIN alerts a ON a.id = d.alert_id
      WHERE s.user_id = $1 ORDER BY d.id DESC LIMIT $2`,
    [userId, limit],
  );
  return r.rows;
}
