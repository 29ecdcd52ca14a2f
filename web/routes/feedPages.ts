import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { insertFeed } from '../../db/sql/insertFeed.ts';
import { listFeedsWithHealth } from '../../db/sql/listFeedsWithHealth.ts';
import { updateFeedSettings } from '../../db/sql/updateFeedSettings.ts';
import type { WebContext } from '../context.ts';
import { emptyFeedForm, feedsPage, newFeedPage, type NewFeedForm } from '../views/feeds.ts';
import { messagePage } from '../views/layout.ts';
import { PageNoQuery, text } from '../validation.ts';
import { FeedBody } from './feedInput.ts';

const str = (v: unknown): string => (typeof v === 'string' ? v.trim() : '');
const csrf = { _csrf: text(100).optional() };
const FeedsQuery = z.object({ saved: text(64).optional() });
const FeedParams = z.strictObject({ id: text(64) });
const FeedSettingsForm = z.strictObject({ ...csrf, enabled: text(5).optional(), intervalSeconds: text(10).optional() });
const NewFeedFormBody = z.strictObject({
  ...csrf,
  id: text(64).optional(),
  name: text(200).optional(),
  kind: text(20).optional(),
  url: text(2048).optional(),
  channel: text(64).optional(),
  intervalSeconds: text(10).optional(),
});
const SaveFeedForm = z.strictObject({ ...csrf, config: text(20_000).optional() });

function feedFromForm(f: NewFeedForm): unknown {
  const base = { id: f.id, name: f.name, kind: f.kind, intervalSeconds: Number(f.intervalSeconds) || 300 };
  if (f.kind === 'telegram') return { ...base, channel: f.channel, ...(f.url ? { url: f.url } : {}) };
  return { ...base, url: f.url };
}

const issues = (e: { issues: Array<{ path: PropertyKey[]; message: string }> }) =>
  e.issues.map((i) => `${i.path.map(String).join('.') || 'feed'}: ${i.message}`).join('; ');

export function feedPages(app: FastifyInstance, ctx: WebContext): void {
  app.get<{ Querystring: z.infer<typeof FeedsQuery> }>('/feeds', { schema: { querystring: FeedsQuery } }, async (req, reply) => {
    const q = req.query;
    const notice = typeof q.saved === 'string' ? `Saved ${q.saved}.` : null;
    return reply.type('text/html').send(feedsPage(req.principal!, await listFeedsWithHealth(ctx.pool), notice).value);
  });

  app.post<{ Params: z.infer<typeof FeedParams>; Body: z.infer<typeof FeedSettingsForm> }>(
    '/feeds/:id',
    { config: { role: 'ops' }, schema: { params: FeedParams, body: FeedSettingsForm, querystring: PageNoQuery } },
    async (req, reply) => {
      const b = req.body;
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
    },
  );

  app.get('/feeds/new', { config: { role: 'ops' }, schema: { querystring: PageNoQuery } }, async (req, reply) =>
    reply.type('text/html').send(newFeedPage(req.principal!, emptyFeedForm, { error: null, tested: null, configJson: null }).value),
  );

  app.post<{ Body: z.infer<typeof NewFeedFormBody> }>(
    '/feeds/test',
    { config: { role: 'ops' }, schema: { body: NewFeedFormBody, querystring: PageNoQuery } },
    async (req, reply) => {
      const b = req.body;
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
      const parsed = FeedBody.safeParse(feedFromForm(form));
      if (!parsed.success) return page(400, issues(parsed.error), null, null);
      try {
        const result = await ctx.testFetch(parsed.data);
        const tested = result.items.map((i) => ({ title: i.title, link: i.url, published: i.publishedAt, text: i.text }));
        return page(200, tested.length === 0 ? 'The fetch worked but found no items.' : null, tested, JSON.stringify(parsed.data));
      } catch (e) {
        return page(422, `Test fetch failed: ${(e as Error).message}`, null, null);
      }
    },
  );

  app.post<{ Body: z.infer<typeof SaveFeedForm> }>(
    '/feeds',
    { config: { role: 'ops' }, schema: { body: SaveFeedForm, querystring: PageNoQuery } },
    async (req, reply) => {
      const b = req.body;
      let raw: unknown;
      try {
        raw = JSON.parse(str(b.config));
      } catch {
        return reply
          .code(400)
          .type('text/html')
          .send(messagePage(req.principal, 'Bad feed', 'The feed to save was not sent; test it again.').value);
      }
      const parsed = FeedBody.safeParse(raw);
      if (!parsed.success)
        return reply
          .code(400)
          .type('text/html')
          .send(messagePage(req.principal, 'Bad feed', issues(parsed.error)).value);
      await insertFeed(ctx.pool, parsed.data);
      req.log.info({ feed: parsed.data.id, by: req.principal?.name }, 'feed added from the web app');
      return reply.redirect(`/feeds?saved=${encodeURIComponent(parsed.data.id)}`, 303);
    },
  );
}
