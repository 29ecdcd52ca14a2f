import { existsSync } from 'node:fs';
import { loadPlaces } from '../../config/placesSchema.ts';
import { settings } from '../../config/settings.ts';
import { listAlertedFigures } from '../../db/sql/listAlertedFigures.ts';
import { loadItemsToAlert, type ItemToAlert } from '../../db/sql/loadItemsToAlert.ts';
import { loadMentionsOfItems } from '../../db/sql/loadMentionsOfItems.ts';
import { loadSignalsOfItems } from '../../db/sql/loadSignalsOfItems.ts';
import { markAlertsNotified } from '../../db/sql/markAlertsNotified.ts';
import { markItemsAlerted } from '../../db/sql/markItemsAlerted.ts';
import { planItemAlerts } from '../../lib/alerts/planItemAlerts.ts';
import { itemTime } from '../../lib/events/itemTime.ts';
import { observeFetchToAlert } from '../../lib/metrics.ts';
import { analyzedText } from '../../lib/text/analyzedText.ts';
import { enqueueDeliveries } from '../../queues/enqueue.ts';
import { defineStage } from '../stage.ts';
import { alertBatch, type BatchSettings, type LoudItem } from './alertBatch.ts';

/**
 * Turns analyzed items into alerts, one transaction per job (workers/alert/alertBatch.ts). Each item that
 * names a tracked figure joins a story (near-duplicates across outlets); what it says about the figure joins
 * an event (the same statement by every outlet, in any wording or language) and, for a harm claim or an
 * answer to one, a rumor; each (item, figure) pair is a source of exactly one alert: one per event, or per
 * story and figure for a plain mention (lib/alerts/planAlertBatch.ts). Only a new alert or an upgrade to a
 * stronger kind is delivered; a new outlet on an alert brings it back to the top of the list.
 */
export default defineStage({
  stage: 'alert',
  // mostly waiting on Postgres: several jobs in flight, each one transaction on one pooled connection
  concurrency: 8,
  async setup(): Promise<BatchSettings> {
    const s = settings();
    const file = s.RAQIB_PLACES;
    const countries = new Set(
      existsSync(file)
        ? loadPlaces(file)
            .filter((p) => p.kind === 'country')
            .map((p) => p.id)
        : [],
    );
    return {
      windowMs: s.RAQIB_EVENT_WINDOW_HOURS * 3_600_000,
      quietMs: s.RAQIB_RUMOR_QUIET_DAYS * 86_400_000,
      isCountry: (placeId: string) => countries.has(placeId),
    };
  },
  async handle(job, ctx, res: BatchSettings) {
    const items = await loadItemsToAlert(ctx.pool, job.data.itemIds);
    if (items.length === 0) return { alerted: 0 };
    const ids = items.map((i) => i.id);
    const [mentions, signals, alerted] = await Promise.all([
      loadMentionsOfItems(ctx.pool, ids),
      loadSignalsOfItems(ctx.pool, ids),
      listAlertedFigures(ctx.pool, ids),
    ]);
    const quiet: ItemToAlert[] = [];
    const loud: LoudItem[] = [];
    for (const it of items) {
      const text = analyzedText(it.title, it.body ?? '');
      const plan = planItemAlerts(
        text,
        mentions.filter((m) => m.item_id === it.id),
        signals.filter((s) => s.item_id === it.id),
        alerted.filter((a) => a.item_id === it.id),
      );
      if (plan.length === 0) quiet.push(it);
      else
        loud.push({
          id: it.id,
          feedId: it.feed_id,
          title: it.title,
          lang: it.lang,
          fetchedAt: it.fetched_at,
          time: itemTime(it.published_at, it.fetched_at, it.feed_kind),
          text,
          revision: it.analyzed_revision,
          plan,
        });
    }
    const marks = quiet.map((i) => ({ id: i.id, revision: i.analyzed_revision }));
    const changed = loud.length > 0 ? await alertBatch(ctx.pool, loud, marks, res) : (await markItemsAlerted(ctx.pool, marks), []);
    observeFetchToAlert(loud.map((it) => it.fetchedAt));
    // after the commit: a crash here leaves notified_kind behind kind, and the scheduler's sweeper hands it on
    if (changed.length) {
      await enqueueDeliveries(ctx.queues, changed);
      await markAlertsNotified(ctx.pool, changed);
    }
    const loudIds = new Set(loud.map((it) => it.id));
    const toTranslate = items.filter((i) => i.translate === 'all' || (i.translate === 'mentions' && loudIds.has(i.id)));
    if (toTranslate.length) {
      await ctx.queues.translate.addBulk(
        toTranslate.map((i) => ({ name: 'translate', data: { itemId: i.id }, opts: { jobId: `translate-${i.id}-${i.analyzed_revision}` } })),
      );
    }
    return { items: items.length, withMentions: loud.length, changed: changed.length };
  },
});
