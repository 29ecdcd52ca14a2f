import { UnrecoverableError, Worker } from 'bullmq';
import type pg from 'pg';
import { settings } from '../config/settings.ts';
import type { Logger } from '../lib/log.ts';
import { observeWorker } from '../lib/metrics.ts';
import { logQueueErrorsTo, openQueues, redisConnection } from '../queues/connection.ts';
import { QUEUES, type Stage } from '../queues/names.ts';
import type { StageContext } from './stage.ts';
import { STAGE_MODULES } from './stages.ts';

export interface RunningWorkers {
  workers: Worker[];
  /** Stops taking jobs, lets the jobs in hand finish (or return them to the queue), frees resources. */
  close(): Promise<void>;
}

export function parseConcurrency(spec: string): Partial<Record<Stage, number>> {
  const out: Partial<Record<Stage, number>> = {};
  for (const part of spec
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const [k, v] = part.split('=');
    if (!(k in QUEUES) || !/^\d+$/.test(v ?? ''))
      throw new Error(`RAQIB_CONCURRENCY: "${part}" is not <stage>=<number> (stages: ${Object.keys(QUEUES).join(', ')})`);
    out[k as Stage] = Number(v);
  }
  return out;
}

/** Starts one BullMQ worker per stage in this process, sharing the Postgres pool and the producers. */
export async function runWorkers(stages: Stage[], pool: pg.Pool, log: Logger): Promise<RunningWorkers> {
  const s = settings();
  logQueueErrorsTo(log);
  const queues = openQueues();
  const ctx: StageContext = { pool, queues, log };
  const overrides = parseConcurrency(s.RAQIB_CONCURRENCY);
  const workers: Worker[] = [];
  const teardowns: Array<() => Promise<void>> = [];
  for (const stage of stages) {
    const def = (await STAGE_MODULES[stage]()).default;
    const resources = def.setup ? await def.setup(ctx) : undefined;
    if (def.teardown) teardowns.push(() => def.teardown!(resources));
    const connection = redisConnection(undefined, (attempt, delay) =>
      log.warn({ stage, attempt, delayMs: delay }, `worker ${stage}: Redis unreachable, reconnecting`),
    );
    const worker = new Worker(
      QUEUES[stage],
      async (job, token) => {
        const jlog = log.child({ stage, jobId: job.id, ...(job.data as object) });
        try {
          return await def.handle(job as never, { ...ctx, log: jlog }, resources, token);
        } catch (e) {
          if (!(e instanceof UnrecoverableError))
            jlog.warn({ err: (e as Error).message, attempt: job.attemptsMade + 1 }, `${stage} job failed, will retry`);
          throw e;
        }
      },
      {
        connection,
        prefix: s.RAQIB_QUEUE_PREFIX,
        concurrency: overrides[stage] ?? def.concurrency,
        lockDuration: s.RAQIB_LOCK_MS,
        stalledInterval: s.RAQIB_STALLED_CHECK_MS,
        // a job whose worker was killed is retried, not failed: crashes are not the job's fault
        maxStalledCount: 50,
      },
    );
    worker.on('error', (e) => log.warn({ stage, err: e.message }, `worker ${stage}: ${e.message}`));
    worker.on('failed', (job, e) => {
      if (job && job.attemptsMade >= (job.opts.attempts ?? 1)) log.error({ stage, jobId: job.id, err: e.message }, `${stage} job failed for good`);
    });
    observeWorker(worker, stage);
    workers.push(worker);
    log.info({ stage, concurrency: worker.opts.concurrency }, `worker ${stage} started`);
  }
  return {
    workers,
    async close() {
      await Promise.all(workers.map((w) => w.close()));
      for (const t of teardowns) await t().catch(() => {});
      await queues.close();
    },
  };
}
