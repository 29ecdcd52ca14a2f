import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FeedConfig } from '../config/feedsSchema.ts';
import { insertFeed } from '../db/sql/insertFeed.ts';
import { freshDatabase, type TestDb } from './helpers/db.ts';
import { startLocalServer, type LocalServer } from './helpers/httpServer.ts';
import { startTestPipeline, waitFor, type TestPipeline } from './helpers/pipeline.ts';

// The same denial, reworded by five outlets, is one story with five sources and one debunk alert per figure.
const DENIALS = [
  'نفى مكتب الأمين العام لعصائب أهل الحق الشيخ قيس الخزعلي الأنباء التي تحدثت عن مقتله بغارة بطائرة مسيرة، مؤكداً أنه بصحة جيدة وأن ما يتم تداوله شائعات لا أساس لها من الصحة، وأنه موجود في مدينة قم لمتابعة دراسته الدينية.',
  'نفى مكتب الأمين العام لعصائب أهل الحق قيس الخزعلي الأنباء التي تحدثت عن مقتله بغارة بطائرة مسيرة، مؤكداً أنه بصحة جيدة وأن ما يتم تداوله شائعات لا أساس لها، وأنه موجود في مدينة قم لمتابعة دراسته الدينية.',
  'عاجل | نفى مكتب الأمين العام لعصائب أهل الحق الشيخ قيس الخزعلي الأنباء التي تحدثت عن مقتله بغارة بطائرة مسيرة، مؤكداً أنه بصحة جيدة وأن ما يتم تداوله شائعات لا أساس لها من الصحة، وأنه موجود في قم لمتابعة دراسته الدينية.',
  'نفى مكتب الأمين العام لعصائب أهل الحق، الشيخ قيس الخزعلي، اليوم، الأنباء التي تحدثت عن مقتله بغارة بطائرة مسيرة، مؤكداً أنه بصحة جيدة وأن ما يتم تداوله شائعات لا أساس لها من الصحة، وأنه موجود في مدينة قم لمتابعة دراسته الدينية.',
  'نفى مكتب الأمين العام لعصائب أهل الحق الشيخ قيس الخزعلي الأنباء التي تحدثت عن مقتله بغارة بطائرة مسيرة مؤكدا أنه بصحة جيدة وأن ما يتم تداوله شائعات لا أساس لها من الصحة وأنه موجود في مدينة قم لمتابعة دراسته الدينية #قيس_الخزعلي',
];
const OTHER = 'استقبل الشيخ قيس الخزعلي في بغداد وفداً من شيوخ العشائر لبحث الأوضاع الأمنية في حزام العاصمة والاستعدادات للانتخابات المقبلة.';

const rss = (guid: string, text: string) =>
  `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>t</title><link>http://example.invalid/</link><description>d</description><item><title>${text.slice(0, 60)}</title><guid>${guid}</guid><link>http://example.invalid/${guid}</link><description>${text}</description></item></channel></rss>`;

let db: TestDb;
let server: LocalServer;
let p: TestPipeline;

beforeAll(async () => {
  db = await freshDatabase();
  server = await startLocalServer();
  DENIALS.forEach((t, i) => server.route(`/outlet${i}.xml`, (_q, r) => r.end(rss(`d${i}`, t))));
  server.route('/other.xml', (_q, r) => r.end(rss('o1', OTHER)));
  p = await startTestPipeline(db, ['fetch', 'analyze', 'alert'], { RAQIB_FETCH_ALLOW: server.hostPort });
  for (let i = 0; i < DENIALS.length; i++)
    await insertFeed(db.pool, FeedConfig.parse({ id: `outlet${i}`, name: `Outlet ${i}`, kind: 'rss', url: `${server.origin}/outlet${i}.xml` }));
  await insertFeed(db.pool, FeedConfig.parse({ id: 'other', name: 'Other', kind: 'rss', url: `${server.origin}/other.xml` }));
}, 120_000);

afterAll(async () => {
  await p?.close();
  await server?.close();
  await db?.drop();
});

describe('stories across outlets', () => {
  it('groups five rewordings of one denial into one story with five sources and one debunk alert', async () => {
    await p.queues.fetch.addBulk([
      ...DENIALS.map((_, i) => ({ name: 'fetch', data: { feedId: `outlet${i}` } })),
      { name: 'fetch', data: { feedId: 'other' } },
    ]);
    await waitFor(
      'all six items alerted',
      async () => {
        const r = await db.pool.query<{ n: number }>(
          'SELECT count(*)::int AS n FROM items WHERE alerted_revision = revision AND alerted_revision > 0',
        );
        return r.rows[0].n === 6;
      },
      30_000,
    );
    const stories = (
      await db.pool.query<{ story_id: number; sources: number; feeds: string[] }>(
        `SELECT story_id, count(DISTINCT feed_id)::int AS sources, array_agg(feed_id ORDER BY feed_id) AS feeds FROM story_items GROUP BY story_id ORDER BY sources DESC`,
      )
    ).rows;
    expect(stories[0].sources).toBe(5);
    expect(stories[0].feeds).toEqual(['outlet0', 'outlet1', 'outlet2', 'outlet3', 'outlet4']);
    const story = (await db.pool.query<{ source_count: number }>('SELECT source_count FROM stories WHERE id = $1', [stories[0].story_id])).rows[0];
    expect(story.source_count).toBe(5);
    const alerts = (
      await db.pool.query<{ kind: string; story_id: number; priority: string }>(
        `SELECT kind, story_id, priority FROM alerts WHERE figure_id = 'qais-al-khazali' ORDER BY id`,
      )
    ).rows;
    const denial = alerts.filter((a) => a.story_id === stories[0].story_id);
    expect(denial).toHaveLength(1);
    expect(denial[0]).toMatchObject({ kind: 'debunk', priority: 'high' });
    // the unrelated statement about the same figure is a story and an alert of its own
    expect(alerts).toHaveLength(2);
    // every source is still visible behind the one alert
    expect((await db.pool.query('SELECT 1 FROM alert_sources WHERE figure_id = $1', ['qais-al-khazali'])).rowCount).toBe(6);
  });
});
