import type { Db } from '../pool.ts';

/**
 * Owes an `alert.updated` event to each webhook and Slack subscription that was sent this alert without its
 * complete English, now that the English is there. None when the subscription has one on its way anyway (a
 * pending delivery, which will carry the English), or already got the English (sent_en, or an update before);
 * one per subscription and alert kind. Email gets nothing more. Returns how many were new.
 */
export async function planEnglishUpdates(db: Db, alertId: number): Promise<number> {
  const r = await db.query(
    `INSERT INTO deliveries (alert_id, subscription_id, kind, event)
     SELECT DISTINCT a.id, d.subscription_id, a.kind, 'alert.updated'
       FROM alerts a
       JOIN items i ON i.id = a.item_id
       JOIN deliveries d ON d.alert_id = a.id AND d.event = 'alert' AND d.status = 'delivered' AND d.sent_en = false
       JOIN subscriptions s ON s.id = d.subscription_id AND s.channel IN ('webhook', 'slack') AND s.enabled
      WHERE a.id = $1 AND a.snippet_en IS NOT NULL AND i.translation_status = 'translated'
        AND NOT EXISTS (SELECT 1 FROM deliveries o WHERE o.alert_id = a.id AND o.subscription_id = d.subscription_id
                         AND (o.status = 'pending' OR o.sent_en OR o.event = 'alert.updated'))
     ON CONFLICT (alert_id, subscription_id, kind, event) DO NOTHING`,
    [alertId],
  );
  return r.rowCount ?? 0;
}
