import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import rateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type pg from 'pg';
import { secureCookieFrom, settings } from '../config/settings.ts';
import { log as rootLog, type Logger } from '../lib/log.ts';
import type { Queues } from '../queues/connection.ts';
import { registerAuth, wantsJson } from './auth/plugin.ts';
import { loginPolicies } from './auth/throttle.ts';
import type { WebContext } from './context.ts';
import { LiveStreams, STREAM_RECHECK_MS } from './liveStreams.ts';
import { alertPages } from './routes/alertPages.ts';
import { apiRoutes } from './routes/api.ts';
import { assetRoutes } from './routes/assets.ts';
import { feedPages } from './routes/feedPages.ts';
import { figurePages } from './routes/figurePages.ts';
import { opsRoutes, QUEUES_PATH } from './routes/ops.ts';
import { rumorApiRoutes } from './routes/rumorApi.ts';
import { sessionRoutes } from './routes/session.ts';
import { streamRoute } from './routes/stream.ts';
import { subscriptionPages } from './routes/subscriptionPages.ts';
import { userPages } from './routes/userPages.ts';
import { AlertListener } from './sse.ts';
import { useZodValidation } from './validation.ts';
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
  maxSessionsPerUser?: number;
  /** login throttling; tests shorten or widen it */
  login?: Partial<WebContext['login']>;
  /** how often open live streams are checked against the database */
  streamRecheckMs?: number;
  /** called for every request once its route is known (tests: which route did this spelling reach?) */
  onRouteMatched?: (req: FastifyRequest) => void;
}

export interface WebApp {
  app: FastifyInstance;
  listener: AlertListener;
  streams: LiveStreams;
  /** every registered route as `METHOD /pattern`, for the role-table test */
  routes: ReadonlyArray<{ method: string; url: string; schema: unknown }>;
  /** stops the server, the listener and every open stream (not the pool or queues, which the caller owns) */
  close(): Promise<void>;
}

async function defaultTestFetch(feed: Parameters<WebContext['testFetch']>[0]) {
  const [{ fetchFeed }, { limitsFromSettings }] = await Promise.all([import('../lib/fetch/fetchSource.ts'), import('../lib/fetch/limits.ts')]);
  return fetchFeed(feed, {}, limitsFromSettings(settings()));
}

/** RAQIB_WEB_TRUST_PROXY as Fastify's trustProxy: a hop count, or a list of addresses/CIDRs. */
function trustProxy(v: string): ((address: string, hop: number) => boolean) | string[] | false {
  if (!v.trim()) return false;
  if (!/^\d+$/.test(v.trim())) return v.split(',').map((s) => s.trim());
  const hops = Number(v);
  return (_address, hop) => hop < hops;
}

export async function buildWebApp(opts: WebOptions): Promise<WebApp> {
  const s = settings();
  const log = opts.log ?? rootLog;
  const listener = new AlertListener(opts.databaseUrl, log.child({ component: 'alert-listener' }));
  const streams = new LiveStreams(opts.pool, log.child({ component: 'live-streams' }), opts.streamRecheckMs ?? STREAM_RECHECK_MS);
  const ctx: WebContext = {
    pool: opts.pool,
    log,
    listener,
    streams,
    testFetch: opts.testFetch ?? defaultTestFetch,
    sessionHours: opts.sessionHours ?? s.RAQIB_SESSION_HOURS,
    secureCookie: opts.secureCookie ?? secureCookieFrom(s),
    maxSessionsPerUser: opts.maxSessionsPerUser ?? s.RAQIB_MAX_SESSIONS_PER_USER,
    login: {
      policies: opts.login?.policies ?? loginPolicies(s.RAQIB_LOGIN_LOCK_AFTER, s.RAQIB_LOGIN_LOCK_MINUTES),
      ratePerAddress: opts.login?.ratePerAddress ?? { max: 30, windowMs: 60_000 },
    },
  };
  const app = Fastify({
    loggerInstance: log.child({ component: 'web' }) as FastifyBaseLogger,
    forceCloseConnections: true,
    bodyLimit: 1024 * 1024,
    trustProxy: trustProxy(s.RAQIB_WEB_TRUST_PROXY),
  });
  const routes: Array<{ method: string; url: string; schema: unknown }> = [];
  app.addHook('onRoute', (r) => {
    for (const method of ([] as string[]).concat(r.method)) routes.push({ method, url: r.url, schema: r.schema });
  });
  useZodValidation(app);
  await app.register(cookie);
  await app.register(formbody);
  // per-address cap on login posts, checked before the body is even read; routes opt in (config.rateLimit)
  await app.register(rateLimit, { global: false });

  app.addHook('onSend', async (req, reply, payload) => {
    const route = req.routeOptions.url ?? '';
    reply.header('content-security-policy', route.startsWith(QUEUES_PATH) ? CSP_QUEUES : CSP);
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'same-origin');
    reply.header('x-frame-options', 'DENY');
    const type = reply.getHeader('content-type');
    if (typeof type === 'string' && /^text\/html\b/i.test(type) && !/charset=/i.test(type)) reply.header('content-type', `${type}; charset=utf-8`);
    if (!reply.hasHeader('cache-control') && !route.startsWith('/public/')) reply.header('cache-control', 'no-store');
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
  if (opts.onRouteMatched) app.addHook('onRequest', async (req) => opts.onRouteMatched!(req));
  registerAuth(app, opts.pool, forbidden);

  app.setErrorHandler((err: Error & { statusCode?: number }, req, reply) => {
    const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 500;
    if (status >= 500) req.log.error({ err, url: req.url }, 'request failed');
    const msg = status >= 500 ? 'internal error; see the web log' : err.message;
    return wantsJson(req)
      ? reply.code(status).send({ error: msg })
      : reply
          .code(status)
          .type('text/html')
          .send(messagePage(req.principal, status >= 500 ? 'Error' : status === 429 ? 'Too many attempts' : 'Bad request', msg).value);
  });
  app.setNotFoundHandler((req, reply) =>
    wantsJson(req)
      ? reply.code(404).send({ error: `no route ${req.method} ${req.url.split('?')[0].slice(0, 200)}` })
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
  userPages(app, ctx);
  apiRoutes(app, ctx);
  rumorApiRoutes(app, ctx);
  streamRoute(app, ctx);
  await opsRoutes(app, opts.queues ?? null);
  await app.ready();

  return {
    app,
    listener,
    streams,
    routes,
    async close() {
      await app.close();
      await listener.close();
    },
  };
}
