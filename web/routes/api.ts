import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { FeedConfig } from '../../config/feedsSchema.ts';
import { explainCadence } from '../../lib/feeds/cadence.ts';
import { settings } from '../../config/settings.ts';
import { createSubscription } from '../../db/sql/createSubscription.ts';
import { deleteSubscription } from '../../db/sql/deleteSubscription.ts';
import { getAlert, type AlertDetailRow } from '../../db/sql/getAlert.ts';
import { getItemWithMentions } from '../../db/sql/getItemWithMentions.ts';
import { insertFeed } from '../../db/sql/insertFeed.ts';
import { listAlerts, type AlertListRow } from '../../db/sql/listAlerts.ts';
import { listDeliveries } from '../../db/sql/listDeliveries.ts';
import { listFeedsWithHealth } from '../../db/sql/listFeedsWithHealth.ts';
import { listFiguresWithState } from '../../db/sql/listFiguresWithState.ts';
import { listAlertSources } from '../../db/sql/listAlertSources.ts';
import { listEventsOfAlert } from '../../db/sql/listEventsOfAlert.ts';
import { eventJson } from './rumorApi.ts';
import { listSubscriptions } from '../../db/sql/listSubscriptions.ts';
import { updateFeedSettings } from '../../db/sql/updateFeedSettings.ts';
import { translationView } from '../../lib/translate/translationView.ts';
import type { WebContext } from '../context.ts';
import { flag, IdParams, NoQuery, text, wholeNumber } from '../validation.ts';
import { AlertApiQuery, alertQuery, nextPageQuery } from './alertQuery.ts';
import { FeedBody } from './feedInput.ts';
import { parseSubscription, SubscriptionJson } from './subscriptionInput.ts';

export function alertJson(a: AlertListRow) {
  return {
    id: a.id,
    kind: a.kind,
    priority: a.priority,
    figure: { id: a.figure_id, name: a.figure_name_en ?? a.figure_name, nameAr: a.figure_name },
    outlet: a.feed_id ? { id: a.feed_id, name: a.feed_name } : null,
    lang: a.lang,
    placeId: a.place_id,
    storyId: a.story_id,
    itemId: a.item_id,
    url: a.item_url,
    snippet: a.snippet,
    snippetMarks: a.snippet_marks,
    snippetEn: a.snippet_en,
    createdAt: a.created_at,
    updatedAt: a.updated_at,
    /** the first source's publication time (else its first fetch), the latest activity, outlets and the first of them */
    publishedAt: a.published_at,
    activityAt: a.activity_at,
    outletCount: a.outlet_count,
    firstOutlet: a.first_feed_id ? { id: a.first_feed_id, name: a.first_feed_name } : null,
    firstItemId: a.first_item_id,
    upgradedAt: a.upgraded_at,
    upgradedFrom: a.upgraded_from,
    eventId: a.event_id,
    rumorId: a.rumor_id,
  };
}

function alertDetailJson(a: AlertDetailRow) {
  return {
    ...alertJson(a),
    detail: a.detail,
    item: a.item_id
      ? {
          id: a.item_id,
          title: a.item_title,
          body: a.item_body,
          titleEn: a.item_title_en,
          bodyEn: a.item_body_en,
          publishedAt: a.item_published_at,
          lang: a.item_lang,
        }
      : null,
    // where the English stands (translated, pending, no_model with the fix…); null for alerts without an item
    translation: a.item_id
      ? translationView({
          lang: a.item_lang,
          translation_status: a.item_translation_status,
          translation_model: a.item_translation_model,
          lang_state: a.lang_state,
          lang_model: a.lang_model,
        })
      : null,
    mentions: a.mention_ranges.map(([start, end]) => ({ start, end })),
  };
}

const FeedParams = z.strictObject({ id: text(64) });
const INTERVAL = { error: 'must be a whole number of seconds from 10 to 604800' };
const FeedPatch = z.strictObject({
  enabled: z.boolean({ error: 'must be true or false' }).optional(),
  intervalSeconds: z
    .number(INTERVAL)
    .int(INTERVAL)
    .min(10, INTERVAL)
    .max(7 * 86400, INTERVAL)
    .optional(),
});
const FeedTestQuery = z.strictObject({ test: flag.optional() });
type Params<T extends z.ZodType> = { Params: z.infer<T> };

export function apiRoutes(app: FastifyInstance, ctx: WebContext): void {
  const AlertId = IdParams('alert');
  const ItemId = IdParams('item');
  const SubscriptionId = IdParams('subscription');

  app.get<{ Querystring: z.infer<typeof AlertApiQuery> }>('/api/alerts', { schema: { querystring: AlertApiQuery } }, async (req) => {
    const q = alertQuery(req.query);
    const rows = await listAlerts(ctx.pool, q.filters, q.after, q.limit, q.order);
    const next = nextPageQuery(q, rows);
    return { alerts: rows.map(alertJson), next: next ? `/api/alerts?${next}` : null };
  });

  app.get<Params<typeof AlertId>>('/api/alerts/:id', { schema: { params: AlertId, querystring: NoQuery } }, async (req, reply) => {
    const id = req.params.id;
    const a = await getAlert(ctx.pool, id);
    if (!a) return reply.code(404).send({ error: `alert ${id} not found` });
    const [sources, events] = await Promise.all([listAlertSources(ctx.pool, a.id, a.item_id), listEventsOfAlert(ctx.pool, a.id)]);
    return {
      ...alertDetailJson(a),
      // every other outlet on the alert (the event's, across stories and languages), in publication order
      otherSources: sources.map((s) => ({
        itemId: s.item_id,
        title: s.title,
        url: s.url,
        outlet: { id: s.feed_id, name: s.feed_name },
        publishedAt: s.published_at,
        at: s.at,
        storyId: s.story_id,
      })),
      events: events.map(eventJson),
    };
  });

  app.get<Params<typeof ItemId>>('/api/items/:id', { schema: { params: ItemId, querystring: NoQuery } }, async (req, reply) => {
    const id = req.params.id;
    const i = await getItemWithMentions(ctx.pool, id);
    if (!i) return reply.code(404).send({ error: `item ${id} not found` });
    return {
      id: i.id,
      outlet: { id: i.feed_id, name: i.feed_name },
      guid: i.guid,
      url: i.url,
      title: i.title,
      body: i.body,
      lang: i.lang,
      publishedAt: i.published_at,
      fetchedAt: i.fetched_at,
      titleEn: i.title_en,
      bodyEn: i.body_en,
      translation: translationView(i),
      meta: i.meta,
      mentions: i.mentions,
    };
  });

  app.get('/api/figures', { schema: { querystring: NoQuery } }, async () => {
    const figures = await listFiguresWithState(ctx.pool, null, settings().RAQIB_RUMOR_QUIET_DAYS);
    return {
      figures: figures.map((f) => ({
        id: f.id,
        name: f.name,
        spec: f.spec,
        lastSeenAt: f.last_seen_at,
        lastSeenPlace: f.last_seen_place,
        lastSeenItemId: f.last_seen_item_id,
        lastMentionAt: f.last_mention_at,
        lastMentionItemId: f.last_mention_item_id,
        daysSilent: f.days_silent,
        alerts30d: f.alerts_30d,
        openRumors: f.open_rumors.map((r) => ({
          id: r.id,
          harm: r.harm,
          firstSource: { itemId: r.firstItemId, outlet: r.firstFeedId ? { id: r.firstFeedId, name: r.firstFeedName } : null, at: r.firstAt },
          answerCount: r.answerCount,
          answeredAt: r.answeredAt,
        })),
      })),
    };
  });

  app.get('/api/feeds', { schema: { querystring: NoQuery } }, async () => {
    const feeds = await listFeedsWithHealth(ctx.pool);
    return {
      feeds: feeds.map((f) => ({
        id: f.id,
        name: f.name,
        kind: f.kind,
        url: f.url,
        enabled: f.enabled,
        intervalSeconds: f.interval_seconds,
        effectiveIntervalSeconds: f.effective_interval_seconds ?? f.interval_seconds,
        // why the effective interval differs from the set one (lib/feeds/cadence.ts), in a code and in words
        cadenceReason: f.cadence_reason ?? (f.pinned ? 'pinned' : 'set'),
        cadence: explainCadence(f),
        pinned: f.pinned,
        maxIntervalSeconds: f.max_interval_seconds,
        healthy: f.healthy,
        lastSuccessAt: f.last_success_at,
        lastError: f.last_error,
        lastErrorKind: f.last_error_kind,
        lastErrorAt: f.last_error_at,
        failuresInARow: f.consecutive_failures,
        itemsPerDay: f.items_per_day,
        medianFetchMs: f.median_fetch_ms,
      })),
    };
  });

  app.patch<Params<typeof FeedParams> & { Body: z.infer<typeof FeedPatch> }>(
    '/api/feeds/:id',
    { config: { role: 'ops' }, schema: { params: FeedParams, body: FeedPatch, querystring: NoQuery } },
    async (req, reply) => {
      const b = req.body;
      const change: { enabled?: boolean; intervalSeconds?: number } = {};
      if (b.enabled !== undefined) change.enabled = b.enabled;
      if (b.intervalSeconds !== undefined) change.intervalSeconds = b.intervalSeconds;
      if (change.enabled === undefined && change.intervalSeconds === undefined)
        return reply.code(400).send({ error: 'send enabled and/or intervalSeconds' });
      const row = await updateFeedSettings(ctx.pool, req.params.id, change);
      if (!row) return reply.code(404).send({ error: `feed ${req.params.id} not found` });
      req.log.info({ feed: row.id, by: req.principal?.name, ...change }, 'feed settings changed');
      return { id: row.id, enabled: row.enabled, intervalSeconds: row.interval_seconds };
    },
  );

  // ?test=1 fetches once and returns what it found without saving
  app.post<{ Body: FeedConfig; Querystring: z.infer<typeof FeedTestQuery> }>(
    '/api/feeds',
    { config: { role: 'ops' }, schema: { body: FeedBody, querystring: FeedTestQuery } },
    async (req, reply) => {
      const feed = req.body;
      if (req.query.test) {
        const result = await ctx.testFetch(feed);
        return {
          feed,
          items: result.items.map((i) => ({ guid: i.guid, title: i.title, link: i.url, published: i.publishedAt, text: i.text })),
        };
      }
      const created = await insertFeed(ctx.pool, feed);
      req.log.info({ feed: feed.id, by: req.principal?.name, created }, 'feed saved');
      return reply.code(created ? 201 : 200).send({ id: feed.id, created });
    },
  );

  app.get('/api/subscriptions', { schema: { querystring: NoQuery } }, async (req) => {
    const subs = await listSubscriptions(ctx.pool, req.principal!.userId);
    return { subscriptions: subs.map(({ secret, ...s }) => ({ ...s, hasSecret: !!secret })) };
  });

  app.post<{ Body: z.infer<typeof SubscriptionJson> }>(
    '/api/subscriptions',
    { schema: { body: SubscriptionJson, querystring: NoQuery } },
    async (req, reply) => {
      const parsed = parseSubscription(req.body, req.principal!);
      if (typeof parsed === 'string') return reply.code(400).send({ error: parsed });
      const s = await createSubscription(ctx.pool, parsed);
      return reply.code(201).send({ id: s.id });
    },
  );

  app.delete<Params<typeof SubscriptionId>>(
    '/api/subscriptions/:id',
    { schema: { params: SubscriptionId, querystring: NoQuery } },
    async (req, reply) => {
      const id = req.params.id;
      if (!(await deleteSubscription(ctx.pool, req.principal!.userId, id))) return reply.code(404).send({ error: `subscription ${id} not found` });
      return reply.code(204).send();
    },
  );

  app.get('/api/deliveries', { schema: { querystring: NoQuery } }, async (req) => ({
    deliveries: await listDeliveries(ctx.pool, req.principal!.userId),
  }));
}
