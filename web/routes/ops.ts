import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import type { IServerAdapter } from '@bull-board/api/typings/app';
import { Queue } from 'bullmq';
import type { FastifyInstance } from 'fastify';
import type { Queues } from '../../queues/connection.ts';

export const QUEUES_PATH = '/ops/queues';

/**
 * bull-board under /ops/queues, read-only; the auth hook requires the ops role for everything under /ops/.
 * (@bull-board/fastify pins @bull-board/api one patch release behind ours: same shapes, separate
 * declarations, hence the cast.)
 */
export async function opsRoutes(app: FastifyInstance, queues: Queues): Promise<void> {
  const adapter = new FastifyAdapter();
  adapter.setBasePath(QUEUES_PATH);
  const boards = Object.values(queues)
    .filter((q): q is Queue => q instanceof Queue)
    .map((q) => new BullMQAdapter(q, { readOnlyMode: true }));
  createBullBoard({ queues: boards, serverAdapter: adapter as unknown as IServerAdapter });
  await app.register(adapter.registerPlugin(), { prefix: QUEUES_PATH });
}
