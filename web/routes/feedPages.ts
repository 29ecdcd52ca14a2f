import type { FastifyInstance } from 'fastify';
import { FeedConfig } from '../../config/feedsSchema.ts';
import { insertFeed } from '../../db/sql/insertFeed.ts';
import { listFeedsWithHealth } from '../../db/sql/listFeedsWithHealth.ts';
import { updateFeedSettings } from '../../db/sql/updateFeedSettings.ts';
import type { WebContext } from '../context.ts';
import { emptyFeedForm, feedsPage, newFeedPage, type NewFeedForm } from '../views/feeds.ts';
import { messagePage } from '../views/layout.ts';

const str = (v: unknown): string => (typeof v === 'string' ? v.trim() : '');

function feedFromForm(f: NewFeedForm): unknown {
  const base = { id: f.id, name: f.name, kind: f.kind, intervalSeconds: Number(f.intervalSeconds) || 300 };
  if (f.kind === 'telegram') return { ...base, channel: f.channel, ...(f.url ? { url: f.url } : {}) };
  return { ...base, url: f.url };
}

const issues = (e: { issues: Array<{ path: PropertyKey[]; message: string }> }) =>
  e.issues.map((i) => `${i.path.map(String).join('.') || 'feed'}: ${i.message}`).join('; ');

export function feedPages(app: FastifyInstance, ctx: WebContext): void {
  app.get('/feeds', async (req, reply) => {
    const q = req.query as Record<string, unknown>;
    const notice = typeof q.saved === 'string' ? `Saved ${q.saved}.` : null;
    return reply.type('text/html').send(feedsPage(req.principal!, await listFeedsWithHealth(ctx.pool), notice).value);
  });

  app.post<{ Params: { id: string } }>('/feeds/:id', { config: { role: 'ops' } }, async (req, reply) => {
    const b = (req.body ?? {}) as Record<string, unknown>;
    const interval = Number(str(b.intervalSeconds));
    if (!Number.isInteger(interval) || interval < 10 || interval > 7 * 86400)
      return reply
        .code(400)
        .type('text/html')
        .send(messagePage(req.principal, 'Bad interval', 'The interval must be a whole number of seconds from 10 to 604800.').value);
    const row = await updateFeedSettings(ctx.pool, req.params.id, { enabled: b.enabled === '1' || b.enabled === 'on', intervalSeconds: interval });
    if (!row)
      return reply
        .code(404)
        .type('text/html')
        .send(messagePage(req.principal, 'Not found', `There is no feed ${req.params.id}.`).value);
    req.log.info({ feed: row.id, by: req.principal?.name, enabled: row.enabled, intervalSeconds: row.interval_seconds }, 'feed settings changed');
    return reply.redirect(`/feeds?saved=${encodeURIComponent(row.id)}`, 303);
  });

  app.get('/feeds/new', { config: { role: 'ops' } }, async (req, reply) =>
    reply.type('text/html').send(newFeedPage(req.principal!, emptyFeedForm, { error: null, tested: null, configJson: null }).value),
  );

  app.post('/feeds/test', { config: { role: 'ops' } }, async (req, reply) => {
    const b = (req.body ?? {}) as Record<string, unknown>;
    const form: NewFeedForm = {
      id: str(b.id),
      name: str(b.name),
      kind: str(b.kind),
      url: str(b.url),
      channel: str(b.channel),
      intervalSeconds: str(b.intervalSeconds),
    };
    const page = (code: number, error: string | null, tested: Parameters<typeof newFeedPage>[2]['tested'], configJson: string | null) =>
      reply
        .code(code)
        .type('text/html')
        .send(newFeedPage(req.principal!, form, { error, tested, configJson }).value);
    const parsed = FeedConfig.safeParse(feedFromForm(form));
    if (!parsed.success) return page(400, issues(parsed.error), null, null);
    try {
      const result = await ctx.testFetch(parsed.data);
      const tested = result.items.map((i) => ({ title: i.title, link: i.url, published: i.publishedAt, text: i.text }));
      return page(200, tested.length === 0 ? 'The fetch worked but found no items.' : null, tested, JSON.stringify(parsed.data));
    } catch (e) {
      return page(422, `Test fetch failed: ${(e as Error).message}`, null, null);
    }
  });

  app.post('/feeds', { config: { role: 'ops' } }, async (req, reply) => {
    const b = (req.body ?? {}) as Record<string, unknown>;
    let raw: unknown;
    try {
      raw = JSON.parse(str(b.config));
    } catch {
      return reply
        .code(400)
        .type('text/html')
        .send(messagePage(req.principal, 'Bad feed', 'The feed to save was not sent; test it again.').value);
    }
    const parsed = FeedConfig.safeParse(raw);
    if (!parsed.success)
      return reply
        .code(400)
        .type('text/html')
        .send(messagePage(req.principal, 'Bad feed', issues(parsed.error)).value);
    await insertFeed(ctx.pool, parsed.data);
    req.log.info({ feed: parsed.data.id, by: req.principal?.name }, 'feed added from the web app');
    return reply.redirect(`/feeds?saved=${encodeURIComponent(parsed.data.id)}`, 303);
  });
}
