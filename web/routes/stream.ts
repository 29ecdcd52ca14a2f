import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { listAlertNoticesAfter } from '../../db/sql/listAlertNoticesAfter.ts';
import type { WebContext } from '../context.ts';
import type { AlertNotice } from '../sse.ts';
import { AlertPageQuery } from './alertQuery.ts';

const HEARTBEAT_MS = 25_000;
// most alerts replayed to a client coming back after a dropped connection
const REPLAY_LIMIT = 200;

// the alerts page passes all its filters; the stream narrows by figure and kind, the page's row fetch by the rest
const StreamQuery = AlertPageQuery;

/**
 * GET /api/stream: Server-Sent Events, one `alert` event per inserted or updated alert, optionally only for
 * ?figure= and ?kind=. The event id is the alert id, so a browser reconnecting sends Last-Event-ID and gets
 * the alerts inserted meanwhile. Comments every 25 s keep proxies from closing the stream. The stream ends
 * with an `end` event when its session or token does (see web/liveStreams.ts).
 */
export function streamRoute(app: FastifyInstance, ctx: WebContext): void {
  // hijacked responses are outside Fastify's bookkeeping: end them so close() does not wait for clients
  app.addHook('onClose', async () => {
    ctx.streams.close();
  });

  app.get<{ Querystring: z.infer<typeof StreamQuery> }>('/api/stream', { schema: { querystring: StreamQuery } }, async (req, reply) => {
    const figure = req.query.figure || null;
    const kind = req.query.kind || null;
    const lastId = /^\d{1,15}$/.test(String(req.headers['last-event-id'] ?? '')) ? Number(req.headers['last-event-id']) : 0;
    const missed = lastId > 0 ? await listAlertNoticesAfter(ctx.pool, lastId, figure, kind, REPLAY_LIMIT) : [];
    const p = req.principal!;
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
    // the NOTIFY of an insert the client already has (before Last-Event-ID, or just replayed) may still be on
    // its way to the listener: an insert is news only once; updates of older alerts still go out
    const seenUpTo = Math.max(lastId, ...missed.map((m) => m.id));
    const unsubscribe = ctx.listener.subscribe((n) => {
      if (n.op === 'insert' && n.id <= seenUpTo) return;
      send(n);
    });
    const heartbeat = setInterval(() => res.write(': ping\n\n'), HEARTBEAT_MS);
    const done = () => {
      clearInterval(heartbeat);
      unsubscribe();
      forget();
    };
    const forget = ctx.streams.add({
      userId: p.userId,
      sessionHash: p.sessionHash,
      tokenHash: p.tokenHash,
      end(reason) {
        done();
        res.end(`event: end\ndata: ${JSON.stringify({ reason })}\n\n`);
      },
    });
    req.raw.on('close', done);
    res.on('error', done);
  });
}
