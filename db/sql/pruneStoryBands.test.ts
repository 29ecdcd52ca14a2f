import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, type TestDb } from '../../test/helpers/db.ts';
import { pruneStoryBands } from './pruneStoryBands.ts';

let db: TestDb;
beforeAll(async () => {
  db = await freshDatabase();
  await db.pool.query(`INSERT INTO feeds (id, name, kind, url, config, interval_seconds) VALUES ('f', 'f', 'rss', 'http://x.invalid/', '{}', 60)`);
  await db.pool.query(`INSERT INTO items (feed_id, guid, content_hash) VALUES ('f', 'g', 'h')`);
  await db.pool.query(`INSERT INTO stories (first_item_id) VALUES (1)`);
  await db.pool.query(`INSERT INTO story_bands (band, story_id, created_at) SELECT b, 1, now() - interval '10 days' FROM generate_series(1, 25) b`);
  await db.pool.query(`INSERT INTO story_bands (band, story_id) SELECT b, 1 FROM generate_series(101, 105) b`);
});
afterAll(async () => db?.drop());

describe('pruneStoryBands', () => {
  it('deletes only old bands, at most a batch at a time', async () => {
    const cutoff = new Date(Date.now() - 7 * 86_400_000);
    expect(await pruneStoryBands(db.pool, cutoff, 10)).toBe(10);
    expect(await pruneStoryBands(db.pool, cutoff, 10)).toBe(10);
    expect(await pruneStoryBands(db.pool, cutoff, 10)).toBe(5);
    expect(await pruneStoryBands(db.pool, cutoff, 10)).toBe(0);
    expect((await db.pool.query('SELECT band FROM story_bands ORDER BY band')).rows.map((r) => Number(r.band))).toEqual([101, 102, 103, 104, 105]);
  });
});
