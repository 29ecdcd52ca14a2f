import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { createSession } from '../../db/sql/createSession.ts';
import { deleteSession } from '../../db/sql/deleteSession.ts';
import { endOldSessions } from '../../db/sql/endOldSessions.ts';
import { getUserByName } from '../../db/sql/getUserByName.ts';
import { safeNext } from '../auth/next.ts';
import { verifyPassword } from '../auth/password.ts';
import { SESSION_COOKIE } from '../auth/plugin.ts';
import { newSecret, hashSecret, sameSecret } from '../auth/secrets.ts';
import { claimLoginAttempt, loginSucceeded, type Verdict } from '../auth/throttle.ts';
import type { WebContext } from '../context.ts';
import { NoQuery, PageNoQuery, secret, text } from '../validation.ts';
import { loginPage } from '../views/login.ts';

// double-submit token for the login form itself, before any session exists (login CSRF)
const LOGIN_COOKIE = 'raqib_login';
// a fixed hash to verify against when the name is unknown, so response time does not reveal which names exist
const DUMMY_HASH = 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';

// a bad `next` is replaced by the alerts page (safeNext), not refused: the login page must always open
const LoginQuery = z.object({ next: z.unknown().optional() });
// names and passwords are bounded before anything is looked up or hashed (scrypt of a 1 MB password is not free)
const LoginForm = z.strictObject({
  _csrf: text(100).optional(),
  name: text(200).optional(),
  password: secret(1024).optional(),
  // like the query's: a bad one becomes the alerts page (safeNext), it does not fail the login
  next: z.unknown().optional(),
});
const LogoutForm = z.strictObject({ _csrf: text(100).optional() });

const waitText = (ms: number): string => (ms < 90_000 ? `${Math.ceil(ms / 1000)} seconds` : `${Math.ceil(ms / 60_000)} minutes`);

export function sessionRoutes(app: FastifyInstance, ctx: WebContext): void {
  const cookieBase = { path: '/', httpOnly: true, sameSite: 'lax' as const, secure: ctx.secureCookie };

  app.get<{ Querystring: z.infer<typeof LoginQuery> }>(
    '/login',
    { config: { public: true }, schema: { querystring: LoginQuery } },
    async (req, reply) => {
      // keep an existing token: a second login tab (or a stray request redirected here) must not void the first form
      const existing = req.cookies[LOGIN_COOKIE];
      const token = existing && /^[\w-]{43}$/.test(existing) ? existing : newSecret();
      reply.setCookie(LOGIN_COOKIE, token, { ...cookieBase, maxAge: 3600 });
      return reply.type('text/html').send(loginPage(token, safeNext(req.query.next), null).value);
    },
  );

  app.post<{ Body: z.infer<typeof LoginForm> }>(
    '/login',
    {
      config: {
        public: true,
        rateLimit: {
          max: ctx.login.ratePerAddress.max,
          timeWindow: ctx.login.ratePerAddress.windowMs,
          errorResponseBuilder: (_req, c) => ({
            statusCode: 429,
            message: `Too many login attempts from your address; try again in ${waitText(c.ttl)}.`,
          }),
        },
      },
      schema: { body: LoginForm, querystring: PageNoQuery },
    },
    async (req, reply) => {
      const body = req.body;
      const formToken = body._csrf ?? '';
      const cookieToken = req.cookies[LOGIN_COOKIE] ?? '';
      const next = safeNext(body.next);
      const again = (code: number, msg: string) => {
        const token = newSecret();
        reply.setCookie(LOGIN_COOKIE, token, { ...cookieBase, maxAge: 3600 });
        return reply
          .code(code)
          .type('text/html')
          .send(loginPage(token, next, msg).value);
      };
      if (!formToken || !cookieToken || !sameSecret(formToken, cookieToken)) return again(403, 'The login form expired; please try again.');
      const name = body.name ?? '';
      const password = body.password ?? '';
      if (!name) return again(401, 'Wrong name or password.');
      // counted before the hash: a refused attempt costs one short transaction, never a password hash
      const claim = await claimLoginAttempt(ctx.pool, name, req.ip, ctx.login.policies);
      if (!claim.allowed) return refuse(reply, claim, name, again);
      const user = await getUserByName(ctx.pool, name);
      const ok = await verifyPassword(password, user?.password_hash ?? DUMMY_HASH);
      if (!user || !ok || user.disabled) {
        req.log.warn({ name: name.slice(0, 64), address: req.ip }, 'failed login');
        return again(401, 'Wrong name or password.');
      }
      await loginSucceeded(ctx.pool, name, req.ip);
      const sid = newSecret();
      const sessionHash = hashSecret(sid);
      await createSession(ctx.pool, sessionHash, user.id, newSecret(), new Date(Date.now() + ctx.sessionHours * 3_600_000), {
        address: req.ip,
        userAgent: typeof req.headers['user-agent'] === 'string' ? req.headers['user-agent'] : null,
      });
      const ended = await endOldSessions(ctx.pool, user.id, ctx.maxSessionsPerUser);
      if (ended.length) ctx.streams.endSessions(ended, 'a newer login ended this session');
      reply.clearCookie(LOGIN_COOKIE, cookieBase);
      reply.setCookie(SESSION_COOKIE, sid, { ...cookieBase, maxAge: ctx.sessionHours * 3600 });
      return reply.redirect(next, 303);
    },
  );

  app.post<{ Body: z.infer<typeof LogoutForm> }>('/logout', { schema: { body: LogoutForm, querystring: NoQuery } }, async (req, reply) => {
    const hash = req.principal?.sessionHash;
    if (hash) {
      await deleteSession(ctx.pool, hash);
      ctx.streams.endSessions([hash], 'you logged out');
    }
    reply.clearCookie(SESSION_COOKIE, cookieBase);
    return reply.redirect('/login', 303);
  });
}

function refuse(
  reply: FastifyReply,
  claim: Extract<Verdict, { allowed: false }>,
  name: string,
  again: (code: number, msg: string) => FastifyReply,
): FastifyReply {
  reply.log.warn({ name: name.slice(0, 64), locked: claim.locked, retryAfterMs: claim.retryAfterMs }, 'login throttled');
  if (Number.isFinite(claim.retryAfterMs)) reply.header('retry-after', String(Math.ceil(claim.retryAfterMs / 1000)));
  const msg = claim.locked
    ? Number.isFinite(claim.retryAfterMs)
      ? `Too many failed logins: this name is locked for ${waitText(claim.retryAfterMs)}, or until ops unlock it.`
      : 'Too many failed logins: this name is locked until ops unlock it.'
    : `Too many failed logins; try again in ${waitText(claim.retryAfterMs)}.`;
  return again(429, msg);
}
