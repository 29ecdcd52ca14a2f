import { settings } from '../../config/settings.ts';
import { expireStaleRumors } from '../../db/sql/expireStaleRumors.ts';
import { markAlertsNotified } from '../../db/sql/markAlertsNotified.ts';
import { runRetention } from '../../lib/retention.ts';
import { defineStage } from '../stage.ts';
import { checkSilences } from './checkSilences.ts';
import { checkSurges } from './checkSurges.ts';
import { watchedFigures } from './watchedFigures.ts';
import { enqueueDeliveries } from '../../queues/enqueue.ts';

/**
 * Figure-level checks on a schedule: `surge` (mentions far above a figure's own baseline, one alert per
 * wave) and `silence` (no appearance for longer than his usual gap, one alert, cleared by a sighting; it also
 * writes quiet rumors stale); and `retention`, which runs every retention rule (lib/retention.ts).
 * New alerts go to the deliver stage after the commit; a hand-off lost to a crash is found by the sweeper
 * through alerts.notified_kind.
 */
export default defineStage({
  stage: 'watch',
  concurrency: 1,
  async handle(job, ctx) {
    const now = new Date();
    let opened: Array<{ id: number; figureId: string }>;
    let summary: Record<string, unknown>;
    if (job.data.check === 'surge') {
      const r = await checkSurges(ctx.pool, now);
      opened = r.opened;
      summary = { ...r, opened: r.opened.length };
    } else if (job.data.check === 'silence') {
      const r = await checkSilences(ctx.pool, now, await watchedFigures(ctx.pool, settings().RAQIB_WATCHLIST));
      // rumors quiet for the whole quiet period are written stale (reads already show them so)
      const staleRumors = await expireStaleRumors(ctx.pool, settings().RAQIB_RUMOR_QUIET_DAYS, now);
      opened = r.opened;
      summary = { ...r, opened: r.opened.length, staleRumors };
    } else {
      // every rule, a bounded amount of work each (200 statements) per hourly run
      const runs = await runRetention(ctx.pool, settings(), { maxBatches: 200, pauseMs: 50 });
      const pruned = Object.fromEntries(runs.map((r) => [r.rule, r.pruned]));
      ctx.log.info({ check: 'retention', pruned }, 'watch check done');
      return { check: 'retention', pruned };
    }
    if (opened.length > 0) {
      const notices = opened.map((a) => ({ id: a.id, kind: job.data.check }));
      await enqueueDeliveries(ctx.queues, notices);
      await markAlertsNotified(ctx.pool, notices);
    }
    ctx.log.info({ check: job.data.check, ...summary }, 'watch check done');
    return { check: job.data.check, ...summary };
  },
});
