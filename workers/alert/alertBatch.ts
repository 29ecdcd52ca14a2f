import type pg from 'pg';
import { inTransaction } from '../../db/pool.ts';
import type { AlertKind } from '../../db/rows.ts';
import { assignStories } from '../../db/sql/assignStory.ts';
import { attachBatchItems } from '../../db/sql/attachBatchItems.ts';
import { finishAlertBatch } from '../../db/sql/finishAlertBatch.ts';
import { insertBatchRows } from '../../db/sql/insertBatchRows.ts';
import { loadEventContext } from '../../db/sql/loadEventContext.ts';
import { lockFigures } from '../../db/sql/lockFigures.ts';
import { prepareAlertBatch } from '../../db/sql/prepareAlertBatch.ts';
import { refreshBatchRows } from '../../db/sql/refreshBatchRows.ts';
import { turnOffJit } from '../../db/sql/turnOffJit.ts';
import { planAlertBatch, type BatchPair } from '../../lib/alerts/planAlertBatch.ts';
import type { PlannedAlert } from '../../lib/alerts/planItemAlerts.ts';
import { resolvePlan } from '../../lib/alerts/resolvePlan.ts';
import type { ItemTime } from '../../lib/events/itemTime.ts';
import { storySignature } from '../../lib/stories/storySignature.ts';

/** An analyzed item with what it says about each figure it names. */
export interface LoudItem {
  id: number;
  feedId: string;
  title: string;
  lang: string | null;
  fetchedAt: Date;
  time: ItemTime;
  text: string;
  revision: number;
  plan: PlannedAlert[];
}

export interface BatchSettings {
  windowMs: number;
  quietMs: number;
  isCountry(placeId: string): boolean;
}

/**
 * One alert job's items in ONE transaction, in a fixed number of statements whatever the batch's size. The
 * locks are taken class by class, each class at once and in sorted order, and always in this order: story
 * bands, joined stories, figures (their events and rumors), the existing alerts being changed, figure state
 * rows. Every job takes them the same way, so two jobs never wait for each other in a circle; a job that sees
 * what another committed under the same lock joins it instead of making a twin (one story, one event, one
 * rumor, one alert per (story, figure) or event).
 *
 * Returns the alerts created or upgraded (for delivery after the commit).
 */
export async function alertBatch(
  pool: pg.Pool,
  loud: readonly LoudItem[],
  quiet: ReadonlyArray<{ id: number; revision: number }>,
  s: BatchSettings,
): Promise<Array<{ id: number; kind: AlertKind }>> {
  return inTransaction(pool, async (c) => {
    await turnOffJit(c);
    // stories for the items with a figure not yet alerted (an edited item keeps its alerts and needs none)
    const needStory = loud.filter((it) => it.plan.some((p) => p.existingAlertId === null));
    const stories = await assignStories(
      c,
      needStory.map((it) => ({ itemId: it.id, feedId: it.feedId, title: it.title, signature: storySignature(it.text) })),
    );
    const pairs: BatchPair[] = loud.flatMap((it) =>
      it.plan.map((p) => ({
        itemId: it.id,
        feedId: it.feedId,
        lang: it.lang,
        storyId: stories.get(it.id)?.storyId ?? null,
        at: it.time.at,
        basis: it.time.basis,
        fetchedAt: it.fetchedAt.getTime(),
        figureId: p.figureId,
        existingAlertId: p.existingAlertId,
        signals: p.signals,
        snippet: p.snippet,
      })),
    );
    const stated = [...new Set(pairs.filter((p) => p.signals.length > 0).map((p) => p.figureId))];
    await lockFigures(c, stated);
    const times = pairs.map((p) => p.at);
    const context = await loadEventContext(c, {
      figureIds: stated,
      fromMs: Math.min(...times),
      toMs: Math.max(...times),
      windowMs: s.windowMs,
      quietMs: s.quietMs,
      storyFigures: pairs
        .filter((p) => p.storyId !== null && !stories.get(p.itemId)?.isNew)
        .map((p) => ({ storyId: p.storyId!, figureId: p.figureId })),
    });
    const plan = planAlertBatch(pairs, { ...context, windowMs: s.windowMs, quietMs: s.quietMs, isCountry: s.isCountry });
    const prepared = await prepareAlertBatch(
      c,
      plan.alertTouches.map((t) => t.alertId),
      { rumors: plan.newRumors.length, events: plan.newEvents.length, alerts: plan.newAlerts.length },
    );
    const kinds = new Map([...prepared.alerts].map(([id, a]) => [id, a.kind]));
    const batch = resolvePlan(plan, prepared, kinds);
    await insertBatchRows(c, batch.rumors, batch.events, batch.alerts);
    await attachBatchItems(c, batch.links);
    await refreshBatchRows(c, batch.eventRefresh, batch.rumorRefresh, batch.alertRefresh);
    await finishAlertBatch(c, batch.figureState, [...loud.map((it) => ({ id: it.id, revision: it.revision })), ...quiet]);
    return batch.changed;
  });
}
