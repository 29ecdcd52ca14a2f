import type { FastifyInstance } from 'fastify';
import { settings } from '../../config/settings.ts';
import { RUMOR_STATUSES, type RumorStatus } from '../../db/rows.ts';
import type { EventListRow } from '../../db/sql/listEventsOfAlert.ts';
import { listRumors, type RumorListRow } from '../../db/sql/listRumors.ts';
import { listRumorTrail, type RumorTrailRow } from '../../db/sql/listRumorTrail.ts';
import { setRumorStatus } from '../../db/sql/setRumorStatus.ts';
import type { WebContext } from '../context.ts';

const SLUG = /^[A-Za-z0-9_:.-]{1,100}$/;
/** What an editor may set; `stale` is set by the quiet period alone. */
const JUDGEMENTS = ['confirmed', 'denied', 'open'] as const;
type Judgement = (typeof JUDGEMENTS)[number];

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

/**
 * Rumors and their answers (JSON only). Reading is for every role; setting a rumor's status needs an editor
 * (or ops). The pages show them through these routes.
 */
export function rumorApiRoutes(app: FastifyInstance, ctx: WebContext): void {
  const quietDays = () => settings().RAQIB_RUMOR_QUIET_DAYS;

  app.get('/api/rumors', async (req, reply) => {
    const q = req.query as Record<string, unknown>;
    const figure = typeof q.figure === 'string' ? q.figure.trim() : '';
    const status = typeof q.status === 'string' ? q.status.trim() : '';
    const limitRaw = typeof q.limit === 'string' ? q.limit.trim() : '';
    const limit = limitRaw ? Number(limitRaw) : 100;
    if (figure && !SLUG.test(figure))
      return reply.code(400).send({ error: `figure must be an id (letters, digits, - _ : .), got "${figure.slice(0, 40)}"` });
    if (status && !(RUMOR_STATUSES as readonly string[]).includes(status))
      return reply.code(400).send({ error: `status must be one of ${RUMOR_STATUSES.join(', ')} (got "${status.slice(0, 40)}")` });
    if (!Number.isInteger(limit) || limit < 1 || limit > 500)
      return reply.code(400).send({ error: `limit must be a whole number from 1 to 500 (got "${limitRaw.slice(0, 40)}")` });
    const rows = await listRumors(
      ctx.pool,
      { figureId: figure || undefined, status: (status || undefined) as RumorStatus | undefined },
      quietDays(),
      limit,
    );
    return { rumors: rows.map(rumorJson) };
  });

  app.get<{ Params: { id: string } }>('/api/rumors/:id', async (req, reply) => {
    const id = Number(req.params.id);
    if (!Number.isSafeInteger(id)) return reply.code(400).send({ error: `rumor id must be a number (got "${req.params.id.slice(0, 40)}")` });
    const [r] = await listRumors(ctx.pool, { id }, quietDays(), 1);
    if (!r) return reply.code(404).send({ error: `rumor ${id} not found` });
    const trail = await listRumorTrail(ctx.pool, id);
    return {
      ...rumorJson(r),
      claims: trail.filter((t) => t.role === 'claim').map(trailJson),
      answers: trail.filter((t) => t.role === 'answer').map(trailJson),
    };
  });

  app.post<{ Params: { id: string } }>('/api/rumors/:id/status', { config: { role: 'editor' } }, async (req, reply) => {
    const id = Number(req.params.id);
    if (!Number.isSafeInteger(id)) return reply.code(400).send({ error: `rumor id must be a number (got "${req.params.id.slice(0, 40)}")` });
    const b = (req.body ?? {}) as Record<string, unknown>;
    if (typeof b.status !== 'string' || !(JUDGEMENTS as readonly string[]).includes(b.status))
      return reply.code(400).send({ error: `status must be one of ${JUDGEMENTS.join(', ')}` });
    if (b.note !== undefined && (typeof b.note !== 'string' || b.note.length > 2000))
      return reply.code(400).send({ error: 'note must be text of at most 2000 characters' });
    const note = typeof b.note === 'string' && b.note.trim() ? b.note.trim() : null;
    if (!(await setRumorStatus(ctx.pool, id, b.status as Judgement, req.principal!.name, note)))
      return reply.code(404).send({ error: `rumor ${id} not found` });
    req.log.info({ rumor: id, status: b.status, by: req.principal!.name }, 'rumor status set');
    const [r] = await listRumors(ctx.pool, { id }, quietDays(), 1);
    return rumorJson(r);
  });
}
