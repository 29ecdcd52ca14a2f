import type { Db } from '../pool.ts';

/**
 * The English of these alerts has landed (or their translation has ended without it): deliveries planned to
 * wait for it become due now instead of at the end of their wait. Returns the alerts that had some.
 */
export async function releaseDeliveriesAwaitingEnglish(db: Db, alertIds: number[]): Promise<number[]> {
  if (alertIds.length === 0) return [];
  const r = await db.query<{ alert_id: number }>(
    `UPDATE deliveries SET awaiting_en = false, next_attempt_at = least(next_attempt_at, now()), updated_at = now()
      WHERE alert_id = ANY($1::bigint[]) AND status = 'pending' AND awaiting_en
      RETURNING alert_id`,
    [alertIds],
  );
  return [...new Set(r.rows.map((x) => Number(x.alert_id)))];
}
