import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import type { IServerAdapter } from '@bull-board/api/typings/app';
import { Queue } from 'bullmq';
import type { FastifyInstance } from 'fastify';
import type { Queues } from '../../queues/connection.ts';
import { PageNoQuery } from '../validation.ts';
import { messagePage } from '../views/layout.ts';

export const QUEUES_PATH = '/ops/queues';

/**
 * bull-board under /ops/queues, read-only; the auth hook requires the ops role for everything under /ops/.
 * (@bull-board/fastify pins @bull-board/api one patch release behind ours: same shapes, separate
 * declarations, hence the cast.)
 */
export async function opsRoutes(app: FastifyInstance, queues: Queues | null): Promise<void> {
  if (!queues) {
    // the web process was started without Redis (raqib web --no-queues): say so instead of a bare 404
    app.get('/ops/queues', { config: { role: 'ops' }, schema: { querystring: PageNoQuery } }, async (req, reply) =>
      reply
        .code(404)
        .type('text/html')
        .send(
          messagePage(
            req.principal,
            'No queue board',
            'This web process runs without Redis (raqib web --no-queues), so the queue board is not mounted.',
          ).value,
        ),
    );
    return;
  }
  const adapter = new FastifyAdapter();
  adapter.setBasePath(QUEUES_PATH);
  const boards = Object.values(queues)
    .filter((q): q is Queue => q instanceof Queue)
    .map((q) => new BullMQAdapter(q, { readOnlyMode: true }));
  createBullBoard({ queues: boards, serverAdapter: adapter as unknown as IServerAdapter });
  await app.register(adapter.registerPlugin(), { prefix: QUEUES_PATH });
}
