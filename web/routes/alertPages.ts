import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { getAlert } from '../../db/sql/getAlert.ts';
import { listAlerts } from '../../db/sql/listAlerts.ts';
import { listAlertSources } from '../../db/sql/listAlertSources.ts';
import type { WebContext } from '../context.ts';
import { IdParams, PageNoQuery } from '../validation.ts';
import { alertDetailPage, alertRow, alertsPage, type Choice } from '../views/alerts.ts';
import { messagePage } from '../views/layout.ts';
import { AlertPageQuery, alertQuery, nextPageQuery } from './alertQuery.ts';

/** Figures and outlets for the filter menus. */
export async function filterChoices(ctx: WebContext): Promise<{ figures: Choice[]; feeds: Choice[] }> {
  const [figures, feeds] = await Promise.all([
    ctx.pool.query<Choice>('SELECT id, name FROM figures ORDER BY name, id'),
    ctx.pool.query<Choice>('SELECT id, name FROM feeds ORDER BY name, id'),
  ]);
  return { figures: figures.rows, feeds: feeds.rows };
}

const AlertParams = IdParams('alert');
type PageQuery = z.infer<typeof AlertPageQuery>;

export function alertPages(app: FastifyInstance, ctx: WebContext): void {
  app.get('/', { schema: { querystring: PageNoQuery } }, async (_req, reply) => reply.redirect('/alerts', 303));

  app.get<{ Querystring: PageQuery }>('/alerts', { schema: { querystring: AlertPageQuery } }, async (req, reply) => {
    const q = alertQuery(req.query);
    const [rows, opts] = await Promise.all([listAlerts(ctx.pool, q.filters, q.after, q.limit, q.order), filterChoices(ctx)]);
    const page = alertsPage({
      principal: req.principal!,
      rows,
      filters: q.form,
      filterQuery: q.filterQuery,
      ...opts,
      nextQuery: nextPageQuery(q, rows),
      firstPage: q.after === null,
    });
    return reply.type('text/html').send(page.value);
  });

  // one row, for the live updater: 204 when the alert does not match the page's filters
  app.get<{ Params: z.infer<typeof AlertParams>; Querystring: PageQuery }>(
    '/alerts/:id/row',
    { schema: { params: AlertParams, querystring: AlertPageQuery } },
    async (req, reply) => {
      const q = alertQuery(req.query);
      const [a] = await listAlerts(ctx.pool, { ...q.filters, id: req.params.id }, null, 1);
      if (!a) return reply.code(204).send();
      return reply.type('text/html').send(alertRow(a).value);
    },
  );

  app.get<{ Params: z.infer<typeof AlertParams> }>(
    '/alerts/:id',
    { schema: { params: AlertParams, querystring: PageNoQuery } },
    async (req, reply) => {
      const a = await getAlert(ctx.pool, req.params.id);
      if (!a)
        return reply
          .code(404)
          .type('text/html')
          .send(messagePage(req.principal, 'Not found', `There is no alert ${req.params.id}.`).value);
      // every other outlet on the alert: one event's sources span stories and languages
      const sources = await listAlertSources(ctx.pool, a.id, a.item_id);
      return reply.type('text/html').send(alertDetailPage(req.principal!, a, sources).value);
    },
  );
}
