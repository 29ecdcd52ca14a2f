import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { settings } from '../../config/settings.ts';
import { RUMOR_STATUSES, type RumorStatus } from '../../db/rows.ts';
import type { EventListRow } from '../../db/sql/listEventsOfAlert.ts';
import { listRumors, type RumorListRow } from '../../db/sql/listRumors.ts';
import { listRumorTrail, type RumorTrailRow } from '../../db/sql/listRumorTrail.ts';
import { setRumorStatus } from '../../db/sql/setRumorStatus.ts';
import type { WebContext } from '../context.ts';
import { IdParams, lines, NoQuery, slug, text, wholeNumber } from '../validation.ts';

export function rumorJson(r: RumorListRow) {
  return {
    id: r.id,
    figure: { id: r.figure_id, name: r.figure_name },
    harm: r.harm,
    status: r.status,
    firstSource: {
      itemId: r.first_item_id,
      outlet: r.first_feed_id ? { id: r.first_feed_id, name: r.first_feed_name } : null,
      title: r.first_item_title,
      url: r.first_item_url,
      at: r.first_at,
      basis: r.first_basis,
    },
    lastClaimAt: r.last_claim_at,
    lastActivityAt: r.last_activity_at,
    claimItems: r.claim_items,
    claimOutlets: r.claim_outlets,
    answerCount: r.answer_count,
    answeredAt: r.answered_at,
    judgement: r.status_at ? { by: r.status_by, at: r.status_at, note: r.status_note } : null,
  };
}

function trailJson(t: RumorTrailRow) {
  return {
    itemId: t.item_id,
    outlet: { id: t.feed_id, name: t.feed_name },
    title: t.title,
    url: t.url,
    lang: t.lang,
    at: t.at,
    alertId: t.alert_id,
    ...(t.role === 'claim' ? { basis: t.basis } : { basis: t.answer_basis, via: t.via, namesRumor: t.names_rumor }),
  };
}

export function eventJson(e: EventListRow) {
  return {
    id: e.id,
    figureId: e.figure_id,
    type: e.type,
    placeId: e.place_id || null,
    firstAt: e.first_at,
    lastAt: e.last_at,
    firstSource: { itemId: e.first_item_id, outlet: e.first_feed_id ? { id: e.first_feed_id, name: e.first_feed_name } : null, basis: e.first_basis },
    itemCount: e.item_count,
    outletCount: e.outlet_count,
    alertId: e.alert_id,
    rumorId: e.rumor_id,
  };
}

const RumorQuery = z.strictObject({
  figure: slug().optional(),
  status: z.enum(RUMOR_STATUSES as unknown as [RumorStatus, ...RumorStatus[]]).optional(),
  limit: wholeNumber(1, 500).optional(),
});
const RumorId = IdParams('rumor');
/** What an editor may set; `stale` is set by the quiet period alone. */
const RumorJudgement = z.strictObject({
  status: z.enum(['confirmed', 'denied', 'open']),
  note: lines(2000).optional(),
  _csrf: text(100).optional(),
});

/**
 * Rumors and their answers (JSON only). Reading is for every role; setting a rumor's status needs an editor
 * (or ops). The pages show them through these routes.
 */
export function rumorApiRoutes(app: FastifyInstance, ctx: WebContext): void {
  const quietDays = () => settings().RAQIB_RUMOR_QUIET_DAYS;

  app.get<{ Querystring: z.infer<typeof RumorQuery> }>('/api/rumors', { schema: { querystring: RumorQuery } }, async (req) => {
    const q = req.query;
    const rows = await listRumors(ctx.pool, { figureId: q.figure || undefined, status: q.status }, quietDays(), q.limit ?? 100);
    return { rumors: rows.map(rumorJson) };
  });

  app.get<{ Params: z.infer<typeof RumorId> }>('/api/rumors/:id', { schema: { params: RumorId, querystring: NoQuery } }, async (req, reply) => {
    const id = req.params.id;
    const [r] = await listRumors(ctx.pool, { id }, quietDays(), 1);
    if (!r) return reply.code(404).send({ error: `rumor ${id} not found` });
    const trail = await listRumorTrail(ctx.pool, id);
    return {
      ...rumorJson(r),
      claims: trail.filter((t) => t.role === 'claim').map(trailJson),
      answers: trail.filter((t) => t.role === 'answer').map(trailJson),
    };
  });

  app.post<{ Params: z.infer<typeof RumorId>; Body: z.infer<typeof RumorJudgement> }>(
    '/api/rumors/:id/status',
    { config: { role: 'editor' }, schema: { params: RumorId, body: RumorJudgement, querystring: NoQuery } },
    async (req, reply) => {
      const id = req.params.id;
      const note = req.body.note?.trim() || null;
      if (!(await setRumorStatus(ctx.pool, id, req.body.status, req.principal!.name, note)))
        return reply.code(404).send({ error: `rumor ${id} not found` });
      req.log.info({ rumor: id, status: req.body.status, by: req.principal!.name }, 'rumor status set');
      const [r] = await listRumors(ctx.pool, { id }, quietDays(), 1);
      return rumorJson(r);
    },
  );
}
