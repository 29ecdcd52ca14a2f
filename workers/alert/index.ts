import { inTransaction } from '../../db/pool.ts';
import type { AlertKind } from '../../db/rows.ts';
import { insertAlertSources } from '../../db/sql/insertAlertSources.ts';
import { listAlertedFigures } from '../../db/sql/listAlertedFigures.ts';
import { loadItemsToAlert } from '../../db/sql/loadItemsToAlert.ts';
import { loadMentionsOfItems } from '../../db/sql/loadMentionsOfItems.ts';
import { loadSignalsOfItems } from '../../db/sql/loadSignalsOfItems.ts';
import { markAlertsNotified } from '../../db/sql/markAlertsNotified.ts';
import { markItemsAlerted } from '../../db/sql/markItemsAlerted.ts';
import { upgradeAlertKind } from '../../db/sql/upgradeAlertKind.ts';
import { upsertItemAlert } from '../../db/sql/upsertItemAlert.ts';
import { assignStory } from '../../db/sql/assignStory.ts';
import { lockStoryBands } from '../../db/sql/lockStoryBands.ts';
import { alertKindFor } from '../../lib/alerts/alertKind.ts';
import { planItemAlerts } from '../../lib/alerts/planItemAlerts.ts';
import { storySignature } from '../../lib/stories/storySignature.ts';
import { analyzedText } from '../../lib/text/analyzedText.ts';
import { observeFetchToAlert } from '../../lib/metrics.ts';
import { defineStage } from '../stage.ts';

/**
 * Turns analyzed items into alerts: each item joins a story (near-duplicates across outlets), and each
 * (story, figure) has one alert whose sources are the items. A new outlet carrying the same statement adds a
 * source; only a stronger statement (a debunk after a mention) changes the alert and is delivered again.
 */
export default defineStage({
  stage: 'alert',
  concurrency: 4,
  async handle(job, ctx) {
    const items = await loadItemsToAlert(ctx.pool, job.data.itemIds);
    if (items.length === 0) return { alerted: 0 };
    const ids = items.map((i) => i.id);
    const changed: Array<{ id: number; kind: AlertKind }> = [];
    const toTranslate: number[] = [];
    const alertedItems = new Set<number>();
    await inTransaction(ctx.pool, async (c) => {
      const mentions = await loadMentionsOfItems(c, ids);
      const signals = await loadSignalsOfItems(c, ids);
      const alerted = await listAlertedFigures(c, ids);
      const sources: Array<{ itemId: number; figureId: string; alertId: number; feedId: string }> = [];
      const plans = items.map((it) => {
        const text = analyzedText(it.title, it.body ?? '');
        const plan = planItemAlerts(
          text,
          mentions.filter((m) => m.item_id === it.id),
          signals.filter((s) => s.item_id === it.id),
          alerted.filter((a) => a.item_id === it.id),
        );
        const needsStory = plan.some((p) => p.existingAlertId === null);
        return { it, plan, signature: needsStory ? storySignature(text) : null };
      });
      // lock every story band of the batch up front, in one sorted order: concurrent alert jobs whose items
      // share bands then queue instead of deadlocking (assignStory's own per-item locks are re-entrant)
      await lockStoryBands(c, plans.flatMap((p) => p.signature?.bands ?? []));
      for (const { it, plan, signature } of plans) {
        if (plan.length > 0 && it.translate !== 'none') toTranslate.push(it.id);
        else if (it.translate === 'all') toTranslate.push(it.id);
        let storyId: number | null = null;
        for (const p of plan) {
          const choice = alertKindFor(p.signals);
          if (p.existingAlertId !== null) {
            if (await upgradeAlertKind(c, p.existingAlertId, choice.kind, choice.priority, choice.placeId)) changed.push({ id: p.existingAlertId, kind: choice.kind });
            continue;
          }
          storyId ??= (await assignStory(c, { itemId: it.id, feedId: it.feed_id, title: it.title, signature: signature! })).storyId;
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
          alertedItems.add(it.id);
          if (a.changed) changed.push({ id: a.id, kind: a.kind });
        }
      }
      await insertAlertSources(c, sources);
      await markItemsAlerted(c, items.map((i) => ({ id: i.id, revision: i.analyzed_revision })));
    });
    // after the commit: a crash here leaves notified_kind behind kind, and the sweeper hands it on
    observeFetchToAlert(items.filter((i) => alertedItems.has(i.id)).map((i) => i.fetched_at));
    if (changed.length) {
      await ctx.queues.deliver.addBulk(changed.map((a) => ({ name: 'deliver', data: { alertId: a.id }, opts: { jobId: `deliver-${a.id}-${a.kind}` } })));
      await markAlertsNotified(ctx.pool, changed);
    }
    if (toTranslate.length) {
      const revs = new Map(items.map((i) => [i.id, i.analyzed_revision]));
      await ctx.queues.translate.addBulk(toTranslate.map((id) => ({ name: 'translate', data: { itemId: id }, opts: { jobId: `translate-${id}-${revs.get(id)}` } })));
    }
    return { alerted: items.length, changed: changed.length };
  },
});
