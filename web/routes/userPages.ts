import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { listApiTokens } from '../../db/sql/listApiTokens.ts';
import { listSessions } from '../../db/sql/listSessions.ts';
import { listUsers } from '../../db/sql/listUsers.ts';
import {
  AccountError,
  addAccount,
  disableAccount,
  enableAccount,
  issueToken,
  requireUser,
  resetPassword,
  revokeSessions,
  revokeToken,
  unlockAccount,
} from '../auth/accounts.ts';
import { generatePassword } from '../auth/password.ts';
import type { WebContext } from '../context.ts';
import { PageNoQuery, rowId, text } from '../validation.ts';
import { messagePage } from '../views/layout.ts';
import { secretOncePage, userPage, usersPage } from '../views/users.ts';

const csrf = { _csrf: text(100).optional() };
const CsrfOnly = z.strictObject(csrf);
const NameParams = z.strictObject({ name: text(64) });
const TokenParams = z.strictObject({ name: text(64), id: rowId('token') });
const NoticeQuery = z.object({ done: text(200).optional() });
const AddForm = z.strictObject({ ...csrf, name: text(64), role: text(20) });
const TokenForm = z.strictObject({ ...csrf, label: text(100).optional(), days: text(6).optional() });

type Named = { Params: z.infer<typeof NameParams>; Body: z.infer<typeof CsrfOnly> };

/**
 * The users page for ops: what `raqib users` does, in the web app. Actions that end access (disable, end
 * sessions, new password, revoke a token) also end the live streams opened with it, here and at once.
 */
export function userPages(app: FastifyInstance, ctx: WebContext): void {
  const back = (reply: FastifyReply, name: string, done: string) =>
    reply.redirect(`/users/${encodeURIComponent(name)}?done=${encodeURIComponent(done)}`, 303);
  const failed = (req: FastifyRequest, reply: FastifyReply, e: unknown) => {
    if (!(e instanceof AccountError)) throw e;
    return reply
      .code(e.statusCode)
      .type('text/html')
      .send(messagePage(req.principal, e.statusCode === 404 ? 'Not found' : 'Not done', e.message).value);
  };

  app.get<{ Querystring: z.infer<typeof NoticeQuery> }>(
    '/users',
    { config: { role: 'ops' }, schema: { querystring: NoticeQuery } },
    async (req, reply) => reply.type('text/html').send(usersPage(req.principal!, await listUsers(ctx.pool), req.query.done ?? null).value),
  );

  app.post<{ Body: z.infer<typeof AddForm> }>(
    '/users',
    { config: { role: 'ops' }, schema: { body: AddForm, querystring: PageNoQuery } },
    async (req, reply) => {
      try {
        const password = generatePassword();
        const u = await addAccount(ctx.pool, req.body.name, req.body.role, password, false);
        req.log.info({ user: u.name, role: u.role, by: req.principal?.name }, 'account added');
        const page = secretOncePage(
          req.principal!,
          `Account ${u.name} added`,
          `The password of ${u.name} (${u.role}) is below.`,
          password,
          `/users/${encodeURIComponent(u.name)}`,
        );
        return reply.type('text/html').send(page.value);
      } catch (e) {
        return failed(req, reply, e);
      }
    },
  );

  app.get<{ Params: z.infer<typeof NameParams>; Querystring: z.infer<typeof NoticeQuery> }>(
    '/users/:name',
    { config: { role: 'ops' }, schema: { params: NameParams, querystring: NoticeQuery } },
    async (req, reply) => {
      const [u] = await listUsers(ctx.pool, req.params.name);
      if (!u) return failed(req, reply, new AccountError(`no account named "${req.params.name}"`, 404));
      const [sessions, tokens] = await Promise.all([listSessions(ctx.pool, u.id), listApiTokens(ctx.pool, u.id)]);
      return reply.type('text/html').send(userPage(req.principal!, u, sessions, tokens, req.query.done ?? null).value);
    },
  );

  const named = { config: { role: 'ops' as const }, schema: { params: NameParams, body: CsrfOnly, querystring: PageNoQuery } };

  app.post<Named>('/users/:name/disable', named, async (req, reply) => {
    try {
      if (req.params.name === req.principal!.name) throw new AccountError('you cannot disable your own account here (raqib users disable does)');
      const { user, endedSessions } = await disableAccount(ctx.pool, req.params.name);
      ctx.streams.endUser(user.id, 'your account was disabled');
      req.log.info({ user: user.name, by: req.principal?.name, endedSessions: endedSessions.length }, 'account disabled');
      return back(reply, user.name, `${user.name} is disabled; ${endedSessions.length} sessions ended.`);
    } catch (e) {
      return failed(req, reply, e);
    }
  });

  app.post<Named>('/users/:name/enable', named, async (req, reply) => {
    try {
      const user = await enableAccount(ctx.pool, req.params.name);
      req.log.info({ user: user.name, by: req.principal?.name }, 'account enabled');
      return back(reply, user.name, `${user.name} is enabled.`);
    } catch (e) {
      return failed(req, reply, e);
    }
  });

  app.post<Named>('/users/:name/unlock', named, async (req, reply) => {
    try {
      await requireUser(ctx.pool, req.params.name);
      const had = await unlockAccount(ctx.pool, req.params.name);
      req.log.info({ user: req.params.name, by: req.principal?.name }, 'login lock lifted');
      return back(
        reply,
        req.params.name,
        had ? `${req.params.name} is unlocked and its failed logins forgotten.` : `${req.params.name} was not locked.`,
      );
    } catch (e) {
      return failed(req, reply, e);
    }
  });

  app.post<Named>('/users/:name/revoke-sessions', named, async (req, reply) => {
    try {
      const { user, endedSessions } = await revokeSessions(ctx.pool, req.params.name);
      ctx.streams.endSessions(endedSessions, 'your session was ended by ops');
      req.log.info({ user: user.name, by: req.principal?.name, endedSessions: endedSessions.length }, 'sessions ended');
      return back(reply, user.name, `${endedSessions.length} sessions of ${user.name} ended.`);
    } catch (e) {
      return failed(req, reply, e);
    }
  });

  app.post<Named>('/users/:name/passwd', named, async (req, reply) => {
    try {
      const { password, endedSessions } = await resetPassword(ctx.pool, req.params.name, null);
      ctx.streams.endSessions(endedSessions, 'your password was changed');
      req.log.info({ user: req.params.name, by: req.principal?.name }, 'password set');
      const page = secretOncePage(
        req.principal!,
        `New password for ${req.params.name}`,
        `Its sessions were ended (${endedSessions.length}); the new password is below.`,
        password,
        `/users/${encodeURIComponent(req.params.name)}`,
      );
      return reply.type('text/html').send(page.value);
    } catch (e) {
      return failed(req, reply, e);
    }
  });

  app.post<{ Params: z.infer<typeof NameParams>; Body: z.infer<typeof TokenForm> }>(
    '/users/:name/tokens',
    { config: { role: 'ops' }, schema: { params: NameParams, body: TokenForm, querystring: PageNoQuery } },
    async (req, reply) => {
      try {
        const days = req.body.days ? (/^\d{1,6}$/.test(req.body.days) ? Number(req.body.days) : NaN) : null;
        const { id, token } = await issueToken(ctx.pool, req.params.name, req.body.label ?? '', days);
        req.log.info({ user: req.params.name, token: id, by: req.principal?.name }, 'API token created');
        const page = secretOncePage(
          req.principal!,
          `API token ${id} for ${req.params.name}`,
          'Send it as "Authorization: Bearer <token>". Only its hash is stored.',
          token,
          `/users/${encodeURIComponent(req.params.name)}`,
        );
        return reply.type('text/html').send(page.value);
      } catch (e) {
        return failed(req, reply, e);
      }
    },
  );

  app.post<{ Params: z.infer<typeof TokenParams>; Body: z.infer<typeof CsrfOnly> }>(
    '/users/:name/tokens/:id/revoke',
    { config: { role: 'ops' }, schema: { params: TokenParams, body: CsrfOnly, querystring: PageNoQuery } },
    async (req, reply) => {
      try {
        const user = await requireUser(ctx.pool, req.params.name);
        const hash = await revokeToken(ctx.pool, req.params.id, user.id);
        ctx.streams.endTokens([hash], 'your API token was revoked');
        req.log.info({ user: user.name, token: req.params.id, by: req.principal?.name }, 'API token revoked');
        return back(reply, user.name, `Token ${req.params.id} is revoked.`);
      } catch (e) {
        return failed(req, reply, e);
      }
    },
  );
}
