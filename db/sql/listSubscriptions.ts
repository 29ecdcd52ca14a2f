import type { Db } from '../pool.ts';
import type { SubscriptionRow } from './webRows.ts';

/** One user's subscriptions, or (userId null) every enabled one, for matching an alert. */
export async function listSubscriptions(db: Db, userId: number | null): Promise<SubscriptionRow[]> {
  const r = await db.query<SubscriptionRow>(
    userId === null
      ? 'SELECT s.* FROM subscriptions s JOIN users u ON u.id = s.user_id WHERE s.enabled AND NOT u.disabled ORDER BY s.id'
      : 'SELECT * FROM subscriptions WHERE user_id = $1 ORDER BY id',
    userId === null ? [] : [userId],
  );
  return r.rows;
}
