import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSettings } from '../config/settings.ts';
import { listFeedsWithHealth } from '../db/sql/listFeedsWithHealth.ts';
import { freshDatabase, type TestDb } from '../test/helpers/db.ts';
import { RETENTION_RULES, retentionCutoff, runRetention, type RetentionOptions } from './retention.ts';

const defaults = parseSettings({});
/** The item bodies rule alone, as the tests below ran it before there were other rules. */
const pruneOnce = async (db: TestDb['pool'], days: number, batch: number, o: RetentionOptions = {}) => {
  const [r] = await runRetention(db, defaults, { ...o, only: ['item_bodies'], days: { item_bodies: days }, batch });
  return r;
};

let db: TestDb;

beforeAll(async () => {
  db = await freshDatabase();
  await db.pool.query(
    `INSERT INTO feeds (id, name, kind, url, config, interval_seconds) VALUES ('f', 'F', 'rss', 'http://127.0.0.1:1/rss', '{}', 60)`,
  );
  // 1,203 items 100 days old, 40 items 10 days old, 5 old ones not analyzed yet
  await db.pool.query(
    `INSERT INTO items (feed_id, guid, title, body, body_en, content_hash, fetched_at, revision, analyzed_revision)
     SELECT 'f', 'old-' || g, 'title ' || g, 'old body ' || g, 'old english ' || g, 'h' || g, now() - interval '100 days' + g * interval '1 second', 1, 1
       FROM generate_series(1, 1203) g`,
  );
  await db.pool.query(
    `INSERT INTO items (feed_id, guid, title, body, content_hash, fetched_at, revision, analyzed_revision)
     SELECT 'f', 'new-' || g, 'title', 'new body ' || g, 'n' || g, now() - interval '10 days', 1, 1 FROM generate_series(1, 40) g`,
  );
  await db.pool.query(
    `INSERT INTO items (feed_id, guid, title, body, content_hash, fetched_at, revision, analyzed_revision)
     SELECT 'f', 'pending-' || g, 'title', 'pending body', 'p' || g, now() - interval '100 days', 1, 0 FROM generate_series(1, 5) g`,
  );
  const old = await db.pool.query<{ id: number }>(`SELECT id FROM items WHERE guid = 'old-7'`);
  const alert = await db.pool.query<{ id: number }>(
    `INSERT INTO alerts (dedupe_key, figure_id, kind, item_id, feed_id, snippet, snippet_marks)
     VALUES ('item:x:qais', 'qais-al-khazali', 'mention', $1, 'f', '… قال قيس الخزعلي …', '[[6, 17]]') RETURNING id`,
    [old.rows[0].id],
  );
  await db.pool.query(`INSERT INTO alert_sources (item_id, figure_id, alert_id, feed_id) VALUES ($1, 'qais-al-khazali', $2, 'f')`, [
    old.rows[0].id,
    alert.rows[0].id,
  ]);
});
afterAll(async () => {
  await db?.drop();
});

describe('retention of item bodies', () => {
  it('keeps everything when the retention is 0 days', async () => {
    expect(retentionCutoff(0)).toBeNull();
    const r = await pruneOnce(db.pool, 0, 500);
    expect(r.pruned).toBe(0);
    expect(r.batches).toEqual([]);
  });

  it('stops after maxBatches, each statement bounded by the batch size', async () => {
    const r = await pruneOnce(db.pool, 30, 100, { maxBatches: 2 });
    expect(r.batches).toEqual([100, 100]);
    expect(r.pruned).toBe(200);
  });

  it('prunes bodies older than N days in bounded batches and keeps the rest', async () => {
    const r = await pruneOnce(db.pool, 30, 500);
    // 1,003 analyzed old bodies were left after the first 200: batches of 500, 500, 3
    expect(r.batches).toEqual([500, 500, 3]);
    expect(r.pruned).toBe(1003);
    const counts = await db.pool.query<{ guid_kind: string; with_body: number; pruned: number; stamped: number; with_en: number; titles: number }>(
      `SELECT split_part(guid, '-', 1) AS guid_kind,
              count(*) FILTER (WHERE body IS NOT NULL)::int AS with_body,
              count(*) FILTER (WHERE body IS NULL)::int AS pruned,
              count(*) FILTER (WHERE body_pruned_at IS NOT NULL)::int AS stamped,
              count(*) FILTER (WHERE body_en IS NOT NULL)::int AS with_en,
              count(*) FILTER (WHERE title <> '')::int AS titles
         FROM items GROUP BY 1 ORDER BY 1`,
    );
    expect(counts.rows).toEqual([
      { guid_kind: 'new', with_body: 40, pruned: 0, stamped: 0, with_en: 0, titles: 40 },
      // an item whose analysis has not run yet keeps its text
      { guid_kind: 'old', with_body: 0, pruned: 1203, stamped: 1203, with_en: 0, titles: 1203 },
      { guid_kind: 'pending', with_body: 5, pruned: 0, stamped: 0, with_en: 0, titles: 5 },
    ]);
  });

  it('leaves alerts, their snippets and sources untouched', async () => {
    const a = await db.pool.query(`SELECT snippet, snippet_marks FROM alerts`);
    expect(a.rows).toEqual([{ snippet: '… قال قيس الخزعلي …', snippet_marks: [[6, 17]] }]);
    const s = await db.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM alert_sources`);
    expect(s.rows[0].n).toBe(1);
  });

  it('does nothing on a second run', async () => {
    const r = await pruneOnce(db.pool, 30, 500);
    expect(r.batches).toEqual([0]);
  });

  it('skips rows another transaction holds instead of waiting for them', async () => {
    await db.pool.query(`UPDATE items SET body = 'back', body_pruned_at = NULL WHERE guid IN ('old-1', 'old-2')`);
    const holder = await db.pool.connect();
    try {
      await holder.query('BEGIN');
      await holder.query(`SELECT 1 FROM items WHERE guid = 'old-1' FOR UPDATE`);
      const r = await pruneOnce(db.pool, 30, 500);
      expect(r.pruned).toBe(1);
      await holder.query('COMMIT');
    } finally {
      holder.release();
    }
    expect((await pruneOnce(db.pool, 30, 500)).pruned).toBe(1);
  });

  it('refuses a batch size that is not a positive whole number', async () => {
    await expect(pruneOnce(db.pool, 30, 0)).rejects.toThrow(/batch must be a positive whole number \(got 0\)/);
  });
});

describe('every rule, on rows aged into the past', () => {
  let db2: TestDb;
  beforeAll(async () => {
    db2 = await freshDatabase();
    const q = (sql: string) => db2.pool.query(sql);
    await q(`INSERT INTO feeds (id, name, kind, url, config, interval_seconds) VALUES ('f', 'F', 'rss', 'http://127.0.0.1:1/rss', '{}', 60)`);
    // fetch runs: 40 from 20 days ago (10 errors, 20 unchanged, 2 new items each for the rest), 12 from 3 and 1 days ago
    await q(`INSERT INTO fetch_runs (feed_id, started_at, duration_ms, outcome, items_seen, items_new, error_kind)
             SELECT 'f', date_trunc('day', now()) - interval '20 days' + g * interval '10 minutes', 100 + g,
                    CASE WHEN g <= 10 THEN 'error' WHEN g <= 30 THEN 'not_modified' ELSE 'ok' END,
                    CASE WHEN g > 30 THEN 5 ELSE 0 END, CASE WHEN g > 30 THEN 2 ELSE 0 END, CASE WHEN g <= 10 THEN 'timeout' END
               FROM generate_series(1, 40) g`);
    await q(`INSERT INTO fetch_runs (feed_id, started_at, duration_ms, outcome, items_seen, items_new)
             SELECT 'f', now() - (1 + g % 2 * 2) * interval '1 day', 300, 'ok', 4, 3 FROM generate_series(1, 12) g`);
    // daily counts from well over a year ago
    await q(`INSERT INTO fetch_run_days (feed_id, day, runs, errors, unchanged, items_seen, items_new, items_updated, items_dropped, duration_ms_sum)
             VALUES ('f', current_date - 500, 9, 0, 0, 9, 9, 0, 0, 900)`);
    // stories: an old one (bands and signature from 10 days ago) and a fresh one
    await q(`INSERT INTO items (feed_id, guid, title, body, content_hash, fetched_at, revision, analyzed_revision)
             SELECT 'f', 'i' || g, 't', 'b', 'h' || g, now() - interval '10 days', 1, 1 FROM generate_series(1, 2) g`);
    await q(`INSERT INTO stories (first_item_id) VALUES (1), (2)`);
    await q(`INSERT INTO story_items (item_id, story_id, feed_id, minhash, shingles, added_at)
             VALUES (1, 1, 'f', '{1,2,3}', 3, now() - interval '10 days'), (2, 2, 'f', '{4,5,6}', 3, now())`);
    await q(`INSERT INTO story_bands (band, story_id, created_at) SELECT b, 1, now() - interval '10 days' FROM generate_series(1, 32) b`);
    await q(`INSERT INTO story_bands (band, story_id) SELECT b, 2 FROM generate_series(101, 132) b`);
  });
  afterAll(async () => db2?.drop());

  it('rolls fetch runs past RAQIB_FETCH_RUNS_DAYS into daily counts, keeps recent ones, and feed health reads both', async () => {
    const before = (await listFeedsWithHealth(db2.pool, 'f'))[0];
    const [r] = await runRetention(db2.pool, defaults, { only: ['fetch_runs'], batch: 15 });
    expect(r).toMatchObject({ rule: 'fetch_runs', days: 14, pruned: 40, batches: [15, 15, 10] });
    expect((await db2.pool.query(`SELECT count(*)::int AS n FROM fetch_runs`)).rows[0].n).toBe(12);
    const days = await db2.pool.query(
      `SELECT runs, errors, unchanged, items_seen::int, items_new::int, duration_ms_sum::int FROM fetch_run_days WHERE day > current_date - 100 ORDER BY day`,
    );
    // 40 runs, 10 minutes apart from midnight: one UTC day unless the test runs right at midnight
    const sum = (k: string) => days.rows.reduce((a, x) => a + Number(x[k]), 0);
    expect({ runs: sum('runs'), errors: sum('errors'), unchanged: sum('unchanged'), seen: sum('items_seen'), new: sum('items_new') }).toEqual({
      runs: 40,
      errors: 10,
      unchanged: 20,
      seen: 50,
      new: 20,
    });
    expect(sum('duration_ms_sum')).toBe(40 * 100 + (40 * 41) / 2);
    // runs 20 days ago are outside the 7-day summary either way: nothing changes for ops
    expect((await listFeedsWithHealth(db2.pool, 'f'))[0]).toEqual(before);

    // pruned down to 2 days: the runs of 3 days ago now come from the daily counts
    const [r2] = await runRetention(db2.pool, { ...defaults, RAQIB_FETCH_RUNS_DAYS: 2 }, { only: ['fetch_runs'] });
    expect(r2.pruned).toBe(6);
    const after = (await listFeedsWithHealth(db2.pool, 'f'))[0];
    expect({ perDay: after.items_per_day, runs: after.runs_7d }).toEqual({ perDay: before.items_per_day, runs: before.runs_7d });
    expect(after.items_per_day).toBeCloseTo((12 * 3) / 7);
    expect(after.median_fetch_ms).toBe(300);
  });

  it('deletes daily counts past RAQIB_FETCH_HISTORY_DAYS', async () => {
    const [r] = await runRetention(db2.pool, defaults, { only: ['fetch_run_days'] });
    expect(r.pruned).toBe(1);
    expect((await db2.pool.query(`SELECT count(*)::int AS n FROM fetch_run_days WHERE day < current_date - 400`)).rows[0].n).toBe(0);
    expect((await db2.pool.query(`SELECT count(*)::int AS n FROM fetch_run_days`)).rows[0].n).toBeGreaterThan(0);
  });

  it('drops story bands and signatures past the matching window; stories and their items stay', async () => {
    const [r] = await runRetention(db2.pool, defaults, { only: ['story_matching'], batch: 10 });
    expect(r.pruned).toBe(33);
    expect((await db2.pool.query(`SELECT story_id, count(*)::int AS n FROM story_bands GROUP BY 1`)).rows).toEqual([{ story_id: 2, n: 32 }]);
    expect((await db2.pool.query(`SELECT item_id, story_id, minhash FROM story_items ORDER BY item_id`)).rows).toEqual([
      { item_id: 1, story_id: 1, minhash: null },
      { item_id: 2, story_id: 2, minhash: [4, 5, 6] },
    ]);
    expect((await db2.pool.query(`SELECT count(*)::int AS n FROM stories`)).rows[0].n).toBe(2);
  });

  it('runs every rule in order, each with its own setting; 0 keeps everything; a second run does nothing', async () => {
    const keepAll = {
      ...defaults,
      RAQIB_FETCH_RUNS_DAYS: 0,
      RAQIB_FETCH_HISTORY_DAYS: 0,
      RAQIB_STORY_MATCH_DAYS: 0,
      RAQIB_RETENTION_DAYS: 0,
      RAQIB_ACCOUNT_RETENTION_DAYS: 0,
      RAQIB_TRANSLATION_CACHE_DAYS: 0,
      RAQIB_DELIVERY_RETENTION_DAYS: 0,
    };
    expect((await runRetention(db2.pool, keepAll)).map((r) => [r.rule, r.cutoff, r.pruned])).toEqual(RETENTION_RULES.map((r) => [r.name, null, 0]));
    const runs = await runRetention(db2.pool, defaults);
    expect(runs.map((r) => r.rule)).toEqual([
      'fetch_runs',
      'fetch_run_days',
      'story_matching',
      'item_bodies',
      'translation_cache',
      'deliveries',
      'accounts',
    ]);
    expect(runs.map((r) => r.pruned)).toEqual([0, 0, 0, 0, 0, 0, 0]);
  });

  it('names the rules when asked for one that does not exist', async () => {
    await expect(runRetention(db2.pool, defaults, { only: ['sessions'] })).rejects.toThrow(
      'no retention rule "sessions" (rules: fetch_runs, fetch_run_days, story_matching, item_bodies, translation_cache, deliveries, accounts)',
    );
  });
});

describe('retention settings', () => {
  it('refuses a story matching retention shorter than the 72-hour matching window', () => {
    expect(() => parseSettings({ RAQIB_STORY_MATCH_DAYS: '2' })).toThrow(/RAQIB_STORY_MATCH_DAYS must be 0 \(keep\) or at least 3/);
    expect(parseSettings({ RAQIB_STORY_MATCH_DAYS: '0' }).RAQIB_STORY_MATCH_DAYS).toBe(0);
  });
});
