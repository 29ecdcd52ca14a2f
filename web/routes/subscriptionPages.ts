import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { createSubscription } from '../../db/sql/createSubscription.ts';
import { deleteSubscription } from '../../db/sql/deleteSubscription.ts';
import { listDeliveries } from '../../db/sql/listDeliveries.ts';
import { listSubscriptions } from '../../db/sql/listSubscriptions.ts';
import type { WebContext } from '../context.ts';
import { subscriptionsPage } from '../views/subscriptions.ts';
import { filterChoices } from './alertPages.ts';
import { IdParams, PageNoQuery, text } from '../validation.ts';
import { parseSubscription, SubscriptionForm } from './subscriptionInput.ts';

const SubscriptionParams = IdParams('subscription');
const CsrfOnly = z.strictObject({ _csrf: text(100).optional() });

export function subscriptionPages(app: FastifyInstance, ctx: WebContext): void {
  const render = async (userId: number, error: string | null) => {
    const [subs, log, { figures }] = await Promise.all([listSubscriptions(ctx.pool, userId), listDeliveries(ctx.pool, userId), filterChoices(ctx)]);
    return { subs, log, figures, error };
  };

  app.get('/subscriptions', { schema: { querystring: PageNoQuery } }, async (req, reply) => {
    const v = await render(req.principal!.userId, null);
    return reply.type('text/html').send(subscriptionsPage(req.principal!, v.subs, v.log, v.figures, null).value);
  });

  app.post<{ Body: z.infer<typeof SubscriptionForm> }>(
    '/subscriptions',
    { schema: { body: SubscriptionForm, querystring: PageNoQuery } },
    async (req, reply) => {
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
    },
  );

  app.post<{ Params: z.infer<typeof SubscriptionParams>; Body: z.infer<typeof CsrfOnly> }>(
    '/subscriptions/:id/delete',
    { schema: { params: SubscriptionParams, body: CsrfOnly, querystring: PageNoQuery } },
    async (req, reply) => {
      await deleteSubscription(ctx.pool, req.principal!.userId, req.params.id);
      return reply.redirect('/subscriptions', 303);
    },
  );
}
