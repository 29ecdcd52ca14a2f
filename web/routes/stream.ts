import type { FastifyInstance } from 'fastify';
import { listAlertNoticesAfter } from '../../db/sql/listAlertNoticesAfter.ts';
import type { WebContext } from '../context.ts';
import type { AlertNotice } from '../sse.ts';

const HEARTBEAT_MS = 25_000;
// most alerts replayed to a client coming back after a dropped connection
const REPLAY_LIMIT = 200;

/**
 * GET /api/stream: Server-Sent Events, one `alert` event per inserted or updated alert, optionally only for
 * ?figure= and ?kind=. The event id is the alert id, so a browser reconnecting sends Last-Event-ID and gets
 * the alerts inserted meanwhile. Comments every 25 s keep proxies from closing the stream.
 */
export function streamRoute(app: FastifyInstance, ctx: WebContext): void {
  const open = new Set<() => void>();
  // hijacked responses are outside Fastify's bookkeeping: end them so close() does not wait for clients
  app.addHook('onClose', async () => {
    for (const end of open) end();
  });

  app.get('/api/stream', async (req, reply) => {
    const q = req.query as Record<string, unknown>;
    const figure = typeof q.figure === 'string' && q.figure ? q.figure : null;
    const kind = typeof q.kind === 'string' && q.kind ? q.kind : null;
    const lastId = Number(req.headers['last-event-id']);
    const missed = Number.isSafeInteger(lastId) && lastId > 0 ? await listAlertNoticesAfter(ctx.pool, lastId, figure, kind, REPLAY_LIMIT) : [];
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
      'x-content-type-options': 'nosniff',
    });
    res.write('retry: 3000\n: connected\n\n');
    const send = (n: AlertNotice) => {
      if ((figure && n.figureId !== figure) || (kind && n.kind !== kind)) return;
      res.write(`event: alert\nid: ${n.id}\ndata: ${JSON.stringify(n)}\n\n`);
    };
    for (const m of missed) send({ ...m, op: 'insert' });
    const unsubscribe = ctx.listener.subscribe(send);
    const heartbeat = setInterval(() => res.write(': ping\n\n'), HEARTBEAT_MS);
    const done = () => {
      clearInterval(heartbeat);
      unsubscribe();
      open.delete(end);
    };
    const end = () => {
      done();
      res.end();
    };
    open.add(end);
    req.raw.on('close', done);
    res.on('error', done);
  });
}
