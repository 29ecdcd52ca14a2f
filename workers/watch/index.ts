import { settings } from '../../config/settings.ts';
import { expireStaleRumors } from '../../db/sql/expireStaleRumors.ts';
import { markAlertsNotified } from '../../db/sql/markAlertsNotified.ts';
import { defineStage } from '../stage.ts';
import { checkSilences } from './checkSilences.ts';
import { checkSurges } from './checkSurges.ts';
import { watchedFigures } from './watchedFigures.ts';
import { enqueueDeliveries } from '../../queues/enqueue.ts';

/**
 * Figure-level checks on a schedule: `surge` (mentions far above a figure's own baseline, one alert per
 * wave) and `silence` (no appearance for longer than his usual gap, one alert, cleared by a sighting; it also
 * writes quiet rumors stale); and
 * `retention`, which prunes old item bodies.
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
      // item bodies past retention (lib/retention.ts); a scheduled run does a bounded amount of work
      const { pruneOnce } = await import('../../lib/retention.ts');
      const r = await pruneOnce(ctx.pool, settings().RAQIB_RETENTION_DAYS, 500, { maxBatches: 200, pauseMs: 50 });
      // story bands past the 72 h matching window are dead weight in the candidate index
      const { pruneStoryBands } = await import('../../db/sql/pruneStoryBands.ts');
      const bandCutoff = new Date(now.getTime() - 7 * 86_400_000);
      let bands = 0;
      for (let i = 0, n = 1; i < 200 && n > 0; i++) bands += n = await pruneStoryBands(ctx.pool, bandCutoff);
      ctx.log.info({ check: 'retention', pruned: r.pruned, statements: r.batches.length, bands }, 'watch check done');
      return { check: 'retention', pruned: r.pruned, bandsPruned: bands };
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
