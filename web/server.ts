import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type pg from 'pg';
import { settings } from '../config/settings.ts';
import { log as rootLog, type Logger } from '../lib/log.ts';
import type { Queues } from '../queues/connection.ts';
import { registerAuth, wantsJson } from './auth/plugin.ts';
import type { WebContext } from './context.ts';
import { alertPages } from './routes/alertPages.ts';
import { QueryError } from './routes/alertQuery.ts';
import { apiRoutes } from './routes/api.ts';
import { assetRoutes } from './routes/assets.ts';
import { feedPages } from './routes/feedPages.ts';
import { figurePages } from './routes/figurePages.ts';
import { opsRoutes, QUEUES_PATH } from './routes/ops.ts';
import { rumorApiRoutes } from './routes/rumorApi.ts';
import { sessionRoutes } from './routes/session.ts';
import { streamRoute } from './routes/stream.ts';
import { subscriptionPages } from './routes/subscriptionPages.ts';
import { AlertListener } from './sse.ts';
import { messagePage } from './views/layout.ts';

// Item text is untrusted: nothing inline runs, nothing loads from elsewhere, forms post only to us.
const CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
// bull-board is a React app that sets inline styles and a <base>; it still runs no inline script, and its
// Google Fonts stylesheet stays blocked (no request leaves for a third party)
const CSP_QUEUES =
  "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'self'";

export interface WebOptions {
  pool: pg.Pool;
  /** the URL of the same database, for the one LISTEN connection */
  databaseUrl: string;
  /** BullMQ queues to show under /ops/queues; without them that page is absent */
  queues?: Queues | null;
  log?: Logger;
  testFetch?: WebContext['testFetch'];
  sessionHours?: number;
  secureCookie?: boolean;
}

export interface WebApp {
  app: FastifyInstance;
  listener: AlertListener;
  /** stops the server, the listener and every open stream (not the pool or queues, which the caller owns) */
  close(): Promise<void>;
}

async function defaultTestFetch(feed: Parameters<WebContext['testFetch']>[0]) {
  const [{ fetchFeed }, { limitsFromSettings }] = await Promise.all([import('../lib/fetch/fetchSource.ts'), import('../lib/fetch/limits.ts')]);
  return fetchFeed(feed, {}, limitsFromSettings(settings()));
}

export async function buildWebApp(opts: WebOptions): Promise<WebApp> {
  const log = opts.log ?? rootLog;
  const listener = new AlertListener(opts.databaseUrl, log.child({ component: 'alert-listener' }));
  const ctx: WebContext = {
    pool: opts.pool,
    log,
    listener,
    testFetch: opts.testFetch ?? defaultTestFetch,
    sessionHours: opts.sessionHours ?? settings().RAQIB_SESSION_HOURS,
    secureCookie: opts.secureCookie ?? settings().RAQIB_WEB_SECURE_COOKIE,
  };
  const app = Fastify({ loggerInstance: log.child({ component: 'web' }) as FastifyBaseLogger, forceCloseConnections: true, bodyLimit: 1024 * 1024 });
  await app.register(cookie);
  await app.register(formbody);

  app.addHook('onSend', async (req, reply, payload) => {
    reply.header('content-security-policy', req.url.startsWith(QUEUES_PATH) ? CSP_QUEUES : CSP);
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'same-origin');
    reply.header('x-frame-options', 'DENY');
    if (!reply.hasHeader('cache-control') && !req.url.startsWith('/public/')) reply.header('cache-control', 'no-store');
    // time spent in the app (queries and rendering), for browsers' dev tools and scripts/bench-web.ts
    reply.header('server-timing', `app;dur=${reply.elapsedTime.toFixed(1)}`);
    return payload;
  });

  const forbidden = (req: FastifyRequest, reply: FastifyReply, msg: string) =>
    wantsJson(req)
      ? reply.code(403).send({ error: msg })
      : reply
          .code(403)
          .type('text/html')
          .send(messagePage(req.principal, 'Not allowed', msg).value);
  registerAuth(app, opts.pool, forbidden);

  app.setErrorHandler((err: Error & { statusCode?: number }, req, reply) => {
    const status = err instanceof QueryError ? 400 : err.statusCode && err.statusCode < 500 ? err.statusCode : 500;
    if (status >= 500) req.log.error({ err, url: req.url }, 'request failed');
    const msg = status >= 500 ? 'internal error; see the web log' : err.message;
    return wantsJson(req)
      ? reply.code(status).send({ error: msg })
      : reply
          .code(status)
          .type('text/html')
          .send(messagePage(req.principal, status >= 500 ? 'Error' : 'Bad request', msg).value);
  });
  app.setNotFoundHandler((req, reply) =>
    wantsJson(req)
      ? reply.code(404).send({ error: `no route ${req.method} ${req.url.split('?')[0]}` })
      : reply
          .code(404)
          .type('text/html')
          .send(messagePage(req.principal, 'Not found', 'There is no such page.').value),
  );

  assetRoutes(app, ctx);
  sessionRoutes(app, ctx);
  alertPages(app, ctx);
  figurePages(app, ctx);
  feedPages(app, ctx);
  subscriptionPages(app, ctx);
  apiRoutes(app, ctx);
  rumorApiRoutes(app, ctx);
  streamRoute(app, ctx);
  if (opts.queues) await opsRoutes(app, opts.queues);
  await app.ready();

  return {
    app,
    listener,
    async close() {
      await app.close();
      await listener.close();
    },
  };
}
