import type { Db } from '../pool.ts';

export interface PlannedDeliveries {
  alertId: number;
  /** the alert's kind now */
  kind: string;
  subscriptionIds: number[];
  /** when the alert's English is on its way: wait for it until then (the translate stage may release it sooner) */
  awaitEnglishUntil: Date | null;
}

/**
 * Records that an alert, as of its current kind, is owed to these subscriptions. UNIQUE (alert, subscription,
 * kind, event) makes a second run of the same job a no-op; an upgrade (mention -> debunk) is owed once more.
 * Returns how many rows were new.
 */
export async function insertDeliveries(db: Db, p: PlannedDeliveries): Promise<number> {
  if (p.subscriptionIds.length === 0) return 0;
  const r = await db.query(
    `INSERT INTO deliveries (alert_id, kind, subscription_id, awaiting_en, next_attempt_at)
     SELECT $1, $2, unnest($3::bigint[]), $4::timestamptz IS NOT NULL, coalesce($4::timestamptz, now())
     ON CONFLICT (alert_id, subscription_id, kind, event) DO NOTHING`,
    [p.alertId, p.kind, p.subscriptionIds, p.awaitEnglishUntil],
  );
  return r.rowCount ?? 0;
}
