import type { Settings } from '../../config/settings.ts';
import { loadTranslationConfig, type TranslationConfig } from '../../config/translationSchema.ts';
import type { Db } from '../../db/pool.ts';
import { claimDueDeliveries } from '../../db/sql/claimDueDeliveries.ts';
import { getAlert, type AlertDetailRow } from '../../db/sql/getAlert.ts';
import { getSubscriptionsByIds } from '../../db/sql/getSubscriptionsByIds.ts';
import { insertDeliveries } from '../../db/sql/insertDeliveries.ts';
import { listSubscriptions } from '../../db/sql/listSubscriptions.ts';
import { planEnglishUpdates } from '../../db/sql/planEnglishUpdates.ts';
import { recordDeliveryAttempt } from '../../db/sql/recordDeliveryAttempt.ts';
import type { DeliveryRow, SubscriptionRow } from '../../db/sql/webRows.ts';
import { alertPayload, type AlertPayload } from '../../lib/deliver/alertMessage.ts';
import { sendEmail } from '../../lib/deliver/email.ts';
import { carriesEnglish, englishState, noEnglishNote, type EnglishState } from '../../lib/deliver/english.ts';
import { matchesSubscription, retryDelayMs } from '../../lib/deliver/matchSubscription.ts';
import { DeliveryError, type PostOptions } from '../../lib/deliver/postJson.ts';
import { sendSlack } from '../../lib/deliver/slack.ts';
import { sendWebhook } from '../../lib/deliver/webhook.ts';
import { modelFor } from '../../lib/translate/modelFor.ts';

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
  /** how long an alert whose English is on its way waits for it before it is sent without */
  waitEnMs: number;
  /** which languages have a model configured (config/translation.yaml) */
  translation: Pick<TranslationConfig, 'models' | 'english'>;
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
    waitEnMs: s.RAQIB_DELIVER_WAIT_EN_MS,
    translation: loadTranslationConfig(s.RAQIB_TRANSLATION),
  };
}

/** Where the alert's English stands, from its row and the translation config. */
function englishOf(alert: AlertDetailRow, opts: Pick<DeliverOptions, 'translation'>): EnglishState {
  const lang = alert.item_lang ?? alert.lang;
  return englishState({ ...alert, lang }, modelFor(opts.translation, lang));
}

/**
 * Records one delivery row per subscription the alert (as of its current kind) matches. Safe to run twice:
 * the UNIQUE (alert, subscription, kind, event) makes the repeat a no-op. When the alert's English is on its
 * way (a model is configured for its language and the item is not translated yet) the deliveries wait for
 * it up to `waitEnMs`; the translate stage releases them as soon as it lands. Then owes `alert.updated` to
 * receivers that got the alert without its English, if the English is there now. Returns the number of new
 * rows, or null when the alert no longer exists.
 */
export async function planDeliveries(db: Db, alertId: number, opts: Pick<DeliverOptions, 'waitEnMs' | 'translation'>): Promise<number | null> {
  const alert = await getAlert(db, alertId);
  if (!alert) return null;
  const subs = (await listSubscriptions(db, null)).filter((s) => matchesSubscription(s, alert));
  const wait = englishOf(alert, opts).kind === 'pending' && opts.waitEnMs > 0;
  const planned = await insertDeliveries(db, {
    alertId,
    kind: alert.kind,
    subscriptionIds: subs.map((s) => s.id),
    awaitEnglishUntil: wait ? new Date(Date.now() + opts.waitEnMs) : null,
  });
  return planned + (await planEnglishUpdates(db, alertId));
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
  const withoutEnglish = await sendClaimed(db, alertId, opts, batch, summary);
  // the English may have landed while those were on the wire: owe the update now, and send it
  for (const id of withoutEnglish) if ((await planEnglishUpdates(db, id)) > 0) await sendClaimed(db, id, opts, batch, summary);
  return summary;
}

/** Claims and sends one batch; returns the alerts of which some delivery went out without its English. */
async function sendClaimed(db: Db, alertId: number | null, opts: DeliverOptions, batch: number, summary: SendSummary): Promise<Set<number>> {
  const withoutEnglish = new Set<number>();
  const claimed = await claimDueDeliveries(db, alertId, opts.leaseMs, batch);
  if (claimed.length === 0) return withoutEnglish;
  const subs = new Map((await getSubscriptionsByIds(db, [...new Set(claimed.map((d) => d.subscription_id))])).map((s) => [s.id, s]));
  const alerts = new Map<number, AlertDetailRow | null>();
  for (const id of new Set(claimed.map((d) => d.alert_id))) alerts.set(id, await getAlert(db, id));

  await Promise.all(
    claimed.map(async (d) => {
      const sub = subs.get(d.subscription_id);
      const alert = alerts.get(d.alert_id);
      const english = alert ? englishOf(alert, opts) : null;
      const outcome =
        sub && alert && english
          ? await attempt(d, sub, alertPayload(alert, noEnglishNote(english)), opts)
          : { ok: false as const, status: null, error: 'subscription or alert removed', permanent: true };
      const attempts = d.attempts + 1;
      if (outcome.ok) {
        summary.delivered++;
        const sentEn = english !== null && carriesEnglish(english);
        if (!sentEn) withoutEnglish.add(d.alert_id);
        await recordDeliveryAttempt(db, d.id, { status: 'delivered', responseCode: outcome.status, error: null, nextAttemptAt: null, sentEn });
      } else if (outcome.permanent || attempts >= opts.maxAttempts) {
        summary.failed++;
        await recordDeliveryAttempt(db, d.id, {
          status: 'failed',
          responseCode: outcome.status,
          error: outcome.error,
          nextAttemptAt: null,
          sentEn: null,
        });
      } else {
        summary.retrying++;
        const next = new Date(Date.now() + retryDelayMs(attempts, opts.retryBaseMs));
        await recordDeliveryAttempt(db, d.id, {
          status: 'pending',
          responseCode: outcome.status,
          error: outcome.error,
          nextAttemptAt: next,
          sentEn: null,
        });
      }
    }),
  );
  return withoutEnglish;
}

type Outcome = { ok: true; status: number } | { ok: false; status: number | null; error: string; permanent: boolean };

async function attempt(d: DeliveryRow, sub: SubscriptionRow, payload: AlertPayload, opts: DeliverOptions): Promise<Outcome> {
  const post: PostOptions = { timeoutMs: opts.timeoutMs, allow: opts.allow, userAgent: opts.userAgent };
  try {
    const r =
      sub.channel === 'webhook'
        ? await sendWebhook(sub.target, payload, sub.secret, d.id, post, d.event)
        : sub.channel === 'slack'
          ? await sendSlack(sub.target, payload, post, d.event)
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
