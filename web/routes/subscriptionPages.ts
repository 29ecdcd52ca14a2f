import type { FastifyInstance } from 'fastify';
import { createSubscription } from '../../db/sql/createSubscription.ts';
import { deleteSubscription } from '../../db/sql/deleteSubscription.ts';
import { listDeliveries } from '../../db/sql/listDeliveries.ts';
import { listSubscriptions } from '../../db/sql/listSubscriptions.ts';
import type { WebContext } from '../context.ts';
import { subscriptionsPage } from '../views/subscriptions.ts';
import { filterChoices } from './alertPages.ts';
import { parseSubscription } from './subscriptionInput.ts';

export function subscriptionPages(app: FastifyInstance, ctx: WebContext): void {
  const render = async (userId: number, error: string | null) => {
    const [subs, log, { figures }] = await Promise.all([listSubscriptions(ctx.pool, userId), listDeliveries(ctx.pool, userId), filterChoices(ctx)]);
    return { subs, log, figures, error };
  };

  app.get('/subscriptions', async (req, reply) => {
    const v = await render(req.principal!.userId, null);
    return reply.type('text/html').send(subscriptionsPage(req.principal!, v.subs, v.log, v.figures, null).value);
  });

  app.post('/subscriptions', async (req, reply) => {
    const parsed = parseSubscription(req.body, req.principal!);
    if (typeof parsed === 'string') {
      const v = await render(req.principal!.userId, parsed);
      return reply
        .code(400)
        .type('text/html')
        .send(subscriptionsPage(req.principal!, v.subs, v.log, v.figures, parsed).value);
    }
    await createSubscription(ctx.pool, parsed);
    return reply.redirect('/subscriptions', 303);
  });

  app.post<{ Params: { id: string } }>('/subscriptions/:id/delete', async (req, reply) => {
    const id = Number(req.params.id);
    if (Number.isSafeInteger(id)) await deleteSubscription(ctx.pool, req.principal!.userId, id);
    return reply.redirect('/subscriptions', 303);
  });
}
