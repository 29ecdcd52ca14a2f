import type { Db } from '../pool.ts';
import type { Channel, SubscriptionRow } from './webRows.ts';

export interface SubscriptionInput {
  userId: number;
  figureIds: string[];
  kinds: string[];
  channel: Channel;
  target: string;
  secret: string | null;
  smtpUrl: string | null;
}

export async function createSubscription(db: Db, s: SubscriptionInput): Promise<SubscriptionRow> {
  const r = await db.query<SubscriptionRow>(
    `INSERT INTO subscriptions (user_id, figure_ids, kinds, channel, target, secret, smtp_url)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *`,
    [s.userId, s.figureIds, s.kinds, s.channel, s.target, s.secret, s.smtpUrl],
  );
  return r.rows[0];
}
