import type { Db } from '../pool.ts';
import type { DeliveryRow } from './webRows.ts';

/**
 * Takes pending deliveries that are due (of one alert, or any alert when alertId is null) and moves their
 * next_attempt_at forward by the lease, so no other sender picks them up while this one is sending. A sender
 * that dies mid-send leaves the lease to expire and the delivery is tried again. A claimed delivery waits for
 * English no more (its wait is over), so the translate stage's release cannot make it due a second time.
 */
export async function claimDueDeliveries(db: Db, alertId: number | null, leaseMs: number, limit: number): Promise<DeliveryRow[]> {
  const r = await db.query<DeliveryRow>(
    `UPDATE deliveries d SET next_attempt_at = now() + make_interval(secs => $2::double precision / 1000), awaiting_en = false, updated_at = now()
      WHERE d.id IN (
        SELECT id FROM deliveries
         WHERE status = 'pending' AND next_attempt_at <= now() AND ($1::bigint IS NULL OR alert_id = $1)
         ORDER BY next_attempt_at LIMIT $3
         FOR UPDATE SKIP LOCKED)
      RETURNING d.*`,
    [alertId, leaseMs, limit],
  );
  return r.rows;
}
