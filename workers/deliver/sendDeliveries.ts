import type { Settings } from '../../config/settings.ts';
import type { Db } from '../../db/pool.ts';
import { claimDueDeliveries } from '../../db/sql/claimDueDeliveries.ts';
import { getAlert, type AlertDetailRow } from '../../db/sql/getAlert.ts';
import { getSubscriptionsByIds } from '../../db/sql/getSubscriptionsByIds.ts';
import { insertDeliveries } from '../../db/sql/insertDeliveries.ts';
import { listSubscriptions } from '../../db/sql/listSubscriptions.ts';
import { recordDeliveryAttempt } from '../../db/sql/recordDeliveryAttempt.ts';
import type { DeliveryRow, SubscriptionRow } from '../../db/sql/webRows.ts';
import { alertPayload, type AlertPayload } from '../../lib/deliver/alertMessage.ts';
import { sendEmail } from '../../lib/deliver/email.ts';
import { matchesSubscription, retryDelayMs } from '../../lib/deliver/matchSubscription.ts';
import { DeliveryError, type PostOptions } from '../../lib/deliver/postJson.ts';
import { sendSlack } from '../../lib/deliver/slack.ts';
import { sendWebhook } from '../../lib/deliver/webhook.ts';

export interface DeliverOptions {
  /** first retry delay; doubles per failed attempt */
  retryBaseMs: number;
  /** attempts before a delivery is marked failed */
  maxAttempts: number;
  /** how long a claimed delivery is hidden from other senders; longer than any send can take */
  leaseMs: number;
  timeoutMs: number;
  allow: readonly string[];
  userAgent: string;
  smtpUrl: string;
  smtpFrom: string;
}

export function deliverOptionsFromSettings(s: Settings): DeliverOptions {
  return {
    retryBaseMs: s.RAQIB_DELIVER_RETRY_MS,
    maxAttempts: s.RAQIB_DELIVER_MAX_ATTEMPTS,
    leaseMs: Math.max(60_000, s.RAQIB_FETCH_TIMEOUT_MS * 3),
    timeoutMs: s.RAQIB_FETCH_TIMEOUT_MS,
    allow: s.RAQIB_FETCH_ALLOW,
    userAgent: s.RAQIB_USER_AGENT,
    smtpUrl: s.RAQIB_SMTP_URL,
    smtpFrom: s.RAQIB_SMTP_FROM,
  };
}

/**
 * Records one delivery row per subscription the alert (as of its current kind) matches. Safe to run twice:
 * the UNIQUE (alert, subscription, kind) makes the repeat a no-op. Returns the number of new rows, or null when the alert no longer exists.
 */
export async function planDeliveries(db: Db, alertId: number): Promise<number | null> {
  const alert = await getAlert(db, alertId);
  if (!alert) return null;
  const subs = (await listSubscriptions(db, null)).filter((s) => matchesSubscription(s, alert));
  return insertDeliveries(
    db,
    alertId,
    alert.kind,
    subs.map((s) => s.id),
  );
}

export interface SendSummary {
  delivered: number;
  retrying: number;
  failed: number;
}

/**
 * Sends the due pending deliveries (of one alert, or of all alerts for the retry sweep). Each is claimed
 * first, so concurrent senders never send the same one, and sent independently: one receiver that hangs or
 * fails holds up nobody else, and gets its next attempt at a backed-off time.
 */
export async function sendDueDeliveries(db: Db, alertId: number | null, opts: DeliverOptions, batch = 50): Promise<SendSummary> {
  const summary: SendSummary = { delivered: 0, retrying: 0, failed: 0 };
  const claimed = await claimDueDeliveries(db, alertId, opts.leaseMs, batch);
  if (claimed.length === 0) return summary;
  const subs = new Map((await getSubscriptionsByIds(db, [...new Set(claimed.map((d) => d.subscription_id))])).map((s) => [s.id, s]));
  const alerts = new Map<number, AlertDetailRow | null>();
  for (const id of new Set(claimed.map((d) => d.alert_id))) alerts.set(id, await getAlert(db, id));

  await Promise.all(
    claimed.map(async (d) => {
      const sub = subs.get(d.subscription_id);
      const alert = alerts.get(d.alert_id);
      const outcome =
        sub && alert
          ? await attempt(d, sub, alertPayload(alert), opts)
          : { ok: false as const, status: null, error: 'subscription or alert removed', permanent: true };
      const attempts = d.attempts + 1;
      if (outcome.ok) {
        summary.delivered++;
        await recordDeliveryAttempt(db, d.id, { status: 'delivered', responseCode: outcome.status, error: null, nextAttemptAt: null });
      } else if (outcome.permanent || attempts >= opts.maxAttempts) {
        summary.failed++;
        await recordDeliveryAttempt(db, d.id, { status: 'failed', responseCode: outcome.status, error: outcome.error, nextAttemptAt: null });
      } else {
        summary.retrying++;
        const next = new Date(Date.now() + retryDelayMs(attempts, opts.retryBaseMs));
        await recordDeliveryAttempt(db, d.id, { status: 'pending', responseCode: outcome.status, error: outcome.error, nextAttemptAt: next });
      }
    }),
  );
  return summary;
}

type Outcome = { ok: true; status: number } | { ok: false; status: number | null; error: string; permanent: boolean };

async function attempt(d: DeliveryRow, sub: SubscriptionRow, payload: AlertPayload, opts: DeliverOptions): Promise<Outcome> {
  const post: PostOptions = { timeoutMs: opts.timeoutMs, allow: opts.allow, userAgent: opts.userAgent };
  try {
    const r =
      sub.channel === 'webhook'
        ? await sendWebhook(sub.target, payload, sub.secret, d.id, post)
        : sub.channel === 'slack'
          ? await sendSlack(sub.target, payload, post)
          : await sendEmail(sub.target, payload, { smtpUrl: sub.smtp_url ?? opts.smtpUrl, from: opts.smtpFrom, timeoutMs: opts.timeoutMs });
    return { ok: true, status: r.status };
  } catch (e) {
    const err = e instanceof DeliveryError ? e : new DeliveryError((e as Error).message);
    // a 4xx other than 408/429 says the receiver rejects this request; retrying the same body cannot help
    const rejected =
      err.status !== null && err.status >= 400 && err.status < 500 && err.status !== 408 && err.status !== 429 && sub.channel !== 'email';
    return { ok: false, status: err.status, error: err.message.slice(0, 1000), permanent: err.permanent || rejected };
  }
}
