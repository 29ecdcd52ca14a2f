import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, type TestDb } from '../test/helpers/db.ts';
import { pruneOnce, retentionCutoff } from './retention.ts';

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

describe('retention', () => {
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
