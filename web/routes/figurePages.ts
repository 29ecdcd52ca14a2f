import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
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
import { lines as multiline, PageNoQuery, text } from '../validation.ts';

const DAYS = 30;
const MAX_ALIASES = 200;
const MAX_ALIAS_CHARS = 100;

/** The figure form (and the preview, which posts the same fields as JSON plus the text to try them on). */
const formFields = {
  _csrf: text(100).optional(),
  id: text(64).optional(),
  name: text(200).optional(),
  nameEn: text(200).optional(),
  aliases: multiline(MAX_ALIASES * (MAX_ALIAS_CHARS + 2)).optional(),
  silenceDays: text(10).optional(),
};
const FigureBody = z.strictObject(formFields);
const PreviewBody = z.strictObject({ ...formFields, text: multiline(20_000).optional() });
const FigureParams = z.strictObject({ id: text(100) });
type FigureRoute = { Params: z.infer<typeof FigureParams>; Body: z.infer<typeof FigureBody> };
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
  const aliases = lines(form.aliases);
  if (aliases.length > MAX_ALIASES) return `aliases: at most ${MAX_ALIASES} (got ${aliases.length})`;
  const long = aliases.find((a) => a.length > MAX_ALIAS_CHARS);
  if (long) return `aliases: each at most ${MAX_ALIAS_CHARS} characters ("${long.slice(0, 40)}…" has ${long.length})`;
  if (form.silenceDays && !/^\d{1,4}(\.\d{1,3})?$/.test(form.silenceDays))
    return `silenceDays: must be a number of days (got "${form.silenceDays.slice(0, 20)}")`;
  const entry: Record<string, unknown> = { ...previous, id: form.id, name: form.name, aliases };
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
  app.get('/figures', { schema: { querystring: PageNoQuery } }, async (req, reply) => {
    const [figures, days] = await Promise.all([listFiguresWithState(ctx.pool), mentionsPerDay(ctx.pool, DAYS)]);
    const series = seriesByFigure(days);
    for (const f of figures) if (!series.has(f.id)) series.set(f.id, dailySeries(new Map(), DAYS));
    return reply.type('text/html').send(figuresPage(req.principal!, figures, series).value);
  });

  app.get('/figures/new', { config: { role: 'ops' }, schema: { querystring: PageNoQuery } }, async (req, reply) =>
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

  app.get<{ Params: z.infer<typeof FigureParams> }>(
    '/figures/:id',
    { schema: { params: FigureParams, querystring: PageNoQuery } },
    async (req, reply) => {
      const page = await showFigure(req.params.id, req.principal!, null, null);
      if (!page)
        return reply
          .code(404)
          .type('text/html')
          .send(messagePage(req.principal, 'Not found', `There is no figure ${req.params.id}.`).value);
      return reply.type('text/html').send(page.value);
    },
  );

  app.post<FigureRoute>('/figures', { config: { role: 'ops' }, schema: { body: FigureBody, querystring: PageNoQuery } }, async (req, reply) => {
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

  app.post<FigureRoute>(
    '/figures/:id',
    { config: { role: 'ops' }, schema: { params: FigureParams, body: FigureBody, querystring: PageNoQuery } },
    async (req, reply) => {
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
    },
  );

  // live preview: what the edited aliases match in a pasted text, through the production matcher
  app.post<{ Body: z.infer<typeof PreviewBody> }>(
    '/figures/preview',
    { config: { role: 'ops' }, schema: { body: PreviewBody, querystring: PageNoQuery } },
    async (req, reply) => {
      const b = req.body;
      const sample = str(b.text);
      const id = str(b.id).trim();
      // an existing figure's surnames and titles count in the preview too
      const [existing] = id ? await listFiguresWithState(ctx.pool, id) : [];
      const entry = entryOf({ ...formOf(b), id: id || 'preview', name: str(b.name).trim() || 'preview' }, existing?.spec ?? {});
      if (typeof entry === 'string') return reply.code(400).send({ error: entry });
      const mentions = matchFigures(compileWatchlist({ figures: [entry] }), sample);
      return {
        count: mentions.length,
        mentions,
        html: highlight(
          sample,
          mentions.map((m) => [m.start, m.end] as [number, number]),
        ).value,
      };
    },
  );
}
