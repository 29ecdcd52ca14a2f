import { settings } from '../../config/settings.ts';
import { defineStage } from '../stage.ts';
import { planEnglishUpdates } from '../../db/sql/planEnglishUpdates.ts';
import { DELIVER_ENGLISH_JOB } from '../../queues/names.ts';
import { deliverOptionsFromSettings, planDeliveries, sendDueDeliveries, type DeliverOptions } from './sendDeliveries.ts';

interface DeliverResources {
  options: DeliverOptions;
  stopSweep(): Promise<void>;
}

/**
 * deliver: {alertId} -> one deliveries row per matching subscription (at most once each), then sends them.
 * An alert whose English is on its way waits for it (RAQIB_DELIVER_WAIT_EN_MS); the translate stage hands the
 * alert on again when the English lands, and receivers that got it without English get `alert.updated`.
 * Failed sends are not retried by BullMQ (that would resend the ones that worked): each delivery carries its
 * own next_attempt_at, and a sweep in every deliver process picks up the due ones.
 */
export default defineStage<'deliver', DeliverResources>({
  stage: 'deliver',
  concurrency: 10,
  async setup(ctx) {
    const options = deliverOptionsFromSettings(settings());
    let running: Promise<unknown> = Promise.resolve();
    let stopped = false;
    const sweep = () => {
      running = sendDueDeliveries(ctx.pool, null, options)
        .then((s) => {
          if (s.delivered + s.retrying + s.failed > 0) ctx.log.info({ stage: 'deliver', ...s }, 'delivery retry sweep');
        })
        .catch((e: Error) => ctx.log.warn({ stage: 'deliver', err: e.message }, 'delivery retry sweep failed'))
        .finally(() => {
          if (!stopped) timer = setTimeout(sweep, Math.min(options.retryBaseMs, 5000));
        });
    };
    let timer = setTimeout(sweep, Math.min(options.retryBaseMs, 5000));
    return {
      options,
      async stopSweep() {
        stopped = true;
        clearTimeout(timer);
        await running;
      },
    };
  },
  async teardown(r) {
    await r.stopSweep();
  },
  async handle(job, ctx, r) {
    const { alertId } = job.data;
    // the translate stage's hand-off (DELIVER_ENGLISH_JOB) owes updates and sends what it released, and never plans
    // the alert itself: an old alert whose delivery log was pruned is not pushed again when its English lands
    const planned =
      job.name === DELIVER_ENGLISH_JOB ? await planEnglishUpdates(ctx.pool, alertId) : await planDeliveries(ctx.pool, alertId, r.options);
    if (planned === null) return { alertId, skipped: 'alert not found' };
    const sent = await sendDueDeliveries(ctx.pool, alertId, r.options);
    if (sent.retrying + sent.failed > 0) ctx.log.warn({ alertId, ...sent }, 'some deliveries failed');
    return { alertId, planned, ...sent };
  },
});
