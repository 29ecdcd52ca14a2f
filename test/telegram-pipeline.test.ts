import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FeedConfig } from '../config/feedsSchema.ts';
import { insertFeed } from '../db/sql/insertFeed.ts';
import { freshDatabase, type TestDb } from './helpers/db.ts';
import { startLocalServer, type LocalServer } from './helpers/httpServer.ts';
import { telegramPreviewRoutes } from './helpers/telegramPreview.ts';
import { fetchFeedNow, startTestPipeline, waitFor, type TestPipeline } from './helpers/pipeline.ts';

// A militia channel's public preview through the whole pipeline, with the preview pages the project wrote
// (lib/fetch/testdata/telegram): backfill, later posts, an edited post, and a channel without a preview.
let day: 'first' | 'later' = 'first';
let db: TestDb;
let server: LocalServer;
let p: TestPipeline;

async function fetchAndSettle(feedId: string) {
  await fetchFeedNow(p, feedId);
  await waitFor('items alerted', async () => {
    const r = await db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM items WHERE alerted_revision < revision');
    return r.rows[0].n === 0;
  });
}

beforeAll(async () => {
  db = await freshDatabase();
  server = await startLocalServer(telegramPreviewRoutes(() => day));
  p = await startTestPipeline(db, ['fetch', 'analyze', 'alert'], { RAQIB_FETCH_ALLOW: server.hostPort });
  await insertFeed(
    db.pool,
    FeedConfig.parse({
      id: 'sabereen',
      name: 'Sabereen (demo)',
      kind: 'telegram',
      channel: 'sabereen_demo',
      url: `${server.origin}/s/sabereen_demo`,
      backfillPages: 1,
    }),
  );
  await insertFeed(
    db.pool,
    FeedConfig.parse({ id: 'kinds', name: 'Kinds', kind: 'telegram', channel: 'kinds_demo', url: `${server.origin}/s/kinds_demo`, backfillPages: 0 }),
  );
  await insertFeed(
    db.pool,
    FeedConfig.parse({ id: 'closed', name: 'Closed', kind: 'telegram', channel: 'closed_demo', url: `${server.origin}/s/closed_demo` }),
  );
}, 120_000);

afterAll(async () => {
  await p?.close();
  await server?.close();
  await db?.drop();
});

describe('Telegram channels through the pipeline', () => {
  it('stores every post of the first page and the backfilled one, keyed on data-post, and alerts on mentions', async () => {
    await fetchAndSettle('sabereen');
    const guids = (await db.pool.query<{ guid: string }>(`SELECT guid FROM items WHERE feed_id = 'sabereen' ORDER BY id`)).rows.map((r) => r.guid);
    expect(guids.sort()).toEqual(['97', '98', '99', '100', '101', '102', '103', '104', '105', '106'].map((n) => `sabereen_demo/${n}`).sort());
    const url = (await db.pool.query<{ url: string }>(`SELECT url FROM items WHERE guid = 'sabereen_demo/104'`)).rows[0].url;
    expect(url).toBe('https://t.me/sabereen_demo/104');
    expect((await db.pool.query(`SELECT 1 FROM alerts WHERE figure_id = 'qais-al-khazali'`)).rowCount).toBeGreaterThan(0);
    const feed = (await db.pool.query<{ cursor: string }>(`SELECT cursor FROM feeds WHERE id = 'sabereen'`)).rows[0];
    expect(feed.cursor).toBe('106');
  });

  it('later fetches store only new posts, update edited ones, and raise no second alert for an alerted figure', async () => {
    const alertSources = (await db.pool.query('SELECT item_id, figure_id FROM alert_sources')).rows.length;
    const before = new Map(
      (await db.pool.query<{ guid: string; revision: number }>(`SELECT guid, revision FROM items`)).rows.map((r) => [r.guid, r.revision]),
    );
    day = 'later';
    await fetchAndSettle('sabereen');
    const after = (await db.pool.query<{ guid: string; revision: number }>(`SELECT guid, revision FROM items WHERE feed_id = 'sabereen'`)).rows;
    const added = after
      .filter((r) => !before.has(r.guid))
      .map((r) => r.guid)
      .sort();
    expect(added).toEqual(['sabereen_demo/107', 'sabereen_demo/108']);
    const dupes = await db.pool.query(`SELECT item_id, figure_id FROM alert_sources GROUP BY 1, 2 HAVING count(*) > 1`);
    expect(dupes.rowCount).toBe(0);
    // edited posts already alerted keep their one (item, figure) source
    const edited = after.filter((r) => (before.get(r.guid) ?? r.revision) < r.revision);
    expect(edited.length).toBeGreaterThan(0);
    for (const e of edited) {
      const n = await db.pool.query(`SELECT figure_id FROM alert_sources s JOIN items i ON i.id = s.item_id WHERE i.guid = $1`, [e.guid]);
      expect(new Set(n.rows.map((r) => r.figure_id)).size).toBe(n.rowCount);
    }
    expect((await db.pool.query('SELECT 1 FROM alert_sources')).rows.length).toBeGreaterThanOrEqual(alertSources);
  });

  it('reports a channel without a public preview as unavailable in feed health, not as 0 posts', async () => {
    await fetchAndSettle('closed');
    const run = (
      await db.pool.query<{ outcome: string; error_kind: string; error: string }>(
        `SELECT outcome, error_kind, error FROM fetch_runs WHERE feed_id = 'closed'`,
      )
    ).rows[0];
    expect(run).toMatchObject({ outcome: 'error', error_kind: 'unavailable' });
    expect(run.error).toMatch(/Telegram preview unavailable for channel closed_demo/);
    const feed = (
      await db.pool.query<{ last_error_kind: string; consecutive_failures: number }>(
        `SELECT last_error_kind, consecutive_failures FROM feeds WHERE id = 'closed'`,
      )
    ).rows[0];
    expect(feed).toEqual({ last_error_kind: 'unavailable', consecutive_failures: 1 });
  });

  it('stores a poll as its question and options and finds the figure it names; media kinds in meta; bad post ids never stored', async () => {
    await fetchAndSettle('kinds');
    const rows = (
      await db.pool.query<{ guid: string; body: string; meta: { media?: string[] } }>(
        `SELECT guid, body, meta FROM items WHERE feed_id = 'kinds' ORDER BY split_part(guid, '/', 2)::int`,
      )
    ).rows;
    expect(rows.map((r) => [r.guid, r.meta.media ?? []])).toEqual([
      ['kinds_demo/110', ['poll']],
      ['kinds_demo/111', ['sticker']],
      ['kinds_demo/112', ['round_video']],
      ['kinds_demo/113', ['voice']],
      ['kinds_demo/114', ['document']],
      ['kinds_demo/115', ['album', 'photo', 'video']],
      ['KINDS_DEMO/119', []],
    ]);
    expect(rows[0].body).toBe('هل تصدق رواية مكتب قيس الخزعلي عن وجوده في قم؟\nنعم\nلا، الصور من كربلاء');
    const mentioned = await db.pool.query(
      `SELECT 1 FROM mentions m JOIN items i ON i.id = m.item_id WHERE i.guid = 'kinds_demo/110' AND m.figure_id = 'qais-al-khazali'`,
    );
    expect(mentioned.rowCount).toBeGreaterThan(0);
    const run = (await db.pool.query<{ notes: string }>(`SELECT notes FROM fetch_runs WHERE feed_id = 'kinds'`)).rows[0];
    expect(run.notes).toContain('4 post(s) left out');
  });
});
