import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FeedConfig } from '../../config/feedsSchema.ts';
import { freshDatabase, type TestDb } from '../../test/helpers/db.ts';
import { insertFeed } from './insertFeed.ts';
import { listFeedsWithHealth } from './listFeedsWithHealth.ts';
import { updateFeedSettings } from './updateFeedSettings.ts';

let db: TestDb;
beforeAll(async () => {
  db = await freshDatabase('raqib_feedadmin');
});
afterAll(async () => db?.drop());

describe('feed admin statements', () => {
  it('insertFeed adds, then updates the configured fields and keeps health', async () => {
    const feed = FeedConfig.parse({ id: 'baghdad-today', name: 'Baghdad Today', kind: 'rss', url: 'https://baghdadtoday.news/rss' });
    expect(await insertFeed(db.pool, feed)).toBe(true);
    await db.pool.query(`UPDATE feeds SET consecutive_failures = 3 WHERE id = 'baghdad-today'`);
    expect(await insertFeed(db.pool, { ...feed, name: 'Baghdad Today (ar)', intervalSeconds: 900 })).toBe(false);
    const row = (await db.pool.query(`SELECT name, interval_seconds, consecutive_failures, config FROM feeds`)).rows[0];
    expect(row).toMatchObject({ name: 'Baghdad Today (ar)', interval_seconds: 900, consecutive_failures: 3 });
    expect(row.config.intervalSeconds).toBe(900);
    const tg = FeedConfig.parse({ id: 'tg', name: 'TG', kind: 'telegram', channel: 'sabreenS1' });
    await insertFeed(db.pool, tg);
    expect((await db.pool.query(`SELECT url FROM feeds WHERE id = 'tg'`)).rows[0].url).toBe('https://t.me/s/sabreenS1');
  });

  it('updateFeedSettings changes enabled and interval, resets the adaptive cadence, and says when the feed is unknown', async () => {
    await db.pool.query(`UPDATE feeds SET effective_interval_seconds = 1800 WHERE id = 'baghdad-today'`);
    const off = await updateFeedSettings(db.pool, 'baghdad-today', { enabled: false });
    expect(off).toMatchObject({ enabled: false, interval_seconds: 900, effective_interval_seconds: 1800 });
    const faster = await updateFeedSettings(db.pool, 'baghdad-today', { intervalSeconds: 120 });
    expect(faster).toMatchObject({ enabled: false, interval_seconds: 120, effective_interval_seconds: null });
    expect(faster!.config).toMatchObject({ enabled: false, intervalSeconds: 120 });
    expect(await updateFeedSettings(db.pool, 'nope', { enabled: true })).toBeNull();
  });

  it('listFeedsWithHealth summarises the last 7 days of fetch runs', async () => {
    const run = (ago: string, ms: number, outcome: string, itemsNew: number) =>
      db.pool.query(
        `INSERT INTO fetch_runs (feed_id, started_at, duration_ms, outcome, items_new) VALUES ('baghdad-today', now() - $1::interval, $2, $3, $4)`,
        [ago, ms, outcome, itemsNew],
      );
    await run('1 hour', 100, 'ok', 7);
    await run('2 days', 300, 'ok', 7);
    await run('3 days', 200, 'error', 0);
    await run('30 days', 9000, 'ok', 1000); // outside the window
    await db.pool.query(`UPDATE feeds SET consecutive_failures = 2, last_error = 'timeout', last_error_kind = 'timeout' WHERE id = 'baghdad-today'`);
    const [f] = await listFeedsWithHealth(db.pool, 'baghdad-today');
    expect(f).toMatchObject({
      id: 'baghdad-today',
      consecutive_failures: 2,
      last_error_kind: 'timeout',
      runs_7d: 3,
      median_fetch_ms: 200,
      items_per_day: 2,
    });
    const all = await listFeedsWithHealth(db.pool);
    expect(all.find((x) => x.id === 'tg')).toMatchObject({ runs_7d: 0, median_fetch_ms: null, items_per_day: 0 });
  });
});
