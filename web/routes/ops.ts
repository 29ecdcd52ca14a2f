import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import type { IServerAdapter } from '@bull-board/api/typings/app';
import type { FastifyInstance } from 'fastify';
import type { Queues } from '../../queues/connection.ts';

export const QUEUES_PATH = '/ops/queues';

// @bull-board/fastify pins @bull-board/api one patch release behind ours: same shapes, separate declarations
/** bull-board under /ops/queues; the auth hook requires the ops role for everything under /ops/. */
export async function opsRoutes(app: FastifyInstance, queues: Queues): Promise<void> {
  const adapter = new FastifyAdapter();
  adapter.setBasePath(QUEUES_PATH);
  createBullBoard({ queues: Object.values(queues).map((q) => new BullMQAdapter(q, { readOnlyMode: true })), serverAdapter: adapter as unknown as IServerAdapter });
  await app.register(adapter.registerPlugin(), { prefix: QUEUES_PATH });
}
