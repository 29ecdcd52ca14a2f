import { randomBytes } from 'node:crypto';
import type { Job } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openQueues } from '../../queues/connection.ts';
import type { WatchJob } from '../../queues/names.ts';
import { log } from '../../lib/log.ts';
import { freshDatabase, type TestDb } from '../../test/helpers/db.ts';
import { finishAlertBatch } from '../../db/sql/finishAlertBatch.ts';
import { checkSilences } from './checkSilences.ts';
import { checkSurges } from './checkSurges.ts';
import watchStage from './index.ts';

const HOUR = 3600_000;
const DAY = 24 * HOUR;
// whole minutes, so wave starts (minute-truncated) compare exactly
const T0 = new Date(Math.floor(Date.now() / 60_000) * 60_000);
const at = (ms: number) => new Date(T0.getTime() + ms);

let db: TestDb;
let guid = 0;

async function item(
  fetchedAt: Date,
  figures: string[],
  signals: Array<{ figureId: string; type: string; placeId?: string }> = [],
  storyId?: number,
): Promise<number> {
  const r = await db.pool.query<{ id: number }>(
    `INSERT INTO items (feed_id, guid, title, body, content_hash, fetched_at, published_at) VALUES ('f1', $1, 't', 'b', $1, $2, $2) RETURNING id`,
    [`g${++guid}`, fetchedAt.toISOString()],
  );
  const id = r.rows[0].id;
  for (const f of figures)
    await db.pool.query(`INSERT INTO mentions (item_id, figure_id, start_pos, end_pos, text) VALUES ($1, $2, 0, 1, 'x')`, [id, f]);
  for (const s of signals)
    await db.pool.query(`INSERT INTO item_signals (item_id, figure_id, type, place_id) VALUES ($1, $2, $3, $4)`, [
      id,
      s.figureId,
      s.type,
      s.placeId ?? '',
    ]);
  if (storyId) await db.pool.query(`INSERT INTO story_items (item_id, story_id, feed_id) VALUES ($1, $2, 'f1')`, [id, storyId]);
  // figure state as the alert stage writes it with the item's alerts (last mentioned, last seen and where)
  await finishAlertBatch(
    db.pool,
    figures.map((f) => {
      const seen = signals.filter((x) => x.figureId === f && (x.type === 'appearance' || x.type === 'whereabouts'));
      return {
        figureId: f,
        mentionAt: fetchedAt,
        mentionItemId: id,
        seenAt: seen.length ? fetchedAt : null,
        seenPlace: seen.find((x) => x.placeId)?.placeId ?? null,
        seenItemId: seen.length ? id : null,
      };
    }),
    [],
  );
  return id;
}

async function story(firstItem: number): Promise<number> {
  return (await db.pool.query<{ id: number }>(`INSERT INTO stories (first_item_id, title) VALUES ($1, 's') RETURNING id`, [firstItem])).rows[0].id;
}

const alertsOf = async (kind: string) =>
  (await db.pool.query(`SELECT id, dedupe_key, figure_id, priority, story_id, place_id, detail FROM alerts WHERE kind = $1 ORDER BY id`, [kind]))
    .rows;
const stateOf = async (figureId: string) => (await db.pool.query(`SELECT * FROM figure_state WHERE figure_id = $1`, [figureId])).rows[0];

beforeAll(async () => {
  db = await freshDatabase();
  await db.pool.query(`INSERT INTO feeds (id, name, kind, url, config, interval_seconds) VALUES ('f1', 'f1', 'rss', 'http://127.0.0.1/x', '{}', 60)`);
});
afterAll(async () => {
  await db?.drop();
});

describe('surge check', () => {
  it('raises one alert per wave, with the stories behind it, and a new alert for a later wave', async () => {
    // a quiet baseline: named about twice a day for two weeks, and a steady figure who never surges
    for (let h = 6; h < 14 * 24; h += 12) await item(at(-h * HOUR), ['qais-al-khazali']);
    for (let h = 1; h < 14 * 24; h += 1) await item(at(-h * HOUR - 5 * 60_000), ['muqtada-al-sadr']);
    // a death rumour spreads: 14 items in the last hour, mostly one story
    const first = await item(at(-50 * 60_000), ['qais-al-khazali']);
    const big = await story(first);
    await db.pool.query(`INSERT INTO story_items (item_id, story_id, feed_id) VALUES ($1, $2, 'f1')`, [first, big]);
    for (let i = 0; i < 9; i++) await item(at(-(40 - i) * 60_000), ['qais-al-khazali'], [], big);
    const smallFirst = await item(at(-20 * 60_000), ['qais-al-khazali']);
    const small = await story(smallFirst);
    await db.pool.query(`INSERT INTO story_items (item_id, story_id, feed_id) VALUES ($1, $2, 'f1')`, [smallFirst, small]);
    for (let i = 0; i < 3; i++) await item(at(-(10 - i) * 60_000), ['qais-al-khazali'], [], small);

    const r1 = await checkSurges(db.pool, T0);
    expect(r1.opened.map((o) => o.figureId)).toEqual(['qais-al-khazali']);
    let alerts = await alertsOf('surge');
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ dedupe_key: `surge:qais-al-khazali:${T0.toISOString()}`, priority: 'high', story_id: big });
    expect(alerts[0].detail.topStories).toEqual([big, small]);
    expect(alerts[0].detail.window).toBe('hour');
    expect(alerts[0].detail.count).toBe(14);

    // the same wave, seen again and again: no second alert
    await item(at(5 * 60_000), ['qais-al-khazali']);
    const again = await checkSurges(db.pool, at(10 * 60_000));
    expect(again.opened).toEqual([]);
    expect((await checkSurges(db.pool, at(6 * HOUR))).opened).toEqual([]);
    expect(await alertsOf('surge')).toHaveLength(1);
    expect((await stateOf('qais-al-khazali')).surge_started_at).toEqual(T0);

    // counts fall back for more than a day: the wave closes
    const closed = await checkSurges(db.pool, at(2 * DAY));
    expect(closed.closed).toBe(1);
    expect((await stateOf('qais-al-khazali')).surge_started_at).toBeNull();

    // a new wave three days later is a new alert
    for (let i = 0; i < 12; i++) await item(at(3 * DAY - (30 - i) * 60_000), ['qais-al-khazali']);
    const r2 = await checkSurges(db.pool, at(3 * DAY));
    expect(r2.opened).toHaveLength(1);
    alerts = await alertsOf('surge');
    expect(alerts.map((a) => a.dedupe_key)).toEqual([
      `surge:qais-al-khazali:${T0.toISOString()}`,
      `surge:qais-al-khazali:${at(3 * DAY).toISOString()}`,
    ]);
    expect(alerts.every((a) => a.figure_id === 'qais-al-khazali')).toBe(true);
  });
});

describe('silence check', () => {
  it('raises one silence alert past his usual gap, records where he was last seen, and clears on a sighting', async () => {
    // Laith is seen every two days for a month, then nothing for ten days
    let lastId = 0;
    for (let d = 40; d >= 10; d -= 2) {
      lastId = await item(
        at(-d * DAY),
        ['laith-al-khazali'],
        [
          { figureId: 'laith-al-khazali', type: 'appearance' },
          { figureId: 'laith-al-khazali', type: 'whereabouts', placeId: d === 10 ? 'najaf' : 'baghdad' },
        ],
      );
    }
    // Qais (silenceDays 14 in the watchlist) was seen once, 20 days ago; Hadi is seen every day
    await item(at(-20 * DAY), ['hadi-al-amiri'], []);
    const qaisSeen = await item(at(-20 * DAY), ['qais-al-khazali'], [{ figureId: 'qais-al-khazali', type: 'appearance' }]);
    for (let d = 8; d >= 0; d--) await item(at(-d * DAY - HOUR), ['hadi-al-amiri'], [{ figureId: 'hadi-al-amiri', type: 'appearance' }]);
    const figures = [{ id: 'laith-al-khazali' }, { id: 'qais-al-khazali', silenceDays: 14 }, { id: 'hadi-al-amiri' }, { id: 'ghadir-sharif' }];

    const r1 = await checkSilences(db.pool, T0, figures);
    expect(r1.opened.map((o) => o.figureId).sort()).toEqual(['laith-al-khazali', 'qais-al-khazali']);
    const alerts = await alertsOf('silence');
    const laith = alerts.find((a) => a.figure_id === 'laith-al-khazali');
    expect(laith).toMatchObject({ dedupe_key: `silence:laith-al-khazali:${at(-10 * DAY).toISOString()}`, place_id: 'najaf' });
    expect(laith.detail).toMatchObject({ lastSeenPlace: 'najaf', lastSeenItemId: lastId, configured: false });
    expect(alerts.find((a) => a.figure_id === 'qais-al-khazali').detail).toMatchObject({
      thresholdDays: 14,
      configured: true,
      lastSeenItemId: qaisSeen,
    });
    const state = await stateOf('laith-al-khazali');
    expect(state).toMatchObject({ last_seen_place: 'najaf', last_seen_item_id: lastId, silence_alert_id: laith.id });
    expect(state.last_seen_at).toEqual(at(-10 * DAY));

    // run again: still silent, no second alert
    expect((await checkSilences(db.pool, at(HOUR), figures)).opened).toEqual([]);
    expect(await alertsOf('silence')).toHaveLength(2);

    // he appears in Karbala: the silence clears and figure_state moves on
    const back = await item(at(2 * HOUR), ['laith-al-khazali'], [{ figureId: 'laith-al-khazali', type: 'whereabouts', placeId: 'karbala' }]);
    const r3 = await checkSilences(db.pool, at(3 * HOUR), figures);
    expect(r3.cleared).toBe(1);
    const after = await stateOf('laith-al-khazali');
    expect(after).toMatchObject({ silence_alert_id: null, silence_since: null, last_seen_place: 'karbala', last_seen_item_id: back });
    const cleared = (await db.pool.query(`SELECT detail FROM alerts WHERE id = $1`, [laith.id])).rows[0].detail;
    expect(cleared).toMatchObject({ clearedAt: at(2 * HOUR).toISOString(), clearedByItemId: back });
  });
});

describe('watch stage', () => {
  it('hands new alerts to the deliver queue once and records the hand-off', async () => {
    const prefix = `{raqib-watch-test-${randomBytes(4).toString('hex')}}`;
    const queues = openQueues({ prefix });
    try {
      // Ghadir Sharif: a burst from nothing
      for (let i = 0; i < 8; i++) await item(new Date(Date.now() - (20 - i) * 60_000), ['ghadir-sharif']);
      const job = { data: { check: 'surge' } } as Job<WatchJob>;
      const r = (await watchStage.handle(job, { pool: db.pool, queues, log }, undefined)) as { opened: number };
      expect(r.opened).toBeGreaterThanOrEqual(1);
      const alert = (await db.pool.query(`SELECT id, notified_kind FROM alerts WHERE kind = 'surge' AND figure_id = 'ghadir-sharif'`)).rows;
      expect(alert).toHaveLength(1);
      expect(alert[0].notified_kind).toBe('surge');
      const jobs = await queues.deliver.getJobs(['waiting', 'delayed', 'prioritized']);
      expect(jobs.map((j) => j.data.alertId)).toContain(alert[0].id);
      // a second run opens nothing new and enqueues nothing more
      await watchStage.handle(job, { pool: db.pool, queues, log }, undefined);
      expect((await queues.deliver.getJobs(['waiting', 'delayed', 'prioritized'])).filter((j) => j.data.alertId === alert[0].id)).toHaveLength(1);
    } finally {
      await queues.deliver.obliterate({ force: true }).catch(() => {});
      await queues.close();
    }
  });
});
