import type { Db } from '../pool.ts';

/** Removes one of the user's own subscriptions; false when there is no such subscription of theirs. */
export async function deleteSubscription(db: Db, userId: number, subscriptionId: number): Promise<boolean> {
  const r = await db.query('DELETE FROM subscriptions WHERE id = $1 AND user_id = $2', [subscriptionId, userId]);
  return (r.rowCount ?? 0) > 0;
}
