import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FeedConfig } from '../config/feedsSchema.ts';
import { createApiToken } from '../db/sql/createApiToken.ts';
import { insertFeed } from '../db/sql/insertFeed.ts';
import { hashSecret, newApiToken } from '../web/auth/secrets.ts';
import { buildWebApp, type WebApp } from '../web/server.ts';
import { addUser } from '../web/testSupport.ts';
import { freshDatabase, type TestDb } from './helpers/db.ts';
import { startLocalServer, type LocalServer } from './helpers/httpServer.ts';
import { fetchFeedNow, startTestPipeline, waitFor, type TestPipeline } from './helpers/pipeline.ts';

// Through the real pipeline (fetch → analyze → alert) and the web API: one denial carried by three outlets in
// three languages is one event and one alert; a rumor of harm answered days later by a sighting that says
// nothing of the rumor is a debunk tied to it; an editor judges the rumor.

const MINUTE = 60_000;
const T = Date.now();
const ago = (minutes: number) => new Date(T - minutes * MINUTE);

/** One denial of Qais al-Khazali's death, worded three ways in three languages. */
const DENIALS = [
  {
    feed: 'shafaq',
    lang: 'arb',
    published: ago(50),
    text: 'نفى مكتب الأمين العام لعصائب أهل الحق الشيخ قيس الخزعلي الأنباء التي تحدثت عن مقتله، مؤكداً أنه بصحة جيدة.',
  },
  { feed: 'tasnim', lang: 'pes', published: ago(40), text: 'دفتر قیس خزعلی خبر کشته شدن او را تکذیب کرد و گفت این شایعات بی اساس است.' },
  // published first, fetched last
  {
    feed: 'rudaw',
    lang: 'eng',
    published: ago(60),
    text: 'The office of Qais al-Khazali denied reports of his death, calling them baseless rumors.',
  },
];
/** A rumor about Akram al-Kaabi in two outlets, then a video of him in Karbala that never names the rumor. */
const RUMOR = [
  {
    feed: 'sabereen',
    published: ago(300),
    text: 'أنباء عن مقتل الأمين العام لحركة النجباء أكرم الكعبي بغارة جوية استهدفت سيارته قرب الحدود السورية.',
  },
  {
    feed: 'rudaw',
    published: ago(280),
    text: 'Unconfirmed reports say Akram al-Kaabi was killed in an airstrike on his car near the Syrian border.',
  },
];
const SIGHTING = { feed: 'nujaba', published: ago(30), text: 'ظهر أكرم الكعبي في مقطع فيديو جديد وهو يلقي كلمة أمام أنصاره في كربلاء.' };

const feedItems = new Map<string, string>();
function serve(feed: string, guid: string, text: string, published: Date): void {
  feedItems.set(
    feed,
    (feedItems.get(feed) ?? '') +
      `<item><title>${text.slice(0, 40)}</title><guid>${guid}</guid><link>http://example.invalid/${feed}/${guid}</link><pubDate>${published.toUTCString()}</pubDate><description>${text}</description></item>`,
  );
}
const rss = (feed: string) =>
  `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>${feed}</title><link>http://example.invalid/</link><description>d</description>${feedItems.get(feed) ?? ''}</channel></rss>`;

let db: TestDb;
let server: LocalServer;
let p: TestPipeline;
let web: WebApp;
const tokens: Record<string, string> = {};

const q = async <T extends Record<string, unknown>>(sql: string, params: unknown[] = []) => (await db.pool.query<T>(sql, params)).rows;
const allAlerted = () =>
  waitFor(
    'every item alerted',
    async () => {
      const r = await q<{ n: number }>('SELECT count(*)::int AS n FROM items WHERE alerted_revision < revision');
      return r[0].n === 0;
    },
    60_000,
  );

beforeAll(async () => {
  db = await freshDatabase('raqib_events');
  server = await startLocalServer();
  for (const f of ['shafaq', 'tasnim', 'rudaw', 'sabereen', 'nujaba']) server.route(`/${f}.xml`, (_q, r) => r.end(rss(f)));
  p = await startTestPipeline(db, ['fetch', 'analyze', 'alert'], { RAQIB_FETCH_ALLOW: server.hostPort });
  for (const f of ['shafaq', 'tasnim', 'rudaw', 'sabereen', 'nujaba'])
    await insertFeed(db.pool, FeedConfig.parse({ id: f, name: f[0].toUpperCase() + f.slice(1), kind: 'rss', url: `${server.origin}/${f}.xml` }));
  web = await buildWebApp({ pool: db.pool, databaseUrl: db.url });
  for (const [name, role] of [
    ['ana', 'analyst'],
    ['eddie', 'editor'],
  ] as const) {
    const token = newApiToken();
    await createApiToken(db.pool, await addUser(db.pool, name, role, `${name}-password-123`), hashSecret(token), 'test', null);
    tokens[name] = token;
  }
}, 120_000);

afterAll(async () => {
  await web?.close();
  await p?.close();
  await server?.close();
  await db?.drop();
});

const api = async (name: string, method: 'GET' | 'POST', url: string, payload?: object) => {
  const r = await web.app.inject({ method, url, headers: { authorization: `Bearer ${tokens[name]}` }, ...(payload ? { payload } : {}) });
  return { status: r.statusCode, body: r.json() };
};

describe('one event, one alert', () => {
  it('makes ONE debunk alert of a denial carried by three outlets in three languages, with the first publisher first', async () => {
    DENIALS.forEach((d, i) => serve(d.feed, `denial-${i}`, d.text, d.published));
    // fetched in an order other than publication: the earliest publisher arrives last
    for (const d of DENIALS) await fetchFeedNow(p, d.feed);
    await allAlerted();

    const items = await q<{ feed_id: string; lang: string }>(`SELECT feed_id, lang FROM items ORDER BY id`);
    expect(items.map((i) => i.lang)).toEqual(DENIALS.map((d) => d.lang));
    const alerts = await q<{ id: number; kind: string; outlet_count: number; first_feed_id: string; published_at: Date; activity_at: Date }>(
      `SELECT id, kind, outlet_count, first_feed_id, published_at, activity_at FROM alerts WHERE figure_id = 'qais-al-khazali'`,
    );
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ kind: 'debunk', outlet_count: 3, first_feed_id: 'rudaw' });
    expect(alerts[0].published_at.getTime()).toBe(Math.floor(ago(60).getTime() / 1000) * 1000);
    // three sources, three stories: the wordings are not near-duplicates, the event holds them together
    const sources = await q<{ feed_id: string; story_id: number }>(
      `SELECT s.feed_id, si.story_id FROM alert_sources s JOIN story_items si USING (item_id) WHERE s.alert_id = $1 ORDER BY s.at`,
      [alerts[0].id],
    );
    expect(sources.map((s) => s.feed_id)).toEqual(['rudaw', 'shafaq', 'tasnim']);
    expect(new Set(sources.map((s) => s.story_id)).size).toBe(3);
    const events = await q(
      `SELECT type, place_id, outlet_count, item_count, first_feed_id, first_basis, alert_id FROM events WHERE figure_id = 'qais-al-khazali'`,
    );
    expect(events).toEqual([
      { type: 'debunk', place_id: '', outlet_count: 3, item_count: 3, first_feed_id: 'rudaw', first_basis: 'published', alert_id: alerts[0].id },
    ]);

    // the API says how many outlets carry it and which was first, and lists the others in publication order
    const one = await api('ana', 'GET', `/api/alerts/${alerts[0].id}`);
    expect(one.body).toMatchObject({ kind: 'debunk', outletCount: 3, firstOutlet: { id: 'rudaw', name: 'Rudaw' } });
    expect(one.body.otherSources.map((s: { outlet: { id: string } }) => s.outlet.id).sort()).toEqual(
      ['rudaw', 'shafaq', 'tasnim'].filter((f) => f !== one.body.outlet.id),
    );
    expect(one.body.events).toEqual([
      expect.objectContaining({ type: 'debunk', outletCount: 3, firstSource: expect.objectContaining({ outlet: { id: 'rudaw', name: 'Rudaw' } }) }),
    ]);
  });
});

describe('a rumor and its answers', () => {
  let rumorId: number;

  it('opens a rumor from a harm claim carried by two outlets, with its first source', async () => {
    RUMOR.forEach((r, i) => serve(r.feed, `rumor-${i}`, r.text, r.published));
    await fetchFeedNow(p, 'rudaw');
    await fetchFeedNow(p, 'sabereen');
    await allAlerted();
    const rumors = await q<{ id: number; status: string; first_feed_id: string; claim_outlets: number; answer_count: number }>(
      `SELECT id, status, first_feed_id, claim_outlets, answer_count FROM rumors WHERE figure_id = 'akram-al-kaabi'`,
    );
    expect(rumors).toEqual([{ id: expect.any(Number), status: 'open', first_feed_id: 'sabereen', claim_outlets: 2, answer_count: 0 }]);
    rumorId = rumors[0].id;
    const harm = await q(`SELECT kind, outlet_count, first_feed_id, rumor_id FROM alerts WHERE figure_id = 'akram-al-kaabi'`);
    expect(harm).toEqual([{ kind: 'harm_claim', outlet_count: 2, first_feed_id: 'sabereen', rumor_id: rumorId }]);
  });

  it('takes a later sighting that names no rumor as its answer: a debunk alert tied to the rumor, and the claim comes back to the top', async () => {
    const [claim] = await q<{ id: number; activity_at: Date }>(`SELECT id, activity_at FROM alerts WHERE figure_id = 'akram-al-kaabi'`);
    serve(SIGHTING.feed, 'sighting', SIGHTING.text, SIGHTING.published);
    await fetchFeedNow(p, 'nujaba');
    await allAlerted();
    // the classifier saw an appearance and a place, no denial: the rumor makes it an answer
    const signals = await q<{ type: string }>(
      `SELECT s.type FROM item_signals s JOIN items i ON i.id = s.item_id WHERE i.feed_id = 'nujaba' ORDER BY 1`,
    );
    expect(signals.map((s) => s.type)).toEqual(['appearance', 'whereabouts']);
    const answer = await q<{ kind: string; rumor_id: number; place_id: string; priority: string }>(
      `SELECT kind, rumor_id, place_id, priority FROM alerts WHERE figure_id = 'akram-al-kaabi' AND id <> $1`,
      [claim.id],
    );
    expect(answer).toEqual([{ kind: 'debunk', rumor_id: rumorId, place_id: 'karbala', priority: 'high' }]);
    const derived = await q(
      `SELECT e.type, ei.derived, ei.rumor_id FROM event_items ei JOIN events e ON e.id = ei.event_id JOIN items i ON i.id = ei.item_id
        WHERE i.feed_id = 'nujaba' ORDER BY e.type, e.place_id`,
    );
    expect(derived).toEqual([
      { type: 'appearance', derived: false, rumor_id: null },
      { type: 'debunk', derived: true, rumor_id: rumorId },
      { type: 'whereabouts', derived: false, rumor_id: null },
    ]);
    expect(await q(`SELECT answer_count, status FROM rumors WHERE id = $1`, [rumorId])).toEqual([{ answer_count: 1, status: 'open' }]);
    const [after] = await q<{ activity_at: Date }>(`SELECT activity_at FROM alerts WHERE id = $1`, [claim.id]);
    expect(after.activity_at.getTime()).toBeGreaterThan(claim.activity_at.getTime());
    // he was seen in Karbala: his state says so, written with the alert
    expect(await q(`SELECT last_seen_place FROM figure_state WHERE figure_id = 'akram-al-kaabi'`)).toEqual([{ last_seen_place: 'karbala' }]);
  });

  it('shows the rumor, its first source and its answer in the API and the figures list', async () => {
    const list = await api('ana', 'GET', '/api/rumors?figure=akram-al-kaabi&status=open');
    expect(list.status).toBe(200);
    expect(list.body.rumors).toHaveLength(1);
    expect(list.body.rumors[0]).toMatchObject({
      id: rumorId,
      status: 'open',
      answerCount: 1,
      firstSource: { outlet: { id: 'sabereen' }, basis: 'published' },
    });
    const one = await api('ana', 'GET', `/api/rumors/${rumorId}`);
    expect(one.body.claims.map((c: { outlet: { id: string } }) => c.outlet.id)).toEqual(['sabereen', 'rudaw']);
    expect(one.body.answers).toEqual([
      expect.objectContaining({ outlet: { id: 'nujaba', name: 'Nujaba' }, basis: 'sighting', via: ['appearance', 'whereabouts'], namesRumor: false }),
    ]);
    const figures = await api('ana', 'GET', '/api/figures');
    const akram = figures.body.figures.find((f: { id: string }) => f.id === 'akram-al-kaabi');
    expect(akram).toMatchObject({
      lastSeenPlace: 'karbala',
      openRumors: [{ id: rumorId, answerCount: 1, firstSource: { outlet: { id: 'sabereen' } } }],
    });
    // the alerts sorted by latest activity: the answered claim and its answer are the newest activity
    const byActivity = await api('ana', 'GET', '/api/alerts?sort=activity&limit=2');
    expect(byActivity.body.alerts.map((a: { figure: { id: string } }) => a.figure.id)).toEqual(['akram-al-kaabi', 'akram-al-kaabi']);
    expect(byActivity.body.next).toContain('sort=activity');
  });

  it('lets an editor, and not an analyst, mark the rumor denied', async () => {
    const refused = await api('ana', 'POST', `/api/rumors/${rumorId}/status`, { status: 'denied' });
    expect(refused.status).toBe(403);
    const bad = await api('eddie', 'POST', `/api/rumors/${rumorId}/status`, { status: 'stale' });
    expect(bad.status).toBe(400);
    expect((await api('eddie', 'POST', '/api/rumors/999999/status', { status: 'denied' })).status).toBe(404);
    const ok = await api('eddie', 'POST', `/api/rumors/${rumorId}/status`, { status: 'denied', note: 'footage from Karbala is recent' });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ status: 'denied', judgement: { by: 'eddie', note: 'footage from Karbala is recent' } });
    expect((await api('ana', 'GET', '/api/rumors?status=open')).body.rumors).toEqual([]);
    expect((await api('ana', 'GET', '/api/rumors?status=denied')).body.rumors.map((r: { id: number }) => r.id)).toEqual([rumorId]);
    expect((await api('ana', 'GET', '/api/rumors?status=nonsense')).status).toBe(400);
    const akram = (await api('ana', 'GET', '/api/figures')).body.figures.find((f: { id: string }) => f.id === 'akram-al-kaabi');
    expect(akram.openRumors).toEqual([]);
  });
});
