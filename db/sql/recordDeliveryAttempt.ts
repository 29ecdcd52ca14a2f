import type { Db } from '../pool.ts';
import type { DeliveryStatus } from './webRows.ts';

export interface DeliveryAttempt {
  status: DeliveryStatus;
  responseCode: number | null;
  error: string | null;
  /** when to try again (status pending) */
  nextAttemptAt: Date | null;
  /** the body sent carried the complete English (null: nothing was sent) */
  sentEn: boolean | null;
}

/** Writes the outcome of one send into the delivery log. */
export async function recordDeliveryAttempt(db: Db, deliveryId: number, a: DeliveryAttempt): Promise<void> {
  await db.query(
    `UPDATE deliveries SET status = $2, attempts = attempts + 1, response_code = $3, last_error = $4,
            next_attempt_at = coalesce($5, next_attempt_at), updated_at = now(),
            delivered_at = CASE WHEN $2 = 'delivered' THEN now() ELSE delivered_at END,
            sent_en = coalesce($6, sent_en)
      WHERE id = $1`,
    [deliveryId, a.status, a.responseCode, a.error, a.nextAttemptAt, a.sentEn],
  );
}
