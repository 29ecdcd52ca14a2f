import type { Role } from '../db/sql/webRows.ts';

/**
 * Who may call every route: THE table. The auth hook looks up the route the router matched (its registered
 * pattern and method, never the raw URL), so `/%6Fps/queues`, `/ops%2Fqueues` or any other spelling gets the
 * same answer as `/ops/queues`, or no route at all. A route missing here is refused at start-up.
 *
 * `none`: no login (login page, health check, static files). A role: that role or a higher one
 * (analyst < editor < ops); `analyst` therefore means "any account".
 *
 * web/API.md has the same table for people; web/routeRoles.test.ts parses it and fails when the two differ.
 * Adding a route: add `'METHOD /path/:param': role` here and the same row to the table in web/API.md.
 */
export type Access = 'none' | Role;

export const ROUTE_ROLES: Readonly<Record<string, Access>> = {
  'GET /healthz': 'none',
  'GET /favicon.ico': 'none',
  'GET /public/:file': 'none',
  'GET /login': 'none',
  'POST /login': 'none',
  'POST /logout': 'analyst',

  'GET /': 'analyst',
  'GET /alerts': 'analyst',
  'GET /alerts/:id': 'analyst',
  'GET /alerts/:id/row': 'analyst',
  'GET /figures': 'analyst',
  'GET /figures/:id': 'analyst',
  'GET /figures/new': 'ops',
  'POST /figures': 'ops',
  'POST /figures/:id': 'ops',
  'POST /figures/preview': 'ops',
  'GET /feeds': 'analyst',
  'GET /feeds/new': 'ops',
  'POST /feeds': 'ops',
  'POST /feeds/:id': 'ops',
  'POST /feeds/test': 'ops',
  'GET /subscriptions': 'analyst',
  'POST /subscriptions': 'analyst',
  'POST /subscriptions/:id/delete': 'analyst',
  'GET /users': 'ops',
  'POST /users': 'ops',
  'GET /users/:name': 'ops',
  'POST /users/:name/disable': 'ops',
  'POST /users/:name/enable': 'ops',
  'POST /users/:name/unlock': 'ops',
  'POST /users/:name/passwd': 'ops',
  'POST /users/:name/revoke-sessions': 'ops',
  'POST /users/:name/tokens': 'ops',
  'POST /users/:name/tokens/:id/revoke': 'ops',

  'GET /api/alerts': 'analyst',
  'GET /api/alerts/:id': 'analyst',
  'GET /api/items/:id': 'analyst',
  'GET /api/figures': 'analyst',
  'GET /api/feeds': 'analyst',
  'PATCH /api/feeds/:id': 'ops',
  'POST /api/feeds': 'ops',
  'GET /api/stream': 'analyst',
  'GET /api/subscriptions': 'analyst',
  'POST /api/subscriptions': 'analyst',
  'DELETE /api/subscriptions/:id': 'analyst',
  'GET /api/deliveries': 'analyst',
  'GET /api/rumors': 'analyst',
  'GET /api/rumors/:id': 'analyst',
  'POST /api/rumors/:id/status': 'editor',

  // bull-board registers its own routes (pages, JSON, static files) under this prefix: all of them are ops'
  '* /ops/queues/**': 'ops',
  // without Redis (raqib web --no-queues) this page says the board is not mounted
  'GET /ops/queues': 'ops',
};

/** What a request that matched no route needs before it may see the 404 page: an account. */
export const UNMATCHED: Access = 'analyst';

/**
 * The table's entry for a registered route, or undefined when it has none. HEAD is answered by the GET
 * route; a `* /prefix/**` entry covers every method and every route registered under /prefix/.
 */
export function accessFor(method: string, pattern: string, table: Readonly<Record<string, Access>> = ROUTE_ROLES): Access | undefined {
  const m = method === 'HEAD' ? 'GET' : method;
  const exact = table[`${m} ${pattern}`];
  if (exact) return exact;
  for (const [key, access] of Object.entries(table)) {
    const [km, kp] = key.split(' ');
    if (!kp.endsWith('/**') || (km !== '*' && km !== m)) continue;
    const prefix = kp.slice(0, -2);
    if (pattern.startsWith(prefix) || pattern === prefix.slice(0, -1)) return access;
  }
  return undefined;
}
