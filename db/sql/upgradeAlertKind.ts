import type { Db } from '../pool.ts';
import type { AlertKind } from '../rows.ts';

/** An edited item that now says something stronger about an already alerted figure upgrades that alert. */
export async function upgradeAlertKind(
  db: Db,
  alertId: number,
  kind: AlertKind,
  priority: 'normal' | 'high',
  placeId: string | null,
): Promise<boolean> {
  const r = await db.query(
    `UPDATE alerts SET kind = $2, priority = $3, place_id = coalesce($4, place_id), updated_at = now()
      WHERE id = $1 AND raqib_kind_rank($2) > raqib_kind_rank(kind)`,
    [alertId, kind, priority, placeId],
  );
  return (r.rowCount ?? 0) > 0;
}
