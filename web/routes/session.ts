import type { FastifyInstance } from 'fastify';
import { createSession } from '../../db/sql/createSession.ts';
import { deleteSession } from '../../db/sql/deleteSession.ts';
import { getUserByName } from '../../db/sql/getUserByName.ts';
import { verifyPassword } from '../auth/password.ts';
import { SESSION_COOKIE } from '../auth/plugin.ts';
import { newSecret, hashSecret, sameSecret } from '../auth/secrets.ts';
import type { WebContext } from '../context.ts';
import { loginPage } from '../views/login.ts';

// double-submit token for the login form itself, before any session exists (login CSRF)
const LOGIN_COOKIE = 'raqib_login';
// a fixed hash to verify against when the name is unknown, so response time does not reveal which names exist
const DUMMY_HASH = 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';

/** Only same-site paths: a login link must not bounce the user to another site. */
const safeNext = (v: unknown): string => (typeof v === 'string' && /^\/(?![/\\])/.test(v) ? v : '/alerts');

export function sessionRoutes(app: FastifyInstance, ctx: WebContext): void {
  const cookieBase = { path: '/', httpOnly: true, sameSite: 'lax' as const, secure: ctx.secureCookie };

  app.get('/login', { config: { public: true } }, async (req, reply) => {
    // keep an existing token: a second login tab (or a stray request redirected here) must not void the first form
    const existing = req.cookies[LOGIN_COOKIE];
    const token = existing && /^[\w-]{43}$/.test(existing) ? existing : newSecret();
    reply.setCookie(LOGIN_COOKIE, token, { ...cookieBase, maxAge: 3600 });
    return reply.type('text/html').send(loginPage(token, safeNext((req.query as Record<string, unknown>).next), null).value);
  });

  app.post('/login', { config: { public: true } }, async (req, reply) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const formToken = typeof body._csrf === 'string' ? body._csrf : '';
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
    const name = typeof body.name === 'string' ? body.name.trim() : '';
    const password = typeof body.password === 'string' ? body.password : '';
    const user = name ? await getUserByName(ctx.pool, name) : null;
    const ok = await verifyPassword(password, user?.password_hash ?? DUMMY_HASH);
    if (!user || !ok || user.disabled) {
      req.log.warn({ name: name.slice(0, 64) }, 'failed login');
      return again(401, 'Wrong name or password.');
    }
    const sid = newSecret();
    await createSession(ctx.pool, hashSecret(sid), user.id, newSecret(), new Date(Date.now() + ctx.sessionHours * 3_600_000));
    reply.clearCookie(LOGIN_COOKIE, cookieBase);
    reply.setCookie(SESSION_COOKIE, sid, { ...cookieBase, maxAge: ctx.sessionHours * 3600 });
    return reply.redirect(next, 303);
  });

  app.post('/logout', async (req, reply) => {
    if (req.principal?.sessionHash) await deleteSession(ctx.pool, req.principal.sessionHash);
    reply.clearCookie(SESSION_COOKIE, cookieBase);
    return reply.redirect('/login', 303);
  });
}
