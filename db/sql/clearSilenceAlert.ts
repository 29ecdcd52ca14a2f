import type { Db } from '../pool.ts';

/** Marks a silence alert as over: he was seen again at `clearedAt` (the alert itself stays, as history). */
export async function clearSilenceAlert(db: Db, alertId: number, clearedAt: Date, itemId: number | null): Promise<void> {
  await db.query(
    `UPDATE alerts SET detail = detail || jsonb_build_object('clearedAt', $2::text, 'clearedByItemId', $3::bigint), updated_at = now() WHERE id = $1`,
    [alertId, clearedAt.toISOString(), itemId],
  );
}
