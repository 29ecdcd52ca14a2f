import type { Job } from 'bullmq';
import type pg from 'pg';
import type { Queues } from '../queues/connection.ts';
import type { JobPayloads, Stage } from '../queues/names.ts';
import type { Logger } from '../lib/log.ts';

/** What every stage handler gets: the process's Postgres pool, producers for the next queues, a logger. */
export interface StageContext {
  pool: pg.Pool;
  queues: Queues;
  log: Logger;
}

/**
 * One pipeline stage: workers/<stage>/index.ts default-exports one of these. Handlers are thin: load by id,
 * call pure logic from lib/, write through db/sql, enqueue the next stage with ids. They must be idempotent:
 * a job may run twice (a crash after the write, before the ack).
 */
export interface StageDefinition<S extends Stage, R = unknown> {
  stage: S;
  /** Jobs in flight per process. CPU-bound stages keep this low. */
  concurrency: number;
  /** Per-process resources (a translator, a browser), made once and closed on shutdown. */
  setup?(ctx: StageContext): Promise<R>;
  teardown?(resources: R): Promise<void>;
  /** `token` is the job's lock token, for handlers that move their job (e.g. back to delayed). */
  handle(job: Job<JobPayloads[S]>, ctx: StageContext, resources: R, token?: string): Promise<unknown>;
}

export function defineStage<S extends Stage, R = undefined>(def: StageDefinition<S, R>): StageDefinition<S, R> {
  return def;
}
