import type { AlertInsert, EventInsert, RumorInsert } from '../../db/sql/insertBatchRows.ts';
import type { BatchLinks } from '../../db/sql/attachBatchItems.ts';
import type { AlertRefresh, EventRefresh } from '../../db/sql/refreshBatchRows.ts';
import type { FigureStateInput } from '../../db/sql/finishAlertBatch.ts';
import type { AlertKind, HarmKind } from '../../db/rows.ts';
import { KIND_RANK } from './alertKind.ts';
import type { BatchPlan } from './planAlertBatch.ts';

/** Ids the database gave the batch's new rows, in the order of the plan's references (-1, -2, …). */
export interface NewIds {
  rumorIds: readonly number[];
  eventIds: readonly number[];
  alertIds: readonly number[];
}

export interface ResolvedBatch {
  rumors: RumorInsert[];
  events: EventInsert[];
  alerts: AlertInsert[];
  links: BatchLinks;
  eventRefresh: EventRefresh[];
  rumorRefresh: Array<{ id: number; harm: HarmKind | null }>;
  alertRefresh: AlertRefresh[];
  figureState: FigureStateInput[];
  /** alerts created or moved to a stronger kind: the deliver stage must hear of them */
  changed: Array<{ id: number; kind: AlertKind }>;
}

const at = (ms: number) => new Date(ms);

/**
 * Turns a plan's references into ids (a negative reference -n is the n-th new row of its table) and decides
 * the upgrades against the kinds the locked alerts have now: a touch only upgrades an alert to a stronger kind.
 */
export function resolvePlan(plan: BatchPlan, ids: NewIds, currentKinds: ReadonlyMap<number, AlertKind>): ResolvedBatch {
  const ref = (list: readonly number[]) => (r: number | null) => (r === null ? null : r > 0 ? r : list[-r - 1]);
  const rumor = ref(ids.rumorIds);
  const event = ref(ids.eventIds);
  const alert = ref(ids.alertIds);
  const changed: ResolvedBatch['changed'] = [];

  const alerts = plan.newAlerts.map((a): AlertInsert => {
    const id = alert(a.ref)!;
    changed.push({ id, kind: a.kind });
    return {
      id,
      dedupeKey: a.dedupeKey,
      figureId: a.figureId,
      kind: a.kind,
      priority: a.priority,
      storyId: a.storyId,
      itemId: a.itemId,
      feedId: a.feedId,
      lang: a.lang,
      placeId: a.placeId,
      snippet: a.snippet,
      marks: a.marks,
      publishedAt: at(a.publishedAt),
      outletCount: a.outletCount,
      firstItemId: a.firstItemId,
      firstFeedId: a.firstFeedId,
      eventId: event(a.eventRef),
      rumorId: rumor(a.rumorRef),
    };
  });

  const alertRefresh = plan.alertTouches.map((t): AlertRefresh => {
    const current = currentKinds.get(t.alertId);
    const f = t.face;
    const stronger = !!f && !!current && KIND_RANK[f.kind] > KIND_RANK[current];
    if (stronger) changed.push({ id: t.alertId, kind: f.kind });
    return {
      id: t.alertId,
      upgrade: stronger
        ? {
            kind: f.kind,
            priority: f.priority,
            placeId: f.placeId,
            itemId: f.itemId,
            feedId: f.feedId,
            lang: f.lang,
            snippet: f.snippet,
            marks: f.marks,
            eventId: event(f.eventRef),
          }
        : null,
      placeId: f?.placeId ?? null,
      // the rumor an alert opens or answers is that of the statement that gives it its kind
      rumorId: f && (stronger || f.kind === current) ? rumor(f.rumorRef) : null,
      answered: t.answered,
    };
  });

  const linkedEvent = new Map(plan.events.map((e) => [e.ref, e]));
  return {
    rumors: plan.newRumors.map((r) => ({
      id: rumor(r.ref)!,
      figureId: r.figureId,
      harm: r.harm,
      itemId: r.itemId,
      feedId: r.feedId,
      at: at(r.at),
      basis: r.basis,
    })),
    events: plan.newEvents.map((e) => ({
      id: event(e.ref)!,
      figureId: e.figureId,
      type: e.type,
      placeId: e.placeId,
      firstAt: at(e.firstAt),
      lastAt: at(e.lastAt),
      alertId: alert(linkedEvent.get(e.ref)?.alertRef ?? null),
      rumorId: rumor(linkedEvent.get(e.ref)?.rumorRef ?? null),
    })),
    alerts,
    links: {
      eventItems: plan.eventItems.map((x) => ({
        eventId: event(x.eventRef)!,
        itemId: x.itemId,
        feedId: x.feedId,
        storyId: x.storyId,
        at: at(x.at),
        basis: x.basis,
        fetchedAt: at(x.fetchedAt),
        derived: x.derived,
        rumorId: rumor(x.rumorRef),
      })),
      sources: plan.sources.map((s) => ({ itemId: s.itemId, figureId: s.figureId, alertId: alert(s.alertRef)!, feedId: s.feedId, at: at(s.at) })),
      storyAlerts: plan.storyAlerts.map((s) => ({ storyId: s.storyId, figureId: s.figureId, alertId: alert(s.alertRef)! })),
      answers: plan.rumorAnswers.map((a) => ({
        rumorId: rumor(a.rumorRef)!,
        itemId: a.itemId,
        feedId: a.feedId,
        eventId: event(a.eventRef)!,
        alertId: alert(a.alertRef)!,
        at: at(a.at),
        basis: a.basis,
        via: a.via,
        namesRumor: a.namesRumor,
      })),
    },
    eventRefresh: plan.events.map((e) => ({ id: event(e.ref)!, alertId: alert(e.alertRef), rumorId: rumor(e.rumorRef) })),
    rumorRefresh: plan.rumors.map((r) => ({ id: rumor(r.ref)!, harm: r.harm })),
    alertRefresh,
    figureState: plan.figureState.map((f) => ({
      figureId: f.figureId,
      mentionAt: at(f.mentionAt),
      mentionItemId: f.mentionItemId,
      seenAt: f.seen ? at(f.seen.at) : null,
      seenPlace: f.seen?.placeId ?? null,
      seenItemId: f.seen?.itemId ?? null,
    })),
    changed,
  };
}
