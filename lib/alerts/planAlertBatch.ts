import type { AlertKind, HarmKind, SignalType, TimeBasis } from '../../db/rows.ts';
import { eventKey, pickEvent, widen } from '../events/eventWindow.ts';
import { readAnswer, rumorForClaim, rumorsAnswered, type OpenRumor } from '../events/rumors.ts';
import { alertKindFor, KIND_RANK, type AlertKindChoice } from './alertKind.ts';
import type { Snippet } from './makeSnippet.ts';

/**
 * The alert stage's decisions for one batch, without I/O: which event each statement joins or opens, which
 * rumor a harm claim repeats or opens and which rumors an answer answers, which alert each (item, figure)
 * pair joins, and what the figure's state becomes. The worker reads the context under its locks, calls
 * planAlertBatch, and writes the plan in the same transaction (workers/alert/).
 *
 * Ids in a plan are references: a positive one is a row that exists, a negative one a row this batch
 * creates (numbered per table); the writer gives those real ids.
 *
 * Semantics (also in README, "Events, rumors and alerts"):
 * - An (item, figure) pair with signals joins, per signal type (and place), the event of that key whose span
 *   stays within the window with it, or opens one. Its alert is, in order: the alert it already has (an
 *   edited item never gets a second one); the alert of its strongest event that has one; its story's alert
 *   for the figure; a new alert for its story and figure. Events it joined that had no alert get that alert.
 * - A pair without signals is a plain mention: its story's alert for the figure, or a new one (per story and
 *   figure, as before events).
 * - An alert only ever moves to a stronger kind; when it does, the upgrading item becomes its item (snippet,
 *   language) and it comes back to the top of the list (activity_at).
 */

export interface PairSignal {
  type: SignalType;
  /** whereabouts only */
  placeId: string | null;
  harm: HarmKind | null;
  basis: 'denial' | 'assurance' | 'sighting' | null;
  answersRumor: boolean;
}

/** One tracked figure as one item names it. */
export interface BatchPair {
  itemId: number;
  feedId: string;
  lang: string | null;
  /** the item's story; null only when the pair already has its alert */
  storyId: number | null;
  /** publication time (ms) and how it is known */
  at: number;
  basis: TimeBasis;
  fetchedAt: number;
  figureId: string;
  existingAlertId: number | null;
  signals: PairSignal[];
  snippet: Snippet;
}

export interface KnownEvent {
  id: number;
  figureId: string;
  type: SignalType;
  placeId: string;
  firstAt: number;
  lastAt: number;
  alertId: number | null;
  rumorId: number | null;
}

export interface KnownRumor extends OpenRumor {
  /** alerts of its harm-claim events: they come back to the top when it is answered */
  claimAlertIds: number[];
}

export interface BatchContext {
  /** events of the batch's figures whose span comes within the window of the batch's times */
  events: readonly KnownEvent[];
  /** open rumors of the batch's figures */
  rumors: readonly KnownRumor[];
  /** alerts of the batch's stories, per figure */
  storyAlerts: ReadonlyArray<{ storyId: number; figureId: string; alertId: number }>;
  windowMs: number;
  quietMs: number;
  isCountry(placeId: string): boolean;
}

export interface NewRumor {
  ref: number;
  figureId: string;
  harm: HarmKind | null;
  at: number;
  basis: TimeBasis;
  itemId: number;
  feedId: string;
}

export interface NewEvent {
  ref: number;
  figureId: string;
  type: SignalType;
  placeId: string;
  firstAt: number;
  lastAt: number;
}

/** What an alert shows, taken from the item that gave it its kind. */
export interface AlertFace extends AlertKindChoice {
  itemId: number;
  feedId: string;
  lang: string | null;
  snippet: string;
  marks: Array<[number, number]>;
  eventRef: number | null;
  rumorRef: number | null;
}

export interface NewAlert extends AlertFace {
  ref: number;
  dedupeKey: string;
  figureId: string;
  storyId: number;
  publishedAt: number;
  firstItemId: number;
  firstFeedId: string;
  outletCount: number;
}

/** An existing alert this batch touches: a stronger face to upgrade to (if stronger than it is), an answered rumor. */
export interface AlertTouch {
  alertId: number;
  face: AlertFace | null;
  answered: boolean;
}

export interface EventItem {
  eventRef: number;
  itemId: number;
  feedId: string;
  storyId: number | null;
  at: number;
  basis: TimeBasis;
  fetchedAt: number;
  derived: boolean;
  rumorRef: number | null;
}

export interface RumorAnswer {
  rumorRef: number;
  itemId: number;
  feedId: string;
  eventRef: number;
  alertRef: number;
  at: number;
  basis: 'denial' | 'assurance' | 'sighting';
  via: SignalType[];
  namesRumor: boolean;
}

export interface FigureStateUpdate {
  figureId: string;
  mentionAt: number;
  mentionItemId: number;
  seen: { at: number; placeId: string | null; itemId: number } | null;
}

export interface BatchPlan {
  newRumors: NewRumor[];
  newEvents: NewEvent[];
  newAlerts: NewAlert[];
  /** every event the batch touched, new or not, with the alert and rumor to link where it has none */
  events: Array<{ ref: number; alertRef: number | null; rumorRef: number | null }>;
  /** every rumor the batch touched, new or not, with a harm now known */
  rumors: Array<{ ref: number; harm: HarmKind | null }>;
  alertTouches: AlertTouch[];
  eventItems: EventItem[];
  sources: Array<{ itemId: number; figureId: string; alertRef: number; feedId: string; at: number }>;
  storyAlerts: Array<{ storyId: number; figureId: string; alertRef: number }>;
  rumorAnswers: RumorAnswer[];
  figureState: FigureStateUpdate[];
}

interface StateEvent {
  ref: number;
  id: number;
  firstAt: number;
  lastAt: number;
  alertRef: number | null;
  rumorRef: number | null;
}

interface StateRumor extends OpenRumor {
  claimAlertRefs: Set<number>;
}

/** Working state while the batch's pairs are planned in time order. */
class Planner {
  private next = { rumor: -1, event: -1, alert: -1 };
  private events = new Map<string, StateEvent[]>();
  private rumors: StateRumor[];
  private storyAlerts = new Map<string, number>();
  private newAlerts = new Map<number, NewAlert>();
  private touches = new Map<number, AlertTouch>();
  private touchedEvents = new Map<number, StateEvent>();
  private touchedRumors = new Map<number, StateRumor>();
  private figures = new Map<string, FigureStateUpdate>();
  readonly plan: BatchPlan = {
    newRumors: [],
    newEvents: [],
    newAlerts: [],
    events: [],
    rumors: [],
    alertTouches: [],
    eventItems: [],
    sources: [],
    storyAlerts: [],
    rumorAnswers: [],
    figureState: [],
  };

  constructor(private ctx: BatchContext) {
    for (const e of ctx.events) {
      const key = eventKey(e.figureId, e.type, e.placeId);
      const list = this.events.get(key) ?? [];
      list.push({ ref: e.id, id: e.id, firstAt: e.firstAt, lastAt: e.lastAt, alertRef: e.alertId, rumorRef: e.rumorId });
      this.events.set(key, list);
    }
    this.rumors = ctx.rumors.map((r) => ({ ...r, claimAlertRefs: new Set(r.claimAlertIds) }));
    for (const s of ctx.storyAlerts) this.storyAlerts.set(`${s.storyId}:${s.figureId}`, s.alertId);
  }

  add(p: BatchPair): void {
    const claimed = p.signals.find((s) => s.type === 'harm_claim') ? this.claimRumor(p) : null;
    // an item alerted before (an edit, a job run again) was counted then: it brings no news to a rumor's alerts
    const news = p.existingAlertId === null;
    const reading = readAnswer(p.signals);
    // an item that claims the harm answers only with a debunk of its own, and never the rumor it just repeated
    const answered = reading.answers
      ? (rumorsAnswered(this.rumors, p.figureId, reading.harm, p.at, this.ctx.quietMs) as StateRumor[]).filter(
          (r) => reading.explicit || r !== claimed,
        )
      : [];
    const derived = reading.answers && !reading.explicit && (answered.length > 0 || reading.namesRumor);
    const signals = derived
      ? [...p.signals, { type: 'debunk' as const, placeId: null, harm: null, basis: null, answersRumor: reading.namesRumor }]
      : p.signals;

    const joined = this.joinEvents(p, signals, claimed, answered, derived);
    const choice = alertKindFor(signals, (id) => this.ctx.isCountry(id));
    const primary = joined[0] ?? null;
    const rumorRef = choice.kind === 'harm_claim' ? (claimed?.id ?? null) : choice.kind === 'debunk' ? (answered[0]?.id ?? null) : null;
    const face: AlertFace = {
      ...choice,
      itemId: p.itemId,
      feedId: p.feedId,
      lang: p.lang,
      snippet: p.snippet.snippet,
      marks: p.snippet.marks,
      eventRef: primary?.ref ?? null,
      rumorRef,
    };
    const alertRef = this.alertFor(p, joined, face);
    for (const e of joined) if (e.alertRef === null) e.alertRef = alertRef;
    if (claimed) claimed.claimAlertRefs.add(alertRef);

    for (const r of answered) {
      this.plan.rumorAnswers.push({
        rumorRef: r.id,
        itemId: p.itemId,
        feedId: p.feedId,
        // an answer always carries a debunk (its own or derived), the strongest statement: the first event
        eventRef: primary!.ref,
        alertRef,
        at: p.at,
        basis: reading.basis,
        via: reading.via,
        namesRumor: reading.namesRumor,
      });
      r.lastActivityAt = Math.max(r.lastActivityAt, p.at);
      this.touchedRumors.set(r.id, r);
      if (news) for (const a of r.claimAlertRefs) if (a > 0 && a !== alertRef) this.touch(a).answered = true;
    }
    this.noteFigure(p, signals);
  }

  /**
   * The open rumor a harm claim repeats, or a new one it opens. An item alerted before (an edit, a job run
   * again) opens none: its claim was counted when it was first alerted, and its rumor may be judged since.
   */
  private claimRumor(p: BatchPair): StateRumor | null {
    const harm = p.signals.find((s) => s.type === 'harm_claim')!.harm;
    let r = rumorForClaim(this.rumors, p.figureId, harm, p.at, this.ctx.quietMs) as StateRumor | undefined;
    if (!r && p.existingAlertId !== null) return null;
    if (r) {
      r.firstAt = Math.min(r.firstAt, p.at);
      r.lastActivityAt = Math.max(r.lastActivityAt, p.at);
      r.harm ??= harm;
    } else {
      r = { id: this.next.rumor--, figureId: p.figureId, harm, firstAt: p.at, lastActivityAt: p.at, claimAlertRefs: new Set() };
      this.rumors.push(r);
      this.plan.newRumors.push({ ref: r.id, figureId: p.figureId, harm, at: p.at, basis: p.basis, itemId: p.itemId, feedId: p.feedId });
    }
    this.touchedRumors.set(r.id, r);
    return r;
  }

  /** The events a pair's statements join or open, strongest first (the first gives the alert its kind). */
  private joinEvents(
    p: BatchPair,
    signals: readonly PairSignal[],
    claimed: StateRumor | null,
    answered: StateRumor[],
    derived: boolean,
  ): StateEvent[] {
    const keys = new Map<string, PairSignal>();
    for (const s of signals) keys.set(eventKey(p.figureId, s.type, s.type === 'whereabouts' ? (s.placeId ?? '') : ''), s);
    const ordered = [...keys].sort(([, a], [, b]) => KIND_RANK[b.type as AlertKind] - KIND_RANK[a.type as AlertKind]);
    return ordered.map(([key, s]) => {
      const list = this.events.get(key) ?? [];
      let e = pickEvent(list, p.at, this.ctx.windowMs);
      if (!e) {
        const ref = this.next.event--;
        e = { ref, id: ref, firstAt: p.at, lastAt: p.at, alertRef: null, rumorRef: null };
        list.push(e);
        this.events.set(key, list);
        this.plan.newEvents.push({
          ref,
          figureId: p.figureId,
          type: s.type,
          placeId: s.type === 'whereabouts' ? (s.placeId ?? '') : '',
          firstAt: p.at,
          lastAt: p.at,
        });
      } else widen(e, p.at);
      const rumor = s.type === 'harm_claim' ? claimed : s.type === 'debunk' ? (answered[0] ?? null) : null;
      if (rumor && e.rumorRef === null) e.rumorRef = rumor.id;
      this.touchedEvents.set(e.ref, e);
      this.plan.eventItems.push({
        eventRef: e.ref,
        itemId: p.itemId,
        feedId: p.feedId,
        storyId: p.storyId,
        at: p.at,
        basis: p.basis,
        fetchedAt: p.fetchedAt,
        derived: s.type === 'debunk' && derived,
        rumorRef: rumor?.id ?? null,
      });
      return e;
    });
  }

  /** The alert a pair joins (see the module comment for the order), creating it when there is none. */
  private alertFor(p: BatchPair, joined: StateEvent[], face: AlertFace): number {
    const storyKey = p.storyId !== null ? `${p.storyId}:${p.figureId}` : null;
    let ref = p.existingAlertId ?? joined.find((e) => e.alertRef !== null)?.alertRef ?? (storyKey ? this.storyAlerts.get(storyKey) : undefined);
    if (ref === undefined) {
      if (p.storyId === null) throw new Error(`item ${p.itemId}: a new alert for ${p.figureId} needs the item's story`);
      ref = this.next.alert--;
      this.newAlerts.set(ref, {
        ...face,
        ref,
        dedupeKey: `story:${p.storyId}:${p.figureId}`,
        figureId: p.figureId,
        storyId: p.storyId,
        publishedAt: p.at,
        firstItemId: p.itemId,
        firstFeedId: p.feedId,
        outletCount: 1,
      });
    } else this.propose(ref, face);
    if (storyKey && !this.storyAlerts.has(storyKey)) {
      this.storyAlerts.set(storyKey, ref);
      this.plan.storyAlerts.push({ storyId: p.storyId!, figureId: p.figureId, alertRef: ref });
    }
    if (p.existingAlertId === null) this.plan.sources.push({ itemId: p.itemId, figureId: p.figureId, alertRef: ref, feedId: p.feedId, at: p.at });
    return ref;
  }

  /** A pair joining an alert offers its face; the strongest offer stands (the first of equals). */
  private propose(ref: number, face: AlertFace): void {
    const created = this.newAlerts.get(ref);
    if (created) {
      if (KIND_RANK[face.kind] > KIND_RANK[created.kind])
        Object.assign(created, face, { placeId: face.placeId ?? created.placeId, rumorRef: face.rumorRef ?? created.rumorRef });
      return;
    }
    const t = this.touch(ref);
    if (!t.face || KIND_RANK[face.kind] > KIND_RANK[t.face.kind]) t.face = face;
  }

  private touch(alertId: number): AlertTouch {
    let t = this.touches.get(alertId);
    if (!t) this.touches.set(alertId, (t = { alertId, face: null, answered: false }));
    return t;
  }

  /** Last mentioned, and last seen (from a whereabouts or appearance), by publication time. */
  private noteFigure(p: BatchPair, signals: readonly PairSignal[]): void {
    let f = this.figures.get(p.figureId);
    if (!f) this.figures.set(p.figureId, (f = { figureId: p.figureId, mentionAt: p.at, mentionItemId: p.itemId, seen: null }));
    else if (p.at > f.mentionAt) Object.assign(f, { mentionAt: p.at, mentionItemId: p.itemId });
    const sightings = signals.filter((s) => s.type === 'whereabouts' || s.type === 'appearance');
    if (sightings.length && (!f.seen || p.at > f.seen.at))
      f.seen = { at: p.at, placeId: alertKindFor(sightings, (id) => this.ctx.isCountry(id)).placeId, itemId: p.itemId };
  }

  finish(): BatchPlan {
    const plan = this.plan;
    for (const a of this.newAlerts.values()) {
      const own = plan.sources.filter((s) => s.alertRef === a.ref).sort((x, y) => x.at - y.at || x.itemId - y.itemId);
      a.outletCount = new Set(own.map((s) => s.feedId)).size;
      a.publishedAt = own[0].at;
      a.firstItemId = own[0].itemId;
      a.firstFeedId = own[0].feedId;
      plan.newAlerts.push(a);
    }
    for (const s of plan.sources) if (s.alertRef > 0) this.touch(s.alertRef);
    plan.alertTouches = [...this.touches.values()];
    plan.events = [...this.touchedEvents.values()].map((e) => ({ ref: e.ref, alertRef: e.alertRef, rumorRef: e.rumorRef }));
    plan.rumors = [...this.touchedRumors.values()].map((r) => ({ ref: r.id, harm: r.harm }));
    plan.figureState = [...this.figures.values()];
    return plan;
  }
}

/** Plans a batch: pairs are taken in publication order, so a claim is seen before the answer published after it. */
export function planAlertBatch(pairs: readonly BatchPair[], ctx: BatchContext): BatchPlan {
  const planner = new Planner(ctx);
  const ordered = [...pairs].sort((a, b) => a.at - b.at || a.itemId - b.itemId || (a.figureId < b.figureId ? -1 : a.figureId > b.figureId ? 1 : 0));
  for (const p of ordered) planner.add(p);
  return planner.finish();
}
