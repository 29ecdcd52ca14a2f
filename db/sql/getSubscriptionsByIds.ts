import type { Db } from '../pool.ts';
import type { SubscriptionRow } from './webRows.ts';

export async function getSubscriptionsByIds(db: Db, ids: number[]): Promise<SubscriptionRow[]> {
  const r = await db.query<SubscriptionRow>('SELECT * FROM subscriptions WHERE id = ANY($1::bigint[])', [ids]);
  return r.rows;
}
