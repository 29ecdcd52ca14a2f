import type { FastifyInstance } from 'fastify';
import { FigureSchema, type Figure } from '../../config/watchlistSchema.ts';
import { listAlerts } from '../../db/sql/listAlerts.ts';
import { listFiguresWithState } from '../../db/sql/listFiguresWithState.ts';
import { mentionsPerDay } from '../../db/sql/mentionsPerDay.ts';
import { updateFigureSpec } from '../../db/sql/updateFigureSpec.ts';
import { compileWatchlist, matchFigures } from '../../lib/text/matchFigures.ts';
import type { Principal } from '../auth/principal.ts';
import type { WebContext } from '../context.ts';
import { dailySeries } from '../views/chart.ts';
import { figureFormOf, figurePage, figuresPage, newFigurePage, type FigureForm, type Series } from '../views/figures.ts';
import { highlight } from '../views/highlight.ts';
import { messagePage } from '../views/layout.ts';

const DAYS = 30;
const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const lines = (v: string): string[] =>
  v
    .split(/\r?\n/)
    .map((s) => s.trim())
    .filter(Boolean);

function formOf(body: unknown): FigureForm {
  const b = (body ?? {}) as Record<string, unknown>;
  return {
    id: str(b.id).trim(),
    name: str(b.name).trim(),
    nameEn: str(b.nameEn).trim(),
    aliases: str(b.aliases),
    silenceDays: str(b.silenceDays).trim(),
  };
}

/**
 * The watchlist entry a form describes, on top of what the figure already had (surnames, titles, affiliation
 * are kept: the form edits names and aliases only). Returns the FigureSchema issues as one line when invalid.
 */
function entryOf(form: FigureForm, previous: Record<string, unknown>): Figure | string {
  const entry: Record<string, unknown> = { ...previous, id: form.id, name: form.name, aliases: lines(form.aliases) };
  if (form.nameEn) entry.nameEn = form.nameEn;
  else delete entry.nameEn;
  if (form.silenceDays) entry.silenceDays = Number(form.silenceDays);
  else delete entry.silenceDays;
  const r = FigureSchema.safeParse(entry);
  if (!r.success) return r.error.issues.map((i) => `${i.path.map(String).join('.') || 'figure'}: ${i.message}`).join('; ');
  return r.data;
}

function seriesByFigure(rows: Array<{ figure_id: string; day: string; items: number }>): Map<string, Series> {
  const counts = new Map<string, Map<string, number>>();
  for (const r of rows) {
    if (!counts.has(r.figure_id)) counts.set(r.figure_id, new Map());
    counts.get(r.figure_id)!.set(r.day, r.items);
  }
  return new Map([...counts].map(([id, c]) => [id, dailySeries(c, DAYS)]));
}

export function figurePages(app: FastifyInstance, ctx: WebContext): void {
  app.get('/figures', async (req, reply) => {
    const [figures, days] = await Promise.all([listFiguresWithState(ctx.pool), mentionsPerDay(ctx.pool, DAYS)]);
    const series = seriesByFigure(days);
    for (const f of figures) if (!series.has(f.id)) series.set(f.id, dailySeries(new Map(), DAYS));
    return reply.type('text/html').send(figuresPage(req.principal!, figures, series).value);
  });

  app.get('/figures/new', { config: { role: 'ops' } }, async (req, reply) =>
    reply.type('text/html').send(newFigurePage(req.principal!, figureFormOf(null), null).value),
  );

  const showFigure = async (id: string, principal: Principal, form: FigureForm | null, error: string | null) => {
    const [figure] = await listFiguresWithState(ctx.pool, id);
    if (!figure) return null;
    const [days, alerts] = await Promise.all([mentionsPerDay(ctx.pool, DAYS, id), listAlerts(ctx.pool, { figureId: id }, null, 20)]);
    return figurePage({
      principal,
      figure,
      series: seriesByFigure(days).get(id) ?? dailySeries(new Map(), DAYS),
      alerts,
      form: form ?? figureFormOf(figure),
      error,
    });
  };

  app.get<{ Params: { id: string } }>('/figures/:id', async (req, reply) => {
    const page = await showFigure(req.params.id, req.principal!, null, null);
    if (!page)
      return reply
        .code(404)
        .type('text/html')
        .send(messagePage(req.principal, 'Not found', `There is no figure ${req.params.id}.`).value);
    return reply.type('text/html').send(page.value);
  });

  app.post('/figures', { config: { role: 'ops' } }, async (req, reply) => {
    const form = formOf(req.body);
    const entry = entryOf(form, {});
    if (typeof entry === 'string')
      return reply
        .code(400)
        .type('text/html')
        .send(newFigurePage(req.principal!, form, entry).value);
    const [existing] = await listFiguresWithState(ctx.pool, entry.id);
    if (existing)
      return reply
        .code(409)
        .type('text/html')
        .send(newFigurePage(req.principal!, form, `A figure with id ${entry.id} exists already.`).value);
    await updateFigureSpec(ctx.pool, entry.id, entry.name, entry);
    req.log.info({ figure: entry.id, by: req.principal?.name }, 'figure added');
    return reply.redirect(`/figures/${encodeURIComponent(entry.id)}`, 303);
  });

  app.post<{ Params: { id: string } }>('/figures/:id', { config: { role: 'ops' } }, async (req, reply) => {
    const [existing] = await listFiguresWithState(ctx.pool, req.params.id);
    if (!existing)
      return reply
        .code(404)
        .type('text/html')
        .send(messagePage(req.principal, 'Not found', `There is no figure ${req.params.id}.`).value);
    const form = { ...formOf(req.body), id: existing.id };
    const entry = entryOf(form, existing.spec);
    if (typeof entry === 'string')
      return reply
        .code(400)
        .type('text/html')
        .send((await showFigure(existing.id, req.principal!, form, entry))!.value);
    await updateFigureSpec(ctx.pool, entry.id, entry.name, entry);
    req.log.info({ figure: entry.id, by: req.principal?.name, aliases: entry.aliases.length }, 'figure aliases changed');
    return reply.redirect(`/figures/${encodeURIComponent(entry.id)}`, 303);
  });

  // live preview: what the edited aliases match in a pasted text, through the production matcher
  app.post('/figures/preview', { config: { role: 'ops' } }, async (req, reply) => {
    const b = (req.body ?? {}) as Record<string, unknown>;
    const text = str(b.text).slice(0, 20_000);
    const id = str(b.id).trim();
    // an existing figure's surnames and titles count in the preview too
    const [existing] = id ? await listFiguresWithState(ctx.pool, id) : [];
    const entry = entryOf({ ...formOf(b), id: id || 'preview', name: str(b.name).trim() || 'preview' }, existing?.spec ?? {});
    if (typeof entry === 'string') return reply.code(400).send({ error: entry });
    const mentions = matchFigures(compileWatchlist({ figures: [entry] }), text);
    return {
      count: mentions.length,
      mentions,
      html: highlight(
        text,
        mentions.map((m) => [m.start, m.end] as [number, number]),
      ).value,
    };
  });
}
