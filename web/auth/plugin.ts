import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import type pg from 'pg';
import { getSessionUser } from '../../db/sql/getSessionUser.ts';
import { getTokenUser } from '../../db/sql/getTokenUser.ts';
import { accessFor, ROUTE_ROLES, UNMATCHED, type Access } from '../routeRoles.ts';
import { hasRole } from './principal.ts';
import { hashSecret, sameSecret } from './secrets.ts';

export const SESSION_COOKIE = 'raqib_session';
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** The path as the router read it: the matched route's pattern, or the decoded path when none matched. */
function routePath(req: FastifyRequest): string {
  if (req.routeOptions.url) return req.routeOptions.url;
  const raw = req.url.split('?')[0];
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

/** JSON for API callers and scripts; HTML pages redirect or show a page instead. */
export const wantsJson = (req: FastifyRequest): boolean =>
  routePath(req).startsWith('/api/') || (!!req.headers.accept?.includes('application/json') && !req.headers.accept.includes('text/html'));

/** What a route needs: its entry in the role table (web/routeRoles.ts); undefined when it has none. */
export const routeAccess = (req: FastifyRequest): Access | undefined =>
  req.routeOptions.url === undefined ? UNMATCHED : accessFor(req.method, req.routeOptions.url);

/**
 * Refuses at start-up a route that is not in the role table, or whose own `config` says something else than
 * the table (a route may keep declaring `config: { role }` or `config: { public: true }`; the table decides).
 */
export function checkRouteInTable(route: RouteOptions, table = ROUTE_ROLES): void {
  for (const method of ([] as string[]).concat(route.method)) {
    const access = accessFor(method, route.url, table);
    if (!access) throw new Error(`route ${method} ${route.url} is not in the role table: add it to web/routeRoles.ts and web/API.md`);
    const config = route.config as { public?: boolean; role?: string } | undefined;
    const declared = config?.public ? 'none' : config?.role;
    if (declared && declared !== access)
      throw new Error(`route ${method} ${route.url} declares "${declared}" but the role table says "${access}": make them agree`);
  }
}

/**
 * Authentication and authorisation for every route. A Bearer token (API) or a session cookie (pages) says who
 * is asking; the role table says who may ask, looked up by the route the router MATCHED, so no spelling of a
 * path can reach a route without its check. Cookie sessions must also send the session's CSRF token with
 * every POST/PUT/PATCH/DELETE; bearer-token calls are not exposed to CSRF.
 */
export function registerAuth(
  app: FastifyInstance,
  pool: pg.Pool,
  forbidden: (req: FastifyRequest, reply: FastifyReply, msg: string) => FastifyReply,
): void {
  app.decorateRequest('principal', null);
  app.addHook('onRoute', (route) => checkRouteInTable(route));

  app.addHook('onRequest', async (req, reply) => {
    const auth = req.headers.authorization;
    if (auth !== undefined) {
      const m = /^Bearer\s+(\S{1,200})$/i.exec(auth);
      const tokenHash = m ? hashSecret(m[1]) : null;
      const user = tokenHash ? await getTokenUser(pool, tokenHash) : null;
      if (!user)
        return reply
          .code(401)
          .header('www-authenticate', 'Bearer error="invalid_token"')
          .send({ error: m ? 'API token is invalid, expired or revoked' : 'Authorization header must be "Bearer <token>"' });
      req.principal = { ...user, via: 'token', csrfToken: null, sessionHash: null, tokenHash };
    } else {
      const sid = req.cookies[SESSION_COOKIE];
      if (sid && sid.length <= 200) {
        const sessionHash = hashSecret(sid);
        const user = await getSessionUser(pool, sessionHash);
        if (user)
          req.principal = {
            userId: user.userId,
            name: user.name,
            role: user.role,
            via: 'session',
            csrfToken: user.csrfToken,
            sessionHash,
            tokenHash: null,
          };
      }
    }

    const access = routeAccess(req);
    if (access === 'none') return;
    // fail closed: a route that slipped past the start-up check is refused, not served
    if (access === undefined) return forbidden(req, reply, `${req.method} ${req.routeOptions.url} has no entry in the role table`);
    const p = req.principal;
    if (!p) {
      if (wantsJson(req)) return reply.code(401).send({ error: 'authentication required: log in, or send "Authorization: Bearer <token>"' });
      const next = req.method === 'GET' ? `?next=${encodeURIComponent(req.url)}` : '';
      return reply.redirect(`/login${next}`, 303);
    }
    if (!hasRole(p, access)) return forbidden(req, reply, `this needs the ${access} role; you are ${p.role}`);
  });

  // after the body is parsed (the form field may carry the token), before validation and the handler
  app.addHook('preValidation', async (req, reply) => {
    const p = req.principal;
    if (!p || p.via !== 'session' || !UNSAFE.has(req.method) || routeAccess(req) === 'none') return;
    const body = req.body as Record<string, unknown> | undefined;
    const sent =
      (typeof req.headers['x-csrf-token'] === 'string' ? req.headers['x-csrf-token'] : undefined) ??
      (body && typeof body === 'object' && typeof body._csrf === 'string' ? body._csrf : undefined);
    if (!sent || !p.csrfToken || !sameSecret(sent, p.csrfToken))
      return forbidden(req, reply, 'CSRF token missing or wrong: reload the page and try again');
  });
}
