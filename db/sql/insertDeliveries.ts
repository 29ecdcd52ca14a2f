import type { Db } from '../pool.ts';

/**
 * Records that an alert is owed to these subscriptions. The UNIQUE (alert, subscription) pair makes a second
 * run of the same job a no-op; returns how many rows were new.
 */
export async function insertDeliveries(db: Db, alertId: number, subscriptionIds: number[]): Promise<number> {
  if (subscriptionIds.length === 0) return 0;
  const r = await db.query(
    `INSERT INTO deliveries (alert_id, subscription_id)
     SELECT $1, unnest($2::bigint[]) ON CONFLICT (alert_id, subscription_id) DO NOTHING`,
    [alertId, subscriptionIds],
  );
  return r.rowCount ?? 0;
}
