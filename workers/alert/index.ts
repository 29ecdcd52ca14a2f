import { existsSync } from 'node:fs';
import { loadPlaces } from '../../config/placesSchema.ts';
import { settings } from '../../config/settings.ts';
import { inTransaction } from '../../db/pool.ts';
import type { AlertKind } from '../../db/rows.ts';
import { assignStory } from '../../db/sql/assignStory.ts';
import { insertAlertSources } from '../../db/sql/insertAlertSources.ts';
import { listAlertedFigures } from '../../db/sql/listAlertedFigures.ts';
import { loadItemsToAlert, type ItemToAlert } from '../../db/sql/loadItemsToAlert.ts';
import { loadMentionsOfItems } from '../../db/sql/loadMentionsOfItems.ts';
import { loadSignalsOfItems } from '../../db/sql/loadSignalsOfItems.ts';
import { markAlertsNotified } from '../../db/sql/markAlertsNotified.ts';
import { markItemsAlerted } from '../../db/sql/markItemsAlerted.ts';
import { upgradeAlertKind } from '../../db/sql/upgradeAlertKind.ts';
import { upsertItemAlert } from '../../db/sql/upsertItemAlert.ts';
import { alertKindFor } from '../../lib/alerts/alertKind.ts';
import { planItemAlerts, type PlannedAlert } from '../../lib/alerts/planItemAlerts.ts';
import { observeFetchToAlert } from '../../lib/metrics.ts';
import { enqueueDeliveries } from '../../queues/enqueue.ts';
import { storySignature } from '../../lib/stories/storySignature.ts';
import { analyzedText } from '../../lib/text/analyzedText.ts';
import type { StageContext } from '../stage.ts';
import { defineStage } from '../stage.ts';

/** Item transactions one alert job runs at once (each takes a pooled connection). */
const ITEMS_AT_ONCE = 4;

/**
 * Turns analyzed items into alerts: each item that mentions a tracked figure joins a story (near-duplicates
 * across outlets), and each (story, figure) has one alert whose sources are the items. A new outlet carrying
 * the same statement adds a source; only a stronger statement (a debunk after a mention) changes the alert
 * and is delivered again. Items without mentions are marked done in one statement.
 */
export default defineStage({
  stage: 'alert',
  // mostly waiting on Postgres: eight jobs in flight (each up to ITEMS_AT_ONCE transactions, bounded by the pool)
  concurrency: 8,
  async setup() {
    const file = settings().RAQIB_PLACES;
    const countries = new Set(
      existsSync(file)
        ? loadPlaces(file)
            .filter((p) => p.kind === 'country')
            .map((p) => p.id)
        : [],
    );
    return { isCountry: (placeId: string) => countries.has(placeId) };
  },
  async handle(job, ctx, res: PlaceKinds) {
    const items = await loadItemsToAlert(ctx.pool, job.data.itemIds);
    if (items.length === 0) return { alerted: 0 };
    const ids = items.map((i) => i.id);
    const mentions = await loadMentionsOfItems(ctx.pool, ids);
    const signals = await loadSignalsOfItems(ctx.pool, ids);
    const alerted = await listAlertedFigures(ctx.pool, ids);
    const quiet: ItemToAlert[] = [];
    const changed: Array<{ id: number; kind: AlertKind }> = [];
    const alertedAt: Date[] = [];
    const loud: Array<{ it: ItemToAlert; text: string; plan: PlannedAlert[] }> = [];
    for (const it of items) {
      const text = analyzedText(it.title, it.body ?? '');
      const plan = planItemAlerts(
        text,
        mentions.filter((m) => m.item_id === it.id),
        signals.filter((s) => s.item_id === it.id),
        alerted.filter((a) => a.item_id === it.id),
      );
      if (plan.length === 0) quiet.push(it);
      else loud.push({ it, text, plan });
    }
    // one short transaction per item, a few at once: its story's band locks are held only as long as this item
    // needs them, and the last item of a batch does not wait behind all the others
    let next = 0;
    const lanes = Array.from({ length: Math.min(ITEMS_AT_ONCE, loud.length) }, async () => {
      while (next < loud.length) {
        const { it, text, plan } = loud[next++];
        changed.push(...(await alertItem(ctx, it, text, plan, res)));
        alertedAt.push(it.fetched_at);
      }
    });
    await Promise.all(lanes);
    await markItemsAlerted(
      ctx.pool,
      quiet.map((i) => ({ id: i.id, revision: i.analyzed_revision })),
    );
    observeFetchToAlert(alertedAt);
    // after the commits: a crash here leaves notified_kind behind kind, and the scheduler's sweeper hands it on
    if (changed.length) {
      await enqueueDeliveries(ctx.queues, changed);
      await markAlertsNotified(ctx.pool, changed);
    }
    const toTranslate = items.filter((i) => i.translate === 'all' || (i.translate === 'mentions' && !quiet.includes(i)));
    if (toTranslate.length) {
      await ctx.queues.translate.addBulk(
        toTranslate.map((i) => ({ name: 'translate', data: { itemId: i.id }, opts: { jobId: `translate-${i.id}-${i.analyzed_revision}` } })),
      );
    }
    return { items: items.length, withMentions: items.length - quiet.length, changed: changed.length };
  },
});

interface PlaceKinds {
  isCountry(placeId: string): boolean;
}

async function alertItem(
  ctx: StageContext,
  it: ItemToAlert,
  text: string,
  plan: PlannedAlert[],
  places: PlaceKinds,
): Promise<Array<{ id: number; kind: AlertKind }>> {
  return inTransaction(ctx.pool, async (c) => {
    const changed: Array<{ id: number; kind: AlertKind }> = [];
    const sources: Array<{ itemId: number; figureId: string; alertId: number; feedId: string }> = [];
    let storyId: number | null = null;
    for (const p of plan) {
      const choice = alertKindFor(p.signals, places.isCountry);
      if (p.existingAlertId !== null) {
        // an edited item: the figure keeps its alert, which only ever moves to a stronger kind
        if (await upgradeAlertKind(c, p.existingAlertId, choice.kind, choice.priority, choice.placeId))
          changed.push({ id: p.existingAlertId, kind: choice.kind });
        continue;
      }
      storyId ??= (await assignStory(c, { itemId: it.id, feedId: it.feed_id, title: it.title, signature: storySignature(text) })).storyId;
      const a = await upsertItemAlert(c, {
        dedupeKey: `story:${storyId}:${p.figureId}`,
        figureId: p.figureId,
        kind: choice.kind,
        priority: choice.priority,
        storyId,
        itemId: it.id,
        feedId: it.feed_id,
        lang: it.lang,
        placeId: choice.placeId,
        snippet: p.snippet.snippet,
        marks: p.snippet.marks,
      });
      sources.push({ itemId: it.id, figureId: p.figureId, alertId: a.id, feedId: it.feed_id });
      if (a.changed) changed.push({ id: a.id, kind: a.kind });
    }
    await insertAlertSources(c, sources);
    await markItemsAlerted(c, [{ id: it.id, revision: it.analyzed_revision }]);
    return changed;
  });
}
