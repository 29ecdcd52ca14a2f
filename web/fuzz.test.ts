import { Agent } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { freshDatabase, type TestDb } from '../test/helpers/db.ts';
import { buildWebApp, type WebApp } from './server.ts';
import { addUser, rawRequest, seedAlert, seedFeed, seedFigure, sessionFor, tokenFor } from './testSupport.ts';

// Every parameter of every route gets a list of hostile values; nothing may answer 5xx or drop the connection.
let db: TestDb;
let web: WebApp;
let port: number;
let token: string;
let session: { cookie: string; csrf: string };
const agent = new Agent({ keepAlive: true, maxSockets: 8 });

beforeAll(async () => {
  db = await freshDatabase('raqib_fuzz');
  web = await buildWebApp({
    pool: db.pool,
    databaseUrl: db.url,
    login: { ratePerAddress: { max: 1_000_000, windowMs: 60_000 } },
    // never fetch anything: a fuzzed feed must not reach the network
    testFetch: async () => {
      throw new Error('test fetch disabled in the fuzz test');
    },
  });
  await web.app.listen({ host: '127.0.0.1', port: 0 });
  port = (web.app.server.address() as { port: number }).port;
  const opal = await addUser(db.pool, 'opal', 'ops', 'opal-password-123');
  token = await tokenFor(db.pool, opal);
  session = await sessionFor(db.pool, opal);
  await addUser(db.pool, 'victim', 'analyst', 'victim-password-123');
  await seedFeed(db.pool, 'baghdad-today', 'Baghdad Today');
  await seedFigure(db.pool, 'qais', 'قيس الخزعلي', ['قيس الخزعلي']);
  await seedAlert(db.pool, { feedId: 'baghdad-today', figureId: 'qais', alias: 'قيس الخزعلي', title: 'خبر', body: 'قيس الخزعلي' });
});

afterAll(async () => {
  agent.destroy();
  await web?.close();
  await db?.drop();
});

/** Query values as they appear in a URL (already percent-encoded where they must be). */
const HOSTILE_QUERY = [
  '',
  '%20',
  '1',
  '-1',
  '0',
  'NaN',
  'Infinity',
  '1e308',
  '0x10',
  '1.5',
  '9'.repeat(400),
  'x'.repeat(6000),
  '-271821-04-20T00:00:00Z',
  '275760-09-13T00:00:00Z',
  '2026-99-99%2099:99:99~1',
  '2026-02-30',
  '2026-02-28T24:00:00Z',
  '1990-01-01T00:00:00%2B99:99',
  '1989-12-31',
  '2099-01-01',
  '9999-12-31%2023:59:59.999999%2B00~9007199254740993',
  "'%20OR%20'1'%3D'1",
  '1%3B%20DROP%20TABLE%20alerts',
  '%00',
  'a%00b',
  'a%0D%0Ab',
  '%ED%A0%80',
  '%FF%FE',
  '%',
  '%zz',
  '%E2%80%AE',
  '%F0%9F%98%80'.repeat(50),
  '..%2F..%2Fetc%2Fpasswd',
  '%3Cscript%3Ealert(1)%3C%2Fscript%3E',
  'true',
  '%5B%5D',
  '%7B%7D',
];

/** JSON body values. */
const HOSTILE_JSON: unknown[] = [
  null,
  true,
  -1,
  0,
  1e308,
  -1e308,
  1.5,
  '',
  ' ',
  '1',
  'NaN',
  "' OR '1'='1",
  '\u0000',
  'a\u0000b',
  '\ud800',
  '\udfff x',
  '\u202e',
  '😀'.repeat(1000),
  'x'.repeat(300_000),
  '-271821-04-20T00:00:00Z',
  '2026-02-30',
  '<script>alert(1)</script>',
  'javascript:alert(1)',
  'http://127.0.0.1:1/',
  'ftp://x',
  [],
  ['a', 'a'],
  [null],
  Array.from({ length: 5000 }, (_, i) => `k${i}`),
  {},
  { __proto__: { admin: true } },
  JSON.parse('{"a":{"b":{"c":{"d":{"e":{"f":{"g":{"h":{"i":{"j":{"k":{"l":{"m":{"n":{"o":{"p":{"q":{"r":{"s":{"t":{"u":{"v":1}}}}}}}}}}}}}}}}}}}}}}'),
];

/** The keys a zod schema takes (objects, unions of objects), for the parameter lists to fuzz. */
function keysOf(schema: unknown): string[] {
  if (schema instanceof z.ZodObject) return Object.keys(schema.shape);
  if (schema instanceof z.ZodDiscriminatedUnion || schema instanceof z.ZodUnion)
    return [...new Set((schema.options as unknown[]).flatMap((o) => keysOf(o)))];
  return [];
}

// :name is an account of its own, so a fuzzed "new password" or "end sessions" does not end the fuzzer's session
const concrete = (pattern: string) => pattern.replace(':file', 'app.css').replace(':name', 'victim').replace(/:id\b/g, '1');
const routes = () =>
  web.routes.filter((r) => r.method !== 'HEAD' && !r.url.startsWith('/ops/queues/')) as Array<{
    method: string;
    url: string;
    schema: { querystring?: unknown; params?: unknown; body?: unknown } | undefined;
  }>;

async function hit(method: string, path: string, body?: string, contentType = 'application/json') {
  const headers: Record<string, string> = { authorization: `Bearer ${token}`, accept: 'application/json' };
  if (path.startsWith('/login')) delete headers.authorization;
  if (body !== undefined) headers['content-type'] = contentType;
  return rawRequest(port, method, path, headers, body, agent).catch((e: Error) => ({ status: -1, location: '', body: e.message }));
}

async function runAll(jobs: Array<() => Promise<string | null>>): Promise<string[]> {
  const failures: string[] = [];
  for (let i = 0; i < jobs.length; i += 8) for (const f of await Promise.all(jobs.slice(i, i + 8).map((j) => j()))) if (f) failures.push(f);
  return failures;
}

const bad = (what: string, r: { status: number; body: string }) =>
  r.status >= 500 || r.status < 0 ? `${what}: ${r.status} ${r.body.slice(0, 160)}` : null;

describe('hostile input never yields a 5xx', () => {
  it('every route validates its query, path and body with a schema', () => {
    const without = routes().filter(
      (r) => !r.schema?.querystring || (r.url.includes(':') && !r.schema.params) || (['POST', 'PUT', 'PATCH'].includes(r.method) && !r.schema.body),
    );
    expect(without.map((r) => `${r.method} ${r.url}`)).toEqual([]);
  });

  it('every query parameter of every route, each hostile value, alone and repeated', async () => {
    const jobs: Array<() => Promise<string | null>> = [];
    for (const r of routes()) {
      const path = concrete(r.url);
      const keys = [...keysOf(r.schema?.querystring), 'unknown'];
      const body = ['POST', 'PUT', 'PATCH'].includes(r.method) ? '{}' : undefined;
      for (const k of keys) {
        const queries = [...HOSTILE_QUERY.flatMap((v) => [`${k}=${v}`, `${k}=${v}&${k}=${v}`]), `${k}[]=1`, `${k}[a]=1`, `${k}`, `${k}=1&${k}`];
        for (const q of queries) jobs.push(async () => bad(`${r.method} ${path}?${q.slice(0, 80)}`, await hit(r.method, `${path}?${q}`, body)));
      }
    }
    expect(jobs.length).toBeGreaterThan(1000);
    expect(await runAll(jobs)).toEqual([]);
  }, 600_000);

  it('every path parameter of every route', async () => {
    const jobs: Array<() => Promise<string | null>> = [];
    for (const r of routes().filter((x) => x.url.includes(':'))) {
      const body = ['POST', 'PUT', 'PATCH'].includes(r.method) ? '{}' : undefined;
      for (const v of HOSTILE_QUERY.filter((x) => x !== '' && x.length < 2000))
        for (const param of r.url.match(/:\w+/g)!) {
          const path = concrete(r.url.replace(param, v));
          jobs.push(async () => bad(`${r.method} ${path.slice(0, 100)}`, await hit(r.method, path, body)));
        }
    }
    expect(await runAll(jobs)).toEqual([]);
  }, 600_000);

  it('every body field of every route, as JSON and as a form', async () => {
    const jobs: Array<() => Promise<string | null>> = [];
    for (const r of routes().filter((x) => x.schema?.body)) {
      const path = concrete(r.url);
      const keys = [...keysOf(r.schema!.body), 'unknown'];
      for (const k of keys) {
        for (const v of HOSTILE_JSON) {
          const json = JSON.stringify({ _csrf: session.csrf, [k]: v });
          jobs.push(async () => bad(`${r.method} ${path} ${k}=${JSON.stringify(v)?.slice(0, 40)}`, await hit(r.method, path, json)));
        }
        for (const v of HOSTILE_QUERY)
          jobs.push(async () =>
            bad(
              `${r.method} ${path} form ${k}=${v.slice(0, 40)}`,
              await hit(r.method, path, `${k}=${v}&${k}=${v}`, 'application/x-www-form-urlencoded'),
            ),
          );
      }
      for (const raw of ['', 'null', '[]', '"x"', '{', '{"__proto__":{"x":1}}', 'x'.repeat(2_000_000)])
        jobs.push(async () => bad(`${r.method} ${path} raw ${raw.slice(0, 20)}`, await hit(r.method, path, raw)));
    }
    expect(await runAll(jobs)).toEqual([]);
  }, 600_000);

  it('the pages answer a bad query with a 400 page naming the parameter', async () => {
    const headers = { cookie: session.cookie };
    const cases: Array<[string, RegExp]> = [
      ['/alerts?since=-271821-04-20T00:00:00Z', /since must be a date/],
      ['/alerts?after=2026-99-99%2099:99:99~1', /after must be a cursor/],
      ["/alerts?since='%20OR%20'1'%3D'1", /since must be a date/],
      ['/alerts?since=1', /since must be a date/],
      ['/alerts?until=2026-02-30', /until must be a date/],
      ['/alerts?figure=qais&figure=other', /figure is given 2 times; give it once/],
      ['/alerts?figure=a%00b', /figure must not contain control characters/],
    ];
    for (const [url, message] of cases) {
      const r = await rawRequest(port, 'GET', url, headers, undefined, agent);
      expect(r.status, url).toBe(400);
      expect(r.body, url).toMatch(message);
    }
    const api = await hit('GET', '/api/alerts?figur=qais');
    expect(api.status).toBe(400);
    expect(JSON.parse(api.body).error).toBe('unknown parameter "figur"');
    const secret = await hit(
      'POST',
      '/api/subscriptions',
      JSON.stringify({ channel: 'webhook', target: 'https://hooks.example/x', secret: 'k'.repeat(900_000) }),
    );
    expect(secret.status).toBe(400);
    expect(JSON.parse(secret.body).error).toBe('secret must be at most 256 characters (got 900000)');
  });
});
