import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSettings, secureCookieFrom } from '../config/settings.ts';
import { revokeApiToken } from '../db/sql/revokeApiToken.ts';
import { freshDatabase, type TestDb } from '../test/helpers/db.ts';
import { safeNext } from './auth/next.ts';
import { hashSecret } from './auth/secrets.ts';
import type { LoginPolicies } from './auth/throttle.ts';
import { buildWebApp, type WebApp } from './server.ts';
import { addUser, sessionFor, tokenFor } from './testSupport.ts';

// Login throttling, `next`, live streams ending with their session, the users page, cookies and headers.
let db: TestDb;
let web: WebApp;
const ids: Record<string, number> = {};
// delays of a minute and more, so a slow machine never outwaits one; tests move failures into the past instead
const POLICIES: LoginPolicies = {
  name: { freeFailures: 3, baseDelayMs: 60_000, maxDelayMs: 3_600_000, lockAfter: 6, lockMs: null, forgetAfterMs: 86_400_000 },
  address: { freeFailures: 12, baseDelayMs: 60_000, maxDelayMs: 3_600_000, lockAfter: null, lockMs: null, forgetAfterMs: 86_400_000 },
};

beforeAll(async () => {
  db = await freshDatabase('raqib_auth');
  web = await buildWebApp({
    pool: db.pool,
    databaseUrl: db.url,
    login: { policies: POLICIES, ratePerAddress: { max: 1000, windowMs: 60_000 } },
    maxSessionsPerUser: 2,
    // long: a stream that ends within a second here was ended at once, not by the periodic check
    streamRecheckMs: 60_000,
  });
  await web.app.listen({ host: '127.0.0.1', port: 0 });
  await web.listener.ready;
  for (const [name, role] of [
    ['ana', 'analyst'],
    ['bea', 'analyst'],
    ['cal', 'analyst'],
    ['opal', 'ops'],
  ] as const)
    ids[name] = await addUser(db.pool, name, role, `${name}-password-123`);
});

afterAll(async () => {
  await web?.close();
  await db?.drop();
});

async function loginForm(app = web) {
  const page = await app.app.inject({ method: 'GET', url: '/login' });
  return { cookie: String(page.headers['set-cookie']).split(';')[0], token: /name="_csrf" value="([^"]+)"/.exec(page.body)![1] };
}

/** One login post from a given client address, as the form sends it. */
async function attempt(name: string, password: string, o: { next?: string; address?: string; app?: WebApp } = {}) {
  const app = o.app ?? web;
  const f = await loginForm(app);
  const fields: Record<string, string> = { _csrf: f.token, name, password };
  if (o.next !== undefined) fields.next = o.next;
  const r = await app.app.inject({
    method: 'POST',
    url: '/login',
    remoteAddress: o.address ?? '10.9.9.9',
    headers: { cookie: f.cookie, 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams(fields).toString(),
  });
  const session = ([] as string[]).concat((r.headers['set-cookie'] as string[]) ?? []).find((c) => c.startsWith('raqib_session='));
  return { status: r.statusCode, location: String(r.headers.location ?? ''), retryAfter: r.headers['retry-after'], body: r.body, session };
}

/** Moves a throttle key's last failure into the past, as if `ms` had gone by. */
const age = (key: string, ms: number) =>
  db.pool.query(`UPDATE login_throttle SET last_failure_at = last_failure_at - make_interval(secs => $2::float8 / 1000) WHERE key = $1`, [key, ms]);

describe('login throttling', () => {
  it('grows the delay per account name, refuses early attempts without counting them, then locks until ops unlock', async () => {
    for (let i = 0; i < 3; i++) expect((await attempt('ana', 'wrong-password', { address: '10.8.0.1' })).status).toBe(401);
    const early = await attempt('ana', 'ana-password-123', { address: '10.8.0.1' });
    expect(early.status).toBe(429);
    expect(Number(early.retryAfter)).toBeGreaterThan(50);
    expect(Number(early.retryAfter)).toBeLessThanOrEqual(60);
    expect(early.body).toMatch(/Too many failed logins; try again in \d+ seconds/);
    // refused attempts are not counted: the right password still waits for the delay, then works
    expect((await db.pool.query(`SELECT failures FROM login_throttle WHERE key = 'name:ana'`)).rows[0].failures).toBe(3);
    await age('name:ana', 61_000);
    expect((await attempt('ana', 'wrong-password', { address: '10.8.0.1' })).status).toBe(401);
    const second = await attempt('ana', 'wrong-password', { address: '10.8.0.1' });
    expect(second.status).toBe(429);
    expect(Number(second.retryAfter)).toBeGreaterThan(110);
    expect(Number(second.retryAfter)).toBeLessThanOrEqual(120);
    await age('name:ana', 121_000);
    expect((await attempt('ana', 'wrong-password', { address: '10.8.0.1' })).status).toBe(401);
    const third = Number((await attempt('ana', 'wrong-password', { address: '10.8.0.1' })).retryAfter);
    expect(third).toBeGreaterThan(230);
    expect(third).toBeLessThanOrEqual(240);
    await age('name:ana', 241_000);
    // the sixth failure locks the name; the right password is refused too, and without hashing
    expect((await attempt('ana', 'wrong-password', { address: '10.8.0.1' })).status).toBe(401);
    const locked = await attempt('ana', 'ana-password-123', { address: '10.8.0.1' });
    expect(locked.status).toBe(429);
    expect(locked.retryAfter).toBeUndefined();
    expect(locked.body).toContain('locked until ops unlock it');
    await age('name:ana', 86_000_000);
    expect((await attempt('ana', 'ana-password-123', { address: '10.8.0.1' })).status).toBe(429);
    // ops lift the lock on the users page
    const ops = await sessionFor(db.pool, ids.opal);
    const list = await web.app.inject({ method: 'GET', url: '/users', headers: { cookie: ops.cookie } });
    expect(list.body).toMatch(/<a href="\/users\/ana">ana<\/a>[\s\S]*?locked/);
    const unlock = await web.app.inject({
      method: 'POST',
      url: '/users/ana/unlock',
      headers: { cookie: ops.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: `_csrf=${ops.csrf}`,
    });
    expect(unlock.statusCode).toBe(303);
    const ok = await attempt('ana', 'ana-password-123', { address: '10.8.0.1' });
    expect(ok.status).toBe(303);
    expect(ok.session).toBeDefined();
    expect((await db.pool.query(`SELECT 1 FROM login_throttle WHERE key = 'name:ana'`)).rowCount).toBe(0);
  });

  it('a throttled attempt costs less CPU than one password hash', async () => {
    for (let i = 0; i < 3; i++) await attempt('cal', 'wrong-password', { address: '10.8.0.2' });
    const cpu = async (f: () => Promise<unknown>) => {
      const t = process.cpuUsage();
      await f();
      const d = process.cpuUsage(t);
      return d.user + d.system;
    };
    const refused = await cpu(async () => {
      for (let i = 0; i < 5; i++) expect((await attempt('cal', 'wrong-password', { address: '10.8.0.2' })).status).toBe(429);
    });
    const hashed = await cpu(async () => expect((await attempt('bea', 'wrong-password', { address: '10.8.0.3' })).status).toBe(401));
    expect(refused).toBeLessThan(hashed);
    // cal logs in further down
    await db.pool.query(`DELETE FROM login_throttle WHERE key = 'name:cal'`);
  });

  it('an unknown name is throttled exactly like a known one', async () => {
    await addUser(db.pool, 'gil', 'analyst', 'gil-password-123');
    const known: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < 4; i++) {
      known.push((await attempt('gil', 'wrong-password', { address: '10.1.1.1' })).status);
      unknown.push((await attempt('nobody-at-all', 'wrong-password', { address: '10.1.1.2' })).status);
    }
    expect(unknown).toEqual(known);
    const a = await attempt('gil', 'x', { address: '10.1.1.1' });
    const b = await attempt('nobody-at-all', 'x', { address: '10.1.1.2' });
    expect([a.status, b.status]).toEqual([429, 429]);
    expect(Math.abs(Number(a.retryAfter) - Number(b.retryAfter))).toBeLessThanOrEqual(1);
    const page = (r: { body: string }) => r.body.replace(/value="[^"]+"/g, '').replace(/\d+ seconds/, 'N seconds');
    expect(page(a)).toBe(page(b));
  });

  it('counts failures per client address across names', async () => {
    const from = '10.2.2.2';
    for (let i = 0; i < 12; i++) expect((await attempt(`guess-${i}`, 'wrong-password', { address: from })).status).toBe(401);
    const next = await attempt('guess-new', 'wrong-password', { address: from });
    expect(next.status).toBe(429);
    expect(Number(next.retryAfter)).toBeGreaterThan(50);
    // another address is not held back
    expect((await attempt('guess-new', 'wrong-password', { address: '10.2.2.3' })).status).toBe(401);
  });

  it('caps login posts per address before the form is read (@fastify/rate-limit)', async () => {
    const small = await buildWebApp({
      pool: db.pool,
      databaseUrl: db.url,
      login: { policies: POLICIES, ratePerAddress: { max: 2, windowMs: 60_000 } },
    });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 2; i++) statuses.push((await attempt(`rate-${i}`, 'wrong', { app: small, address: '10.3.3.3' })).status);
      expect(statuses).toEqual([401, 401]);
      const capped = await attempt('rate-3', 'wrong', { app: small, address: '10.3.3.3' });
      expect(capped.status).toBe(429);
      expect(capped.body).toContain('Too many login attempts from your address');
    } finally {
      await small.close();
    }
  });

  it('keeps at most N sessions per account, ending the oldest', async () => {
    // bea's failures from the tests above would hold the next login back
    await db.pool.query(`DELETE FROM login_throttle WHERE key = 'name:bea'`);
    const first = await attempt('bea', 'bea-password-123', { address: '10.4.4.4' });
    const second = await attempt('bea', 'bea-password-123', { address: '10.4.4.4' });
    const third = await attempt('bea', 'bea-password-123', { address: '10.4.4.4' });
    expect([first.status, second.status, third.status]).toEqual([303, 303, 303]);
    const alive = async (setCookie: string) =>
      (await web.app.inject({ method: 'GET', url: '/api/subscriptions', headers: { cookie: setCookie.split(';')[0] } })).statusCode;
    expect(await alive(first.session!)).toBe(401);
    expect(await alive(second.session!)).toBe(200);
    expect(await alive(third.session!)).toBe(200);
    const stored = await db.pool.query(`SELECT address FROM sessions WHERE user_id = $1`, [ids.bea]);
    expect(stored.rows.map((r) => r.address)).toEqual(['10.4.4.4', '10.4.4.4']);
  });
});

describe('next after login', () => {
  it('follows only a same-origin path', () => {
    for (const good of ['/alerts', '/alerts?kind=debunk&since=2026-01-01', '/figures/qais-al-khazali', '/alerts#x'])
      expect(safeNext(good), good).toBe(good);
    for (const bad of [
      '//evil.example/',
      '/\t/evil.example/',
      '/\n/evil.example/',
      '/\r\n/x',
      '/\\evil.example',
      '/\\/evil.example',
      '\\\\evil.example',
      'https://evil.example/',
      'javascript:alert(1)',
      'alerts',
      '',
      '/\u0000',
      '/x\u007f',
      ` ${'/x'}`,
      '/'.padEnd(3000, 'x'),
      42,
      null,
    ])
      expect(safeNext(bad), JSON.stringify(bad)).toBe('/alerts');
  });

  it('the login form and the login post keep a good next and drop a bad one; none is a 500', async () => {
    const page = await web.app.inject({ method: 'GET', url: `/login?next=${encodeURIComponent('/\n/evil.example/')}` });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('name="next" value="/alerts"');
    const tab = await attempt('cal', 'cal-password-123', { next: '/\t/evil.example/', address: '10.5.5.5' });
    expect([tab.status, tab.location]).toEqual([303, '/alerts']);
    const good = await attempt('cal', 'cal-password-123', { next: '/figures?x=1', address: '10.5.5.5' });
    expect([good.status, good.location]).toEqual([303, '/figures?x=1']);
  });
});

/** An SSE client over real HTTP; resolves once connected; `ended` resolves when the server closes it. */
async function openStream(headers: Record<string, string>, app = web) {
  const port = (app.app.server.address() as { port: number }).port;
  let text = '';
  let ended!: () => void;
  const closed = new Promise<void>((r) => (ended = r));
  const req = request({ host: '127.0.0.1', port, path: '/api/stream', headers });
  const connected = new Promise<void>((resolve, reject) =>
    req.on('response', (res) => {
      if (res.statusCode !== 200) reject(new Error(`stream: HTTP ${res.statusCode}`));
      res.setEncoding('utf8');
      res.on('data', (c: string) => {
        text += c;
        if (c.includes(': connected')) resolve();
      });
      res.on('end', ended);
      res.on('close', ended);
    }),
  );
  req.on('error', () => ended());
  req.end();
  await connected;
  return { text: () => text, closed, close: () => req.destroy() };
}

const within = <T>(p: Promise<T>, ms: number, what: string) =>
  Promise.race([p, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${what} did not happen within ${ms} ms`)), ms))]);

describe('live streams end when their session ends', () => {
  it('at once on logout, in the same process', async () => {
    const s = await sessionFor(db.pool, ids.cal);
    const stream = await openStream({ cookie: s.cookie });
    const other = await openStream({ cookie: (await sessionFor(db.pool, ids.cal)).cookie });
    const out = await web.app.inject({
      method: 'POST',
      url: '/logout',
      headers: { cookie: s.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: `_csrf=${s.csrf}`,
    });
    expect(out.statusCode).toBe(303);
    // "at once": well before the periodic recheck would have run on a default server (15 s)
    await within(stream.closed, 2000, 'the stream ending');
    expect(stream.text()).toContain('event: end\ndata: {"reason":"you logged out"}');
    // the other session's stream goes on
    expect(other.text()).not.toContain('event: end');
    other.close();
  });

  it('when ops disable the account, end its sessions, or revoke its token', async () => {
    const ops = await sessionFor(db.pool, ids.opal);
    const post = (url: string) =>
      web.app.inject({
        method: 'POST',
        url,
        headers: { cookie: ops.cookie, 'content-type': 'application/x-www-form-urlencoded' },
        payload: `_csrf=${ops.csrf}`,
      });
    const userId = await addUser(db.pool, 'dan', 'analyst', 'dan-password-123');
    const token = await tokenFor(db.pool, userId);
    const byCookie = await openStream({ cookie: (await sessionFor(db.pool, userId)).cookie });
    const byToken = await openStream({ authorization: `Bearer ${token}` });
    expect((await post('/users/dan/revoke-sessions')).statusCode).toBe(303);
    await within(byCookie.closed, 2000, 'the cookie stream ending');
    expect(byToken.text()).not.toContain('event: end');
    const [{ id: tokenId }] = (await db.pool.query(`SELECT id::int AS id FROM api_tokens WHERE user_id = $1`, [userId])).rows;
    expect((await post(`/users/dan/tokens/${tokenId}/revoke`)).statusCode).toBe(303);
    await within(byToken.closed, 2000, 'the token stream ending');
    expect(byToken.text()).toContain('your API token was revoked');
    const again = await openStream({ cookie: (await sessionFor(db.pool, userId)).cookie });
    expect((await post('/users/dan/disable')).statusCode).toBe(303);
    await within(again.closed, 2000, 'the stream of a disabled account ending');
    expect(again.text()).toContain('your account was disabled');
  });

  it('when the session expires, the account is disabled elsewhere, or a token is revoked by the CLI (periodic check)', async () => {
    // a second web process on the same database, checking its streams every 200 ms
    const periodic = await buildWebApp({ pool: db.pool, databaseUrl: db.url, streamRecheckMs: 200 });
    await periodic.app.listen({ host: '127.0.0.1', port: 0 });
    const open = (headers: Record<string, string>) => openStream(headers, periodic);
    try {
      const userId = await addUser(db.pool, 'eve', 'analyst', 'eve-password-123');
      const s = await sessionFor(db.pool, userId);
      const expiring = await open({ cookie: s.cookie });
      await db.pool.query(`UPDATE sessions SET expires_at = now() - interval '1 second' WHERE id_hash = $1`, [s.hash]);
      await within(expiring.closed, 5000, 'the expired session stream ending');
      const token = await tokenFor(db.pool, userId);
      const byToken = await open({ authorization: `Bearer ${token}` });
      // what `raqib users revoke-token` does, from another process: only the database changes
      const [{ id }] = (await db.pool.query(`SELECT id::int AS id FROM api_tokens WHERE token_hash = $1`, [hashSecret(token)])).rows;
      await revokeApiToken(db.pool, id);
      await within(byToken.closed, 5000, 'the revoked token stream ending');
      const s2 = await sessionFor(db.pool, userId);
      const disabledElsewhere = await open({ cookie: s2.cookie });
      await db.pool.query(`UPDATE users SET disabled = true WHERE id = $1`, [userId]);
      await within(disabledElsewhere.closed, 5000, 'the disabled account stream ending');
      expect(periodic.streams.size).toBe(0);
    } finally {
      await periodic.close();
    }
  });
});

describe('the users page (ops)', () => {
  it('adds an account, shows its password once, issues and revokes a token, sets a new password', async () => {
    const ops = await sessionFor(db.pool, ids.opal);
    const form = (url: string, fields: Record<string, string> = {}) =>
      web.app.inject({
        method: 'POST',
        url,
        headers: { cookie: ops.cookie, 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ _csrf: ops.csrf, ...fields }).toString(),
      });
    const added = await form('/users', { name: 'fay', role: 'editor' });
    expect(added.statusCode).toBe(200);
    const password = /<code class="secret">([^<]+)<\/code>/.exec(added.body)![1];
    expect((await attempt('fay', password, { address: '10.6.6.6' })).status).toBe(303);
    expect((await form('/users', { name: 'fay', role: 'ops' })).statusCode).toBe(409);
    expect((await form('/users', { name: 'bad name!', role: 'ops' })).body).toContain('name must be 1-64 letters');
    const issued = await form('/users/fay/tokens', { label: 'script', days: '30' });
    const token = /<code class="secret">([^<]+)<\/code>/.exec(issued.body)![1];
    const api = () => web.app.inject({ method: 'GET', url: '/api/alerts', headers: { authorization: `Bearer ${token}` } });
    expect((await api()).statusCode).toBe(200);
    const detail = await web.app.inject({ method: 'GET', url: '/users/fay', headers: { cookie: ops.cookie } });
    expect(detail.body).toContain('script');
    expect(detail.body).toContain('10.6.6.6');
    const tokenId = /action="\/users\/fay\/tokens\/(\d+)\/revoke"/.exec(detail.body)![1];
    expect((await form(`/users/fay/tokens/${tokenId}/revoke`)).statusCode).toBe(303);
    expect((await api()).statusCode).toBe(401);
    expect((await form('/users/fay/tokens', { label: 'x'.repeat(101) })).statusCode).toBe(400);
    const reset = await form('/users/fay/passwd');
    const newPassword = /<code class="secret">([^<]+)<\/code>/.exec(reset.body)![1];
    expect((await attempt('fay', password, { address: '10.6.6.7' })).status).toBe(401);
    expect((await attempt('fay', newPassword, { address: '10.6.6.7' })).status).toBe(303);
    expect((await form('/users/opal/disable')).body).toContain('cannot disable your own account');
    expect((await form('/users/nobody/enable')).statusCode).toBe(404);
    // an analyst is refused the page
    const ana = await sessionFor(db.pool, ids.ana);
    expect((await web.app.inject({ method: 'GET', url: '/users', headers: { cookie: ana.cookie } })).statusCode).toBe(403);
  });
});

describe('cookies and headers', () => {
  it('session cookies are Secure by default when RAQIB_WEB_PUBLIC_URL is https', async () => {
    expect(secureCookieFrom(parseSettings({}))).toBe(false);
    expect(secureCookieFrom(parseSettings({ RAQIB_WEB_PUBLIC_URL: 'https://raqib.example.org' }))).toBe(true);
    expect(secureCookieFrom(parseSettings({ RAQIB_WEB_PUBLIC_URL: 'https://raqib.example.org', RAQIB_WEB_SECURE_COOKIE: '0' }))).toBe(false);
    expect(secureCookieFrom(parseSettings({ RAQIB_WEB_PUBLIC_URL: 'http://10.0.0.5:3000', RAQIB_WEB_SECURE_COOKIE: '1' }))).toBe(true);
    expect(() => parseSettings({ RAQIB_WEB_PUBLIC_URL: 'raqib.example.org' })).toThrow(/RAQIB_WEB_PUBLIC_URL must be an http\(s\) URL/);
    const secure = await buildWebApp({ pool: db.pool, databaseUrl: db.url, secureCookie: true, login: { policies: POLICIES } });
    try {
      const r = await attempt('cal', 'cal-password-123', { app: secure, address: '10.7.7.7' });
      expect(r.session).toMatch(/; Secure/i);
    } finally {
      await secure.close();
    }
  });

  it('HTML answers say charset=utf-8 and keep CSP, frame-ancestors and nosniff', async () => {
    const s = await sessionFor(db.pool, ids.opal);
    for (const url of ['/login', '/alerts', '/users', '/nowhere', '/alerts?since=1']) {
      const r = await web.app.inject({ method: 'GET', url, headers: { cookie: s.cookie } });
      expect(r.headers['content-type'], url).toBe('text/html; charset=utf-8');
      expect(r.headers['content-security-policy'], url).toContain("frame-ancestors 'none'");
      expect(r.headers['content-security-policy'], url).toContain("script-src 'self'");
      expect(r.headers['x-content-type-options'], url).toBe('nosniff');
    }
  });
});
