import { describe, expect, it } from 'vitest';
import { planAlertBatch, type BatchContext, type BatchPair, type PairSignal } from './planAlertBatch.ts';

const H = 3_600_000;
const ctx = (over: Partial<BatchContext> = {}): BatchContext => ({
  events: [],
  rumors: [],
  storyAlerts: [],
  windowMs: 48 * H,
  quietMs: 14 * 24 * H,
  isCountry: (p) => p === 'iran',
  ...over,
});
const sig = (type: PairSignal['type'], extra: Partial<PairSignal> = {}): PairSignal => ({
  type,
  placeId: null,
  harm: null,
  basis: null,
  answersRumor: false,
  ...extra,
});
let nextItem = 100;
const pair = (over: Partial<BatchPair>): BatchPair => ({
  itemId: nextItem++,
  feedId: 'a',
  lang: 'arb',
  storyId: 1,
  at: 10 * H,
  basis: 'published',
  fetchedAt: 20 * H,
  figureId: 'qais',
  existingAlertId: null,
  signals: [],
  snippet: { snippet: 'قيس', marks: [[0, 3]] },
  ...over,
});

describe('planAlertBatch', () => {
  it('makes one alert of one denial in three stories, its first source the earliest published', () => {
    const plan = planAlertBatch(
      [
        pair({ itemId: 1, feedId: 'shafaq', storyId: 1, at: 12 * H, signals: [sig('debunk')] }),
        pair({ itemId: 2, feedId: 'tasnim', storyId: 2, at: 11 * H, signals: [sig('debunk')] }),
        pair({ itemId: 3, feedId: 'rudaw', storyId: 3, at: 13 * H, signals: [sig('debunk')] }),
      ],
      ctx(),
    );
    expect(plan.newEvents).toHaveLength(1);
    expect(plan.newAlerts).toHaveLength(1);
    expect(plan.newAlerts[0]).toMatchObject({
      kind: 'debunk',
      priority: 'high',
      outletCount: 3,
      firstFeedId: 'tasnim',
      firstItemId: 2,
      itemId: 2,
      storyId: 2,
      dedupeKey: 'story:2:qais',
    });
    expect(plan.sources.map((s) => s.alertRef)).toEqual([-1, -1, -1]);
    // each story now points at the alert, for the plain mentions that follow
    expect(plan.storyAlerts.map((s) => s.storyId).sort()).toEqual([1, 2, 3]);
    expect(plan.eventItems.map((e) => e.eventRef)).toEqual([-1, -1, -1]);
  });

  it('joins a plain mention to its story’s alert and a statement to its event’s alert, linking the events that had none', () => {
    const plan = planAlertBatch(
      [
        pair({ itemId: 1, storyId: 5, signals: [] }),
        pair({ itemId: 2, storyId: 6, signals: [sig('debunk'), sig('whereabouts', { placeId: 'qom' })] }),
      ],
      ctx({
        storyAlerts: [{ storyId: 5, figureId: 'qais', alertId: 40 }],
        events: [{ id: 7, figureId: 'qais', type: 'debunk', placeId: '', firstAt: 9 * H, lastAt: 9 * H, alertId: 41, rumorId: null }],
      }),
    );
    expect(plan.newAlerts).toEqual([]);
    expect(plan.sources.map((s) => [s.itemId, s.alertRef])).toEqual([
      [1, 40],
      [2, 41],
    ]);
    // the whereabouts event is new and takes the denial's alert
    expect(plan.newEvents).toEqual([expect.objectContaining({ ref: -1, type: 'whereabouts', placeId: 'qom' })]);
    expect(plan.events).toEqual(
      expect.arrayContaining([
        { ref: 7, alertRef: 41, rumorRef: null },
        { ref: -1, alertRef: 41, rumorRef: null },
      ]),
    );
    expect(plan.alertTouches.map((t) => t.alertId).sort()).toEqual([40, 41]);
    expect(plan.alertTouches.find((t) => t.alertId === 41)!.face).toMatchObject({ kind: 'debunk', placeId: 'qom', itemId: 2 });
  });

  it('never gives an alerted (item, figure) a second alert or source, and offers its stronger kind', () => {
    const plan = planAlertBatch([pair({ itemId: 1, storyId: 5, existingAlertId: 33, signals: [sig('appearance')] })], ctx());
    expect(plan.sources).toEqual([]);
    expect(plan.newAlerts).toEqual([]);
    expect(plan.alertTouches).toEqual([{ alertId: 33, face: expect.objectContaining({ kind: 'appearance' }), answered: false }]);
  });

  it('opens a rumor with a harm claim and takes a later sighting as its answer: a derived debunk, and the claim’s alert is touched', () => {
    const plan = planAlertBatch(
      [
        pair({ itemId: 1, storyId: 1, at: 10 * H, signals: [sig('harm_claim', { harm: 'death' })] }),
        pair({ itemId: 2, storyId: 2, at: 30 * H, signals: [sig('appearance'), sig('whereabouts', { placeId: 'karbala' })] }),
        pair({ itemId: 3, figureId: 'laith', storyId: 3, at: 31 * H, signals: [sig('appearance')] }),
      ],
      ctx({ rumors: [{ id: 60, figureId: 'laith', harm: 'arrest', firstAt: 40 * H, lastActivityAt: 40 * H, claimAlertIds: [61] }] }),
    );
    expect(plan.newRumors).toEqual([{ ref: -1, figureId: 'qais', harm: 'death', at: 10 * H, basis: 'published', itemId: 1, feedId: 'a' }]);
    const answer = plan.newAlerts.find((a) => a.itemId === 2)!;
    expect(answer).toMatchObject({ kind: 'debunk', placeId: 'karbala', rumorRef: -1 });
    expect(plan.rumorAnswers).toEqual([
      expect.objectContaining({ rumorRef: -1, itemId: 2, basis: 'sighting', via: ['appearance', 'whereabouts'], namesRumor: false }),
    ]);
    expect(plan.eventItems.filter((e) => e.itemId === 2).map((e) => [e.derived, e.rumorRef])).toContainEqual([true, -1]);
    // Laith's rumor was claimed after his sighting: no answer, no touch
    expect(plan.newAlerts.find((a) => a.itemId === 3)!.kind).toBe('appearance');
    expect(plan.alertTouches).toEqual([]);
    expect(plan.figureState.find((f) => f.figureId === 'qais')).toEqual({
      figureId: 'qais',
      mentionAt: 30 * H,
      mentionItemId: 2,
      seen: { at: 30 * H, placeId: 'karbala', itemId: 2 },
    });
  });

  it('brings an open rumor’s claim alert back to the top when an answer arrives, but not for an item alerted before', () => {
    const rumors = [{ id: 60, figureId: 'qais', harm: null, firstAt: 5 * H, lastActivityAt: 5 * H, claimAlertIds: [61] }];
    const fresh = planAlertBatch([pair({ signals: [sig('debunk')] })], ctx({ rumors }));
    expect(fresh.alertTouches).toEqual([{ alertId: 61, face: null, answered: true }]);
    expect(fresh.rumors).toEqual([{ ref: 60, harm: null }]);
    const again = planAlertBatch([pair({ existingAlertId: 70, signals: [sig('debunk')] })], ctx({ rumors }));
    expect(again.alertTouches.map((t) => [t.alertId, t.answered])).toEqual([[70, false]]);
  });

  it('keeps the stronger face for an alert several pairs join, and the city before the country', () => {
    const plan = planAlertBatch(
      [
        pair({ itemId: 1, storyId: 1, at: 10 * H, signals: [] }),
        pair({ itemId: 2, storyId: 1, at: 11 * H, signals: [sig('whereabouts', { placeId: 'iran' }), sig('whereabouts', { placeId: 'qom' })] }),
      ],
      ctx(),
    );
    expect(plan.newAlerts).toHaveLength(1);
    expect(plan.newAlerts[0]).toMatchObject({ kind: 'whereabouts', placeId: 'qom', itemId: 2, firstItemId: 1, outletCount: 1 });
    expect(plan.newEvents.map((e) => e.placeId).sort()).toEqual(['iran', 'qom']);
  });
});
