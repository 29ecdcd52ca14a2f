import type { Db } from '../pool.ts';

/**
 * Records that an alert, as of its current kind, is owed to these subscriptions. UNIQUE (alert, subscription,
 * kind) makes a second run of the same job a no-op; an upgrade (mention -> debunk) is owed once more.
 * Returns how many rows were new.
 */
export async function insertDeliveries(db: Db, alertId: number, kind: string, subscriptionIds: number[]): Promise<number> {
  if (subscriptionIds.length === 0) return 0;
  const r = await db.query(
    `INSERT INTO deliveries (alert_id, kind, subscription_id)
     SELECT $1, $2, unnest($3::bigint[]) ON CONFLICT (alert_id, subscription_id, kind) DO NOTHING`,
    [alertId, kind, subscriptionIds],
  );
  return r.rowCount ?? 0;
}
