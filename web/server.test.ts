import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { settings } from '../config/settings.ts';
import { fetchFeed } from '../lib/fetch/fetchSource.ts';
import { limitsFromSettings } from '../lib/fetch/limits.ts';
import { freshDatabase, type TestDb } from '../test/helpers/db.ts';
import { startLocalServer, type LocalServer } from '../test/helpers/httpServer.ts';
import { hashSecret, newApiToken } from './auth/secrets.ts';
import { createApiToken } from '../db/sql/createApiToken.ts';
import { buildWebApp, type WebApp } from './server.ts';
import { addUser, seedAlert, seedFeed, seedFigure } from './testSupport.ts';

let db: TestDb;
let web: WebApp;
let rss: LocalServer;
const tokens: Record<string, string> = {};
const ids: Record<string, number> = {};

const RSS = `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>t</title>
<item><title>قيس الخزعلي يصرح</title><link>https://news.example/a/1</link><guid>a-1</guid><description>نص الخبر</description></item>
<item><title>خبر آخر</title><link>https://news.example/a/2</link><guid>a-2</guid><description>نص</description></item>
</channel></rss>`;

beforeAll(async () => {
  db = await freshDatabase('raqib_web');
  rss = await startLocalServer({ '/rss': (_req, res) => void res.setHeader('content-type', 'application/rss+xml').end(RSS) });
  web = await buildWebApp({
    pool: db.pool,
    databaseUrl: db.url,
    testFetch: (feed) => fetchFeed(feed, {}, { ...limitsFromSettings(settings()), allow: [rss.hostPort] }),
  });
  await seedFeed(db.pool, 'baghdad-today', 'Baghdad Today');
  await seedFigure(db.pool, 'qais-al-khazali', 'قيس الخزعلي', ['قيس الخزعلي'], 'Qais al-Khazali');
  for (const [name, role] of [
    ['ana', 'analyst'],
    ['opal', 'ops'],
  ] as const) {
    const userId = await addUser(db.pool, name, role, `${name}-password-123`);
    const token = newApiToken();
    await createApiToken(db.pool, userId, hashSecret(token), 'test', null);
    tokens[name] = token;
  }
  const expired = newApiToken();
  await createApiToken(db.pool, 1, hashSecret(expired), 'old', new Date(Date.now() - 1000));
  tokens.expired = expired;
  ids.hostile = (
    await seedAlert(db.pool, {
      feedId: 'baghdad-today',
      figureId: 'qais-al-khazali',
      alias: 'قيس الخزعلي',
      title: '<script>alert("x")</script> عاجل',
      body: 'قال قيس الخزعلي <img src=x onerror=alert(1)> اليوم',
      kind: 'debunk',
      bodyEn: 'Qais al-Khazali said <b>today</b>',
    })
  ).alertId;
});

afterAll(async () => {
  await web?.close();
  await rss?.close();
  await db?.drop();
});

const bearer = (name: string) => ({ authorization: `Bearer ${tokens[name]}` });

/** Logs in through the form like a browser: login cookie + form token, then the session cookie and its CSRF token. */
async function login(name: string, password = `${name}-password-123`): Promise<{ cookie: string; csrf: string }> {
  const page = await web.app.inject({ method: 'GET', url: '/login' });
  const loginCookie = String(page.headers['set-cookie']).split(';')[0];
  const formToken = /name="_csrf" value="([^"]+)"/.exec(page.body)![1];
  const res = await web.app.inject({
    method: 'POST',
    url: '/login',
    headers: { cookie: loginCookie, 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ _csrf: formToken, name, password, next: '/alerts' }).toString(),
  });
  expect(res.statusCode).toBe(303);
  const setCookie = ([] as string[]).concat(res.headers['set-cookie'] as string[]).find((c) => c.startsWith('raqib_session='))!;
  expect(setCookie).toMatch(/HttpOnly/i);
  expect(setCookie).toMatch(/SameSite=Lax/i);
  const cookie = setCookie.split(';')[0];
  const alerts = await web.app.inject({ method: 'GET', url: '/alerts', headers: { cookie } });
  const csrf = /name="csrf-token" content="([^"]+)"/.exec(alerts.body)![1];
  return { cookie, csrf };
}

describe('auth', () => {
  it('/healthz needs no login and checks Postgres', async () => {
    const r = await web.app.inject({ method: 'GET', url: '/healthz' });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ ok: true, postgres: 'ok' });
  });

  it('pages redirect to the login page; the API answers 401 with a clear message', async () => {
    const page = await web.app.inject({ method: 'GET', url: '/alerts?kind=debunk' });
    expect(page.statusCode).toBe(303);
    expect(page.headers.location).toBe('/login?next=%2Falerts%3Fkind%3Ddebunk');
    const api = await web.app.inject({ method: 'GET', url: '/api/alerts' });
    expect(api.statusCode).toBe(401);
    expect(api.json().error).toMatch(/authentication required/);
  });

  it('a wrong or expired token is a 401 naming the token', async () => {
    for (const authorization of ['Bearer rqb_nope', `Bearer ${tokens.expired}`]) {
      const r = await web.app.inject({ method: 'GET', url: '/api/alerts', headers: { authorization } });
      expect(r.statusCode).toBe(401);
      expect(r.json().error).toBe('API token is invalid, expired or revoked');
    }
    const basic = await web.app.inject({ method: 'GET', url: '/api/alerts', headers: { authorization: 'Basic eDp5' } });
    expect(basic.statusCode).toBe(401);
    expect(basic.json().error).toMatch(/Bearer/);
  });

  it('a wrong password is refused; a right one opens a session stored only as a hash', async () => {
    const page = await web.app.inject({ method: 'GET', url: '/login' });
    const loginCookie = String(page.headers['set-cookie']).split(';')[0];
    const formToken = /name="_csrf" value="([^"]+)"/.exec(page.body)![1];
    const bad = await web.app.inject({
      method: 'POST',
      url: '/login',
      headers: { cookie: loginCookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: formToken, name: 'ana', password: 'wrong-password' }).toString(),
    });
    expect(bad.statusCode).toBe(401);
    expect(bad.body).toContain('Wrong name or password');
    const { cookie } = await login('ana');
    const sid = decodeURIComponent(cookie.split('=')[1]);
    const stored = await db.pool.query('SELECT id_hash FROM sessions');
    expect(stored.rows.map((r) => r.id_hash)).toContain(hashSecret(sid));
    expect(stored.rows.map((r) => r.id_hash)).not.toContain(sid);
  });

  it('a login post without the login form token is refused (login CSRF)', async () => {
    const r = await web.app.inject({
      method: 'POST',
      url: '/login',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'name=ana&password=ana-password-123',
    });
    expect(r.statusCode).toBe(403);
  });

  it('passwords are stored as salted scrypt hashes', async () => {
    const r = await db.pool.query<{ password_hash: string }>(`SELECT password_hash FROM users ORDER BY id`);
    const [a, b] = r.rows.map((x) => x.password_hash);
    expect(a).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(a.split('$')[4]).not.toBe(b.split('$')[4]);
  });
});

describe('CSRF and roles', () => {
  it('a cookie-session post without the CSRF token is refused; with it, ops changes the interval', async () => {
    const { cookie, csrf } = await login('opal');
    const form = { 'content-type': 'application/x-www-form-urlencoded', cookie };
    const without = await web.app.inject({ method: 'POST', url: '/feeds/baghdad-today', headers: form, payload: 'enabled=1&intervalSeconds=120' });
    expect(without.statusCode).toBe(403);
    expect(without.body).toContain('CSRF token missing or wrong');
    const wrong = await web.app.inject({
      method: 'POST',
      url: '/feeds/baghdad-today',
      headers: form,
      payload: `_csrf=${'x'.repeat(43)}&enabled=1&intervalSeconds=120`,
    });
    expect(wrong.statusCode).toBe(403);
    const ok = await web.app.inject({
      method: 'POST',
      url: '/feeds/baghdad-today',
      headers: form,
      payload: `_csrf=${csrf}&enabled=1&intervalSeconds=120`,
    });
    expect(ok.statusCode).toBe(303);
    const row = await db.pool.query('SELECT interval_seconds, enabled, config FROM feeds WHERE id = $1', ['baghdad-today']);
    expect(row.rows[0]).toMatchObject({ interval_seconds: 120, enabled: true });
    expect(row.rows[0].config.intervalSeconds).toBe(120);
  });

  it('an analyst is refused feed changes, figure edits and the queues page', async () => {
    const { cookie, csrf } = await login('ana');
    const form = { 'content-type': 'application/x-www-form-urlencoded', cookie };
    const feed = await web.app.inject({ method: 'POST', url: '/feeds/baghdad-today', headers: form, payload: `_csrf=${csrf}&intervalSeconds=30` });
    expect(feed.statusCode).toBe(403);
    expect(feed.body).toContain('needs the ops role');
    const fig = await web.app.inject({ method: 'POST', url: '/figures/qais-al-khazali', headers: form, payload: `_csrf=${csrf}&name=x&aliases=y` });
    expect(fig.statusCode).toBe(403);
    const api = await web.app.inject({ method: 'PATCH', url: '/api/feeds/baghdad-today', headers: bearer('ana'), payload: { intervalSeconds: 30 } });
    expect(api.statusCode).toBe(403);
    expect((await web.app.inject({ method: 'GET', url: '/ops/queues', headers: { cookie } })).statusCode).toBe(403);
    const row = await db.pool.query('SELECT interval_seconds FROM feeds WHERE id = $1', ['baghdad-today']);
    expect(row.rows[0].interval_seconds).not.toBe(30);
  });

  it('ops edits aliases (validated by the watchlist schema) and previews matches', async () => {
    const { cookie, csrf } = await login('opal');
    const form = { 'content-type': 'application/x-www-form-urlencoded', cookie };
    const empty = await web.app.inject({
      method: 'POST',
      url: '/figures/qais-al-khazali',
      headers: form,
      payload: new URLSearchParams({ _csrf: csrf, name: 'قيس الخزعلي', aliases: '  ' }).toString(),
    });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('aliases');
    const ok = await web.app.inject({
      method: 'POST',
      url: '/figures/qais-al-khazali',
      headers: form,
      payload: new URLSearchParams({
        _csrf: csrf,
        name: 'قيس الخزعلي',
        nameEn: 'Qais al-Khazali',
        aliases: 'قيس الخزعلي\nأبو علي الخزعلي',
        silenceDays: '14',
      }).toString(),
    });
    expect(ok.statusCode).toBe(303);
    const spec = (await db.pool.query('SELECT spec FROM figures WHERE id = $1', ['qais-al-khazali'])).rows[0].spec;
    expect(spec.aliases).toEqual(['قيس الخزعلي', 'أبو علي الخزعلي']);
    expect(spec.silenceDays).toBe(14);
    const preview = await web.app.inject({
      method: 'POST',
      url: '/figures/preview',
      headers: { cookie, 'x-csrf-token': csrf },
      payload: { id: 'qais-al-khazali', name: 'قيس الخزعلي', aliases: 'أبو علي الخزعلي', text: '<b>وقال أبو علي الخزعلي</b>' },
    });
    expect(preview.statusCode).toBe(200);
    expect(preview.json().count).toBe(1);
    expect(preview.json().html).toBe('&lt;b&gt;وقال <mark>أبو علي الخزعلي</mark>&lt;/b&gt;');
  });
});

describe('pages escape untrusted item text', () => {
  it('the alert detail shows markup as text, Arabic right to left with the mention marked, under a strict CSP', async () => {
    const { cookie } = await login('ana');
    const r = await web.app.inject({ method: 'GET', url: `/alerts/${ids.hostile}`, headers: { cookie } });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-security-policy']).toContain("script-src 'self'");
    expect(r.headers['content-security-policy']).toContain("default-src 'none'");
    expect(r.body).not.toContain('<script>alert');
    expect(r.body).not.toContain('<img src=x');
    expect(r.body).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(r.body).toContain('<div class="original" dir="rtl" lang="ar">');
    expect(r.body).toContain('قال <mark>قيس الخزعلي</mark> &lt;img');
    expect(r.body).toContain('Qais al-Khazali said &lt;b&gt;today&lt;/b&gt;');
    const list = await web.app.inject({ method: 'GET', url: '/alerts', headers: { cookie } });
    expect(list.body).not.toContain('<img src=x');
    expect(list.body).toContain('<mark>قيس الخزعلي</mark>');
  });
});

describe('pages', () => {
  it('every page renders for ops, with item markup escaped', async () => {
    const { cookie } = await login('opal');
    for (const url of [
      '/alerts',
      `/alerts?kind=debunk&since=2020-01-01&until=${new Date().toISOString().slice(0, 10)}`,
      '/figures',
      '/figures/qais-al-khazali',
      '/figures/new',
      '/feeds',
      '/feeds/new',
      '/subscriptions',
    ]) {
      const r = await web.app.inject({ method: 'GET', url, headers: { cookie } });
      expect(r.statusCode, url).toBe(200);
      expect(r.headers['content-type']).toContain('text/html');
      expect(r.body).not.toMatch(/<script>alert|<img src=x/);
    }
    const missing = await web.app.inject({ method: 'GET', url: '/figures/nobody', headers: { cookie } });
    expect(missing.statusCode).toBe(404);
    const badQuery = await web.app.inject({ method: 'GET', url: '/alerts?since=yesterday', headers: { cookie } });
    expect(badQuery.statusCode).toBe(400);
    expect(badQuery.body).toContain('since must be a date');
    // dates are bounded: 1990 to tomorrow
    const farFuture = await web.app.inject({ method: 'GET', url: '/alerts?until=2099-12-31', headers: { cookie } });
    expect(farFuture.statusCode).toBe(400);
    expect(farFuture.body).toContain('until must be a date');
  });

  it('ops adds a figure through the form; a duplicate id is refused', async () => {
    const { cookie, csrf } = await login('opal');
    const headers = { cookie, 'content-type': 'application/x-www-form-urlencoded' };
    const body = new URLSearchParams({
      _csrf: csrf,
      id: 'abu-fadak',
      name: 'أبو فدك',
      aliases: 'أبو فدك المحمداوي\nعبد العزيز المحمداوي',
    }).toString();
    const r = await web.app.inject({ method: 'POST', url: '/figures', headers, payload: body });
    expect(r.statusCode).toBe(303);
    expect((await db.pool.query(`SELECT spec FROM figures WHERE id = 'abu-fadak'`)).rows[0].spec.aliases).toEqual([
      'أبو فدك المحمداوي',
      'عبد العزيز المحمداوي',
    ]);
    const again = await web.app.inject({ method: 'POST', url: '/figures', headers, payload: body });
    expect(again.statusCode).toBe(409);
  });

  it('a user subscribes through the form and sees the delivery log', async () => {
    const { cookie, csrf } = await login('ana');
    const headers = { cookie, 'content-type': 'application/x-www-form-urlencoded' };
    const form = new URLSearchParams({ _csrf: csrf, channel: 'webhook', target: 'https://hooks.example/raqib', secret: 'k' });
    form.append('kinds', 'debunk');
    form.append('kinds', 'harm_claim');
    const r = await web.app.inject({ method: 'POST', url: '/subscriptions', headers, payload: form.toString() });
    expect(r.statusCode).toBe(303);
    const sub = (await db.pool.query(`SELECT * FROM subscriptions WHERE target = 'https://hooks.example/raqib'`)).rows[0];
    expect(sub.kinds).toEqual(['debunk', 'harm_claim']);
    await db.pool.query(
      `INSERT INTO deliveries (alert_id, subscription_id, kind, status, attempts, last_error, response_code) VALUES ($1, $2, 'debunk', 'pending', 2, '<b>receiver answered HTTP 503</b>', 503)`,
      [ids.hostile, sub.id],
    );
    const page = await web.app.inject({ method: 'GET', url: '/subscriptions', headers: { cookie } });
    expect(page.body).toContain('https://hooks.example/raqib');
    expect(page.body).toContain('&lt;b&gt;receiver answered HTTP 503&lt;/b&gt;');
    const bad = await web.app.inject({
      method: 'POST',
      url: '/subscriptions',
      headers,
      payload: new URLSearchParams({ _csrf: csrf, channel: 'email', target: 'not-an-address' }).toString(),
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('target must be an email address');
  });
});

describe('JSON API', () => {
  it('lists alerts with filters and keyset pages that neither repeat nor skip', async () => {
    const made: number[] = [ids.hostile];
    for (let i = 0; i < 6; i++) {
      const a = await seedAlert(db.pool, {
        feedId: 'baghdad-today',
        figureId: 'qais-al-khazali',
        alias: 'قيس الخزعلي',
        title: `خبر ${i}`,
        body: `قيس الخزعلي ${i}`,
        kind: i % 2 ? 'debunk' : 'mention',
      });
      made.push(a.alertId);
    }
    // same created_at for several rows: the id breaks the tie
    await db.pool.query(`UPDATE alerts SET created_at = '2026-01-01T00:00:00.123456Z' WHERE id = ANY($1)`, [made.slice(2, 5)]);
    const seen: number[] = [];
    let url: string | null = '/api/alerts?limit=2';
    while (url) {
      const r = await web.app.inject({ method: 'GET', url, headers: bearer('ana') });
      expect(r.statusCode).toBe(200);
      const page = r.json() as { alerts: Array<{ id: number }>; next: string | null };
      seen.push(...page.alerts.map((a) => a.id));
      url = page.next;
    }
    expect([...seen].sort((a, b) => a - b)).toEqual([...made].sort((a, b) => a - b));
    const debunks = (await web.app.inject({ method: 'GET', url: '/api/alerts?kind=debunk', headers: bearer('ana') })).json();
    expect(debunks.alerts.length).toBe(4);
    expect(debunks.alerts.every((a: { kind: string }) => a.kind === 'debunk')).toBe(true);
    const bad = await web.app.inject({ method: 'GET', url: '/api/alerts?limit=9999', headers: bearer('ana') });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatch(/limit must be/);
  });

  it('serves an alert with its item, mentions and the other sources of the story', async () => {
    const first = await seedAlert(db.pool, {
      feedId: 'baghdad-today',
      figureId: 'qais-al-khazali',
      alias: 'قيس الخزعلي',
      title: 'القصة',
      body: 'قيس الخزعلي في بغداد',
    });
    await seedFeed(db.pool, 'shafaq', 'Shafaq News');
    await seedAlert(db.pool, {
      feedId: 'shafaq',
      figureId: 'qais-al-khazali',
      alias: 'قيس الخزعلي',
      title: 'القصة نفسها',
      body: 'قيس الخزعلي في بغداد اليوم',
      storyId: first.storyId,
    });
    const r = await web.app.inject({ method: 'GET', url: `/api/alerts/${first.alertId}`, headers: bearer('ana') });
    expect(r.statusCode).toBe(200);
    const a = r.json();
    expect(a.mentions).toEqual([{ start: 7, end: 18 }]);
    expect(a.otherSources.map((s: { outlet: { id: string } }) => s.outlet.id)).toEqual(['shafaq']);
    const item = (await web.app.inject({ method: 'GET', url: `/api/items/${first.itemId}`, headers: bearer('ana') })).json();
    expect(item.mentions[0]).toMatchObject({ figureId: 'qais-al-khazali', text: 'قيس الخزعلي' });
    expect((await web.app.inject({ method: 'GET', url: '/api/alerts/999999', headers: bearer('ana') })).statusCode).toBe(404);
    const figs = (await web.app.inject({ method: 'GET', url: '/api/figures', headers: bearer('ana') })).json();
    expect(figs.figures.find((f: { id: string }) => f.id === 'qais-al-khazali').spec.nameEn).toBe('Qais al-Khazali');
  });

  it('ops patches a feed and adds one after a test fetch through the production fetcher', async () => {
    const patch = await web.app.inject({
      method: 'PATCH',
      url: '/api/feeds/baghdad-today',
      headers: bearer('opal'),
      payload: { enabled: false, intervalSeconds: 900 },
    });
    expect(patch.json()).toEqual({ id: 'baghdad-today', enabled: false, intervalSeconds: 900 });
    const badPatch = await web.app.inject({
      method: 'PATCH',
      url: '/api/feeds/baghdad-today',
      headers: bearer('opal'),
      payload: { intervalSeconds: 5 },
    });
    expect(badPatch.statusCode).toBe(400);
    const feed = { id: 'local', name: 'Local', kind: 'rss', url: `${rss.origin}/rss`, respectRobots: false };
    const tested = await web.app.inject({ method: 'POST', url: '/api/feeds?test=1', headers: bearer('opal'), payload: feed });
    expect(tested.statusCode).toBe(200);
    expect(tested.json().items.map((i: { guid: string }) => i.guid)).toEqual(['a-1', 'a-2']);
    expect((await db.pool.query(`SELECT 1 FROM feeds WHERE id = 'local'`)).rowCount).toBe(0);
    const saved = await web.app.inject({ method: 'POST', url: '/api/feeds', headers: bearer('opal'), payload: feed });
    expect(saved.statusCode).toBe(201);
    const feeds = (await web.app.inject({ method: 'GET', url: '/api/feeds', headers: bearer('ana') })).json();
    expect(feeds.feeds.map((f: { id: string }) => f.id)).toContain('local');
    const invalid = await web.app.inject({ method: 'POST', url: '/api/feeds', headers: bearer('opal'), payload: { id: 'Bad Id', kind: 'rss' } });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json().error).toMatch(/^feed: /);
  });

  it('the web form shows the items a test fetch found before saving', async () => {
    const { cookie, csrf } = await login('opal');
    const r = await web.app.inject({
      method: 'POST',
      url: '/feeds/test',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({
        _csrf: csrf,
        id: 'local2',
        name: 'Local 2',
        kind: 'rss',
        url: `${rss.origin}/rss`,
        intervalSeconds: '600',
      }).toString(),
    });
    expect(r.statusCode).toBe(200);
    expect(r.body).toContain('2 items found');
    expect(r.body).toContain('قيس الخزعلي يصرح');
    const config = /name="config" value="([^"]+)"/.exec(r.body)![1].replace(/&quot;/g, '"');
    const save = await web.app.inject({
      method: 'POST',
      url: '/feeds',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: csrf, config }).toString(),
    });
    expect(save.statusCode).toBe(303);
    expect((await db.pool.query(`SELECT interval_seconds FROM feeds WHERE id = 'local2'`)).rows[0].interval_seconds).toBe(600);
  });

  it('subscriptions are per user and validated', async () => {
    const bad = await web.app.inject({
      method: 'POST',
      url: '/api/subscriptions',
      headers: bearer('ana'),
      payload: { channel: 'webhook', target: 'ftp://x' },
    });
    expect(bad.statusCode).toBe(400);
    const smtp = await web.app.inject({
      method: 'POST',
      url: '/api/subscriptions',
      headers: bearer('ana'),
      payload: { channel: 'email', target: 'a@b.example', smtpUrl: 'smtp://127.0.0.1:25' },
    });
    expect(smtp.json().error).toMatch(/only ops/);
    const ok = await web.app.inject({
      method: 'POST',
      url: '/api/subscriptions',
      headers: bearer('ana'),
      payload: { channel: 'slack', target: 'https://hooks.example/x', kinds: ['debunk'] },
    });
    expect(ok.statusCode).toBe(201);
    const mine = (await web.app.inject({ method: 'GET', url: '/api/subscriptions', headers: bearer('ana') })).json();
    expect(mine.subscriptions.find((x: { id: number }) => x.id === ok.json().id)).toMatchObject({
      channel: 'slack',
      kinds: ['debunk'],
      hasSecret: false,
    });
    expect(mine.subscriptions.every((x: { secret?: string }) => x.secret === undefined)).toBe(true);
    const theirs = (await web.app.inject({ method: 'GET', url: '/api/subscriptions', headers: bearer('opal') })).json();
    expect(theirs.subscriptions).toHaveLength(0);
    const del = await web.app.inject({ method: 'DELETE', url: `/api/subscriptions/${ok.json().id}`, headers: bearer('opal') });
    expect(del.statusCode).toBe(404);
  });
});

/** An SSE client over real HTTP; resolves once the server said it is connected. */
async function openStream(path: string, headers: Record<string, string>): Promise<{ text(): string; close(): void }> {
  const port = (web.app.server.address() as { port: number }).port;
  const received: string[] = [];
  const req = request({ host: '127.0.0.1', port, path, headers });
  const connected = new Promise<void>((resolve, reject) =>
    req.on('response', (res) => {
      if (!String(res.headers['content-type']).includes('text/event-stream'))
        reject(new Error(`${path}: HTTP ${res.statusCode} ${res.headers['content-type']}`));
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        received.push(chunk);
        if (chunk.includes(': connected')) resolve();
      });
    }),
  );
  req.end();
  await connected;
  return { text: () => received.join(''), close: () => req.destroy() };
}

async function until(what: string, ok: () => boolean | Promise<boolean>, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await ok())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const listenerPids = async () =>
  (
    await db.pool.query<{ pid: number }>(`SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND query = 'LISTEN raqib_alerts'`)
  ).rows.map((r) => r.pid);

const seedOne = (kind: string, tag: string) =>
  seedAlert(db.pool, { feedId: 'baghdad-today', figureId: 'qais-al-khazali', alias: 'قيس الخزعلي', title: tag, body: `قيس الخزعلي ${tag}`, kind });

describe('live stream', () => {
  beforeAll(async () => {
    await web.app.listen({ host: '127.0.0.1', port: 0 });
    await web.listener.ready;
  });

  it('pushes inserted alerts to SSE clients through one LISTEN connection, filtered by kind', async () => {
    const stream = await openStream('/api/stream?kind=debunk', bearer('ana'));
    const other = await openStream('/api/stream', bearer('opal'));
    const mention = await seedOne('mention', 'm');
    const debunk = await seedOne('debunk', 'd');
    await until('the debunk event', () => stream.text().includes(`id: ${debunk.alertId}\n`) && other.text().includes(`id: ${debunk.alertId}\n`));
    stream.close();
    other.close();
    expect(stream.text()).toContain(
      `event: alert\nid: ${debunk.alertId}\ndata: {"id":${debunk.alertId},"op":"insert","kind":"debunk","figureId":"qais-al-khazali"}\n\n`,
    );
    expect(stream.text()).not.toContain(`id: ${mention.alertId}\n`);
    expect(other.text()).toContain(`id: ${mention.alertId}\n`);
    expect(await listenerPids()).toHaveLength(1);
  });

  it('replays alerts missed while a client was away (Last-Event-ID)', async () => {
    const before = await seedOne('debunk', 'before');
    const missed = await seedOne('debunk', 'missed');
    const stream = await openStream('/api/stream?kind=debunk', { ...bearer('ana'), 'last-event-id': String(before.alertId) });
    await until('the replayed event', () => stream.text().includes(`id: ${missed.alertId}\n`));
    stream.close();
    expect(stream.text()).not.toContain(`id: ${before.alertId}\n`);
  });

  it('re-opens the LISTEN connection when Postgres drops it, and streams go on', async () => {
    const stream = await openStream('/api/stream', bearer('ana'));
    const [oldPid] = await listenerPids();
    await db.pool.query('SELECT pg_terminate_backend($1)', [oldPid]);
    await until('a new LISTEN connection', async () => {
      const pids = await listenerPids();
      return pids.length === 1 && pids[0] !== oldPid;
    });
    const after = await seedOne('mention', 'after-reconnect');
    await until('the event after reconnecting', () => stream.text().includes(`id: ${after.alertId}\n`));
    stream.close();
  });

  it('the live updater gets a row only when the alert passes the page filters', async () => {
    const { cookie } = await login('ana');
    const a = await seedOne('debunk', 'row');
    const match = await web.app.inject({ method: 'GET', url: `/alerts/${a.alertId}/row?kind=debunk`, headers: { cookie } });
    expect(match.statusCode).toBe(200);
    expect(match.body).toMatch(new RegExp(`^<tr data-id="${a.alertId}"`));
    const miss = await web.app.inject({ method: 'GET', url: `/alerts/${a.alertId}/row?kind=mention`, headers: { cookie } });
    expect(miss.statusCode).toBe(204);
  });

  it('logging out ends the session', async () => {
    const { cookie, csrf } = await login('ana');
    const out = await web.app.inject({
      method: 'POST',
      url: '/logout',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: `_csrf=${csrf}`,
    });
    expect(out.statusCode).toBe(303);
    const after = await web.app.inject({ method: 'GET', url: '/alerts', headers: { cookie } });
    expect(after.statusCode).toBe(303);
    expect(after.headers.location).toMatch(/^\/login/);
  });
});
