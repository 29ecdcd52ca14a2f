import { readFileSync } from 'node:fs';
import { Agent } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openQueues, type OpenQueues } from '../queues/connection.ts';
import { freshDatabase, type TestDb } from '../test/helpers/db.ts';
import { checkRouteInTable } from './auth/plugin.ts';
import { accessFor, ROUTE_ROLES, UNMATCHED, type Access } from './routeRoles.ts';
import { buildWebApp, type WebApp } from './server.ts';
import { addUser, apiDocRoles, rawRequest, sessionFor, tokenFor, type RawReply } from './testSupport.ts';

// The route x role x spelling matrix, over real HTTP (inject() would normalise the paths we want to send raw).
let db: TestDb;
let web: WebApp;
let queues: OpenQueues;
let port: number;
const agent = new Agent({ keepAlive: true, maxSockets: 8 });
const ids: Record<string, number> = {};
const tokens: Record<string, string> = {};
const sessions: Record<string, { cookie: string; csrf: string }> = {};
const RANK: Record<Access, number> = { none: -1, analyst: 0, editor: 1, ops: 2 };
// which route each request reached, by its x-test-id header
const matched = new Map<string, string | null>();
let nextId = 0;
const doc = apiDocRoles(readFileSync(new URL('./API.md', import.meta.url), 'utf8')) as Record<string, Access>;

beforeAll(async () => {
  db = await freshDatabase('raqib_roles');
  queues = openQueues({ prefix: `raqib-roles-${process.pid}` });
  web = await buildWebApp({
    pool: db.pool,
    databaseUrl: db.url,
    queues,
    login: { ratePerAddress: { max: 100_000, windowMs: 60_000 } },
    onRouteMatched: (req) => void matched.set(String(req.headers['x-test-id']), req.routeOptions.url ?? null),
  });
  await web.app.listen({ host: '127.0.0.1', port: 0 });
  port = (web.app.server.address() as { port: number }).port;
  for (const [name, role] of [
    ['ana', 'analyst'],
    ['eddie', 'editor'],
    ['opal', 'ops'],
  ] as const) {
    ids[name] = await addUser(db.pool, name, role, `${name}-password-123`);
    tokens[role] = await tokenFor(db.pool, ids[name]);
    sessions[role] = await sessionFor(db.pool, ids[name]);
  }
});

afterAll(async () => {
  agent.destroy();
  await web?.close();
  await queues?.close();
  await db?.drop();
});

type Reply = RawReply;
const send = (method: string, path: string, headers: Record<string, string>, body?: string) => rawRequest(port, method, path, headers, body, agent);

/** A concrete path for a route pattern: parameters get harmless values that name nothing real. */
const concrete = (pattern: string) =>
  pattern
    .replace(':file', 'app.css')
    .replace(':queueName', 'fetch')
    .replace(':queueStatus', 'failed')
    .replace(':jobId', '1')
    .replace(':schedulerId', 'none')
    .replace(':name', 'nobody-here')
    .replace(/:id\b/g, '999999')
    .replace('*', 'favicon-32x32.png');

/** Spellings of a path that a router or a proxy may read as the same path. */
function spellings(path: string): string[] {
  const [, first, rest] = /^\/([^/]*)(.*)$/.exec(path)!;
  const out = [path];
  if (first) {
    const hex = first.charCodeAt(0).toString(16);
    out.push(`/%${hex}${first.slice(1)}${rest}`, `/%${hex.toUpperCase()}${first.slice(1)}${rest}`, `/${first.toUpperCase()}${rest}`);
  }
  out.push(
    `/${first}${rest.replace(/\//g, '%2F')}`,
    `/${first}${rest.replace(/\//g, '%2f')}`,
    `/${path}`,
    `${path}.`,
    `${path}/`,
    `/./${first}${rest}`,
  );
  if (rest) out.push(`/${first}/.${rest}`, `/${first}//${rest.slice(1)}`);
  return [...new Set(out)];
}

type Who = { label: string; role: Access; headers: Record<string, string>; cookie?: boolean };
const principals = (): Who[] => [
  { label: 'anonymous', role: 'none', headers: {} },
  ...(['analyst', 'editor', 'ops'] as const).flatMap((role): Who[] => [
    { label: `${role} token`, role, headers: { authorization: `Bearer ${tokens[role]}` } },
    { label: `${role} cookie`, role, headers: { cookie: sessions[role].cookie, 'x-csrf-token': sessions[role].csrf }, cookie: true },
  ]),
];

// every request says it wants JSON, so a missing login is always a 401 (pages would redirect instead)
const refusedLogin = (r: Reply) => r.status === 401;
const refusedRole = (r: Reply) => r.status === 403 && /needs the \w+ role/.test(r.body);
// the router found no route (as opposed to a handler answering 404 for an unknown id)
const noRoute = (r: Reply) => r.status === 404 && /"no route |There is no such page/.test(r.body);

describe('the role table', () => {
  it('web/API.md and web/routeRoles.ts hold the same table', () => {
    expect(Object.keys(doc).length).toBeGreaterThan(40);
    expect(doc).toEqual(ROUTE_ROLES);
  });

  it('every registered route is in the table', () => {
    const missing = web.routes.filter((r) => !accessFor(r.method, r.url, doc));
    expect(missing).toEqual([]);
  });

  it('a route missing from the table, or declaring another role, stops the app at start-up', () => {
    expect(() => checkRouteInTable({ method: 'GET', url: '/api/unlisted', handler: async () => ({}) })).toThrow(
      'route GET /api/unlisted is not in the role table: add it to web/routeRoles.ts and web/API.md',
    );
    expect(() => checkRouteInTable({ method: 'POST', url: '/feeds/:id', config: { role: 'analyst' }, handler: async () => ({}) })).toThrow(
      'declares "analyst" but the role table says "ops"',
    );
    // the table can give a route to editors: a later triage route
    const table = { ...ROUTE_ROLES, 'POST /alerts/:id/triage': 'editor' as const };
    expect(() =>
      checkRouteInTable({ method: 'POST', url: '/alerts/:id/triage', config: { role: 'editor' }, handler: async () => ({}) }, table),
    ).not.toThrow();
    expect(accessFor('HEAD', '/alerts/:id/triage', table)).toBeUndefined();
    expect(accessFor('HEAD', '/alerts', table)).toBe('analyst');
    expect(accessFor('PUT', '/ops/queues/api/queues/:queueName/empty')).toBe('ops');
  });
});

describe('every route x every role x every spelling', () => {
  it('answers as the table in web/API.md says, under any spelling of the path', async () => {
    const routes = web.routes.filter((r) => r.method !== 'HEAD');
    const failures: string[] = [];
    const reached = { other: 0, none: 0 };
    const jobs: Array<() => Promise<void>> = [];
    for (const route of routes) {
      const base = concrete(route.url);
      for (const who of principals()) {
        for (const path of spellings(base)) {
          jobs.push(async () => {
            const id = String(nextId++);
            const headers: Record<string, string> = { ...who.headers, accept: 'application/json', 'x-test-id': id };
            // logging out ends the session: that request gets a session of its own
            if (who.cookie && route.url === '/logout') {
              const s = await sessionFor(db.pool, ids[{ analyst: 'ana', editor: 'eddie', ops: 'opal' }[who.role as 'analyst']]);
              Object.assign(headers, { cookie: s.cookie, 'x-csrf-token': s.csrf });
            }
            let body: string | undefined;
            if (['POST', 'PUT', 'PATCH'].includes(route.method)) {
              headers['content-type'] = 'application/json';
              body = '{}';
            }
            const r = await send(route.method, path, headers, body).catch((e: Error) => ({ status: -1, location: '', body: e.message }));
            // the route this spelling reached (or none), and what the table in web/API.md says it needs
            const hit = matched.get(id);
            const needed = hit === undefined ? undefined : hit === null ? UNMATCHED : accessFor(route.method, hit, doc);
            const allowed = needed !== undefined && RANK[who.role] >= RANK[needed];
            const refused = refusedLogin(r) || refusedRole(r);
            const line = `${route.method} ${path} reached ${hit ?? 'no route'} (needs ${needed}) as ${who.label}: ${r.status} ${r.body.slice(0, 100)}`;
            if (r.status === -1 || hit === undefined) failures.push(`no answer: ${line}`);
            else if (r.status >= 500) failures.push(`5xx: ${line}`);
            else if (allowed === refused) failures.push(`${allowed ? 'refused although allowed' : 'not refused'}: ${line}`);
            else if (path === base && hit !== route.url) failures.push(`the plain path missed its route: ${line}`);
            else if (path !== base) reached[hit === route.url ? 'other' : 'none']++;
          });
        }
      }
    }
    for (let i = 0; i < jobs.length; i += 8) await Promise.all(jobs.slice(i, i + 8).map((j) => j()));
    expect(failures).toEqual([]);
    expect(matched.size).toBeGreaterThanOrEqual(jobs.length);
    // some spellings (%6F, trailing dot, /./) reach the route, with its check; the rest reach no route
    expect(reached.other).toBeGreaterThan(0);
    expect(reached.none).toBeGreaterThan(0);
  }, 600_000);

  it('the probes of the issue: the queue board under an encoded path is ops-only', async () => {
    const analyst = { cookie: sessions.analyst.cookie };
    expect((await send('GET', '/%6Fps/queues', analyst)).status).toBe(403);
    const api = '/%6fps/queues/api/queues?activeQueue=translate&status=latest&page=1';
    expect((await send('GET', api, analyst)).status).toBe(403);
    expect((await send('GET', api, { authorization: `Bearer ${tokens.analyst}` })).status).toBe(403);
    expect((await send('GET', api, { authorization: `Bearer ${tokens.editor}` })).status).toBe(403);
    const ops = await send('GET', api, { authorization: `Bearer ${tokens.ops}` });
    expect(ops.status).toBe(200);
    expect(JSON.parse(ops.body)).toHaveProperty('queues');
    expect((await send('GET', '/%6Fps/queues', { cookie: sessions.ops.cookie })).status).toBe(200);
  });
});
