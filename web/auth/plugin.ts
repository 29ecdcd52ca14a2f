import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type pg from 'pg';
import { getSessionUser } from '../../db/sql/getSessionUser.ts';
import { getTokenUser } from '../../db/sql/getTokenUser.ts';
import { hasRole, type Principal } from './principal.ts';
import { hashSecret, sameSecret } from './secrets.ts';

export const SESSION_COOKIE = 'raqib_session';
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** JSON for API callers and scripts; HTML pages redirect or show a page instead. */
export const wantsJson = (req: FastifyRequest): boolean =>
  req.url.startsWith('/api/') || (!!req.headers.accept?.includes('application/json') && !req.headers.accept.includes('text/html'));

/**
 * Authentication and authorisation for every route: a Bearer token (API) or a session cookie (pages);
 * routes opt out with `config: { public: true }` and ask for a role with `config: { role: 'ops' }`. Everything
 * under /ops/ (bull-board, which we cannot configure per route) needs ops. Cookie sessions must also send the
 * session's CSRF token with every POST/PUT/PATCH/DELETE; bearer-token calls are not exposed to CSRF.
 */
export function registerAuth(
  app: FastifyInstance,
  pool: pg.Pool,
  forbidden: (req: FastifyRequest, reply: FastifyReply, msg: string) => FastifyReply,
): void {
  app.decorateRequest('principal', null);

  app.addHook('onRequest', async (req, reply) => {
    const auth = req.headers.authorization;
    if (auth !== undefined) {
      const m = /^Bearer\s+(\S+)$/i.exec(auth);
      const user = m ? await getTokenUser(pool, hashSecret(m[1])) : null;
      if (!user)
        return reply
          .code(401)
          .header('www-authenticate', 'Bearer error="invalid_token"')
          .send({ error: m ? 'API token is invalid, expired or revoked' : 'Authorization header must be "Bearer <token>"' });
      req.principal = { ...user, via: 'token', csrfToken: null, sessionHash: null };
      return;
    }
    const sid = req.cookies[SESSION_COOKIE];
    if (sid) {
      const sessionHash = hashSecret(sid);
      const user = await getSessionUser(pool, sessionHash);
      if (user) req.principal = { userId: user.userId, name: user.name, role: user.role, via: 'session', csrfToken: user.csrfToken, sessionHash };
    }
  });

  app.addHook('preHandler', async (req, reply) => {
    const config = req.routeOptions.config;
    if (config?.public) return;
    const p: Principal | null = req.principal;
    if (!p) {
      if (wantsJson(req)) return reply.code(401).send({ error: 'authentication required: log in, or send "Authorization: Bearer <token>"' });
      const next = req.method === 'GET' ? `?next=${encodeURIComponent(req.url)}` : '';
      return reply.redirect(`/login${next}`, 303);
    }
    const least = req.url.startsWith('/ops/') ? 'ops' : config?.role;
    if (least && !hasRole(p, least)) return forbidden(req, reply, `this needs the ${least} role; you are ${p.role}`);
    if (p.via === 'session' && UNSAFE.has(req.method)) {
      const body = req.body as Record<string, unknown> | undefined;
      const sent =
        (typeof req.headers['x-csrf-token'] === 'string' ? req.headers['x-csrf-token'] : undefined) ??
        (typeof body?._csrf === 'string' ? body._csrf : undefined);
      if (!sent || !p.csrfToken || !sameSecret(sent, p.csrfToken))
        return forbidden(req, reply, 'CSRF token missing or wrong: reload the page and try again');
    }
  });
}
