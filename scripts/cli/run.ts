import type { Command } from 'commander';
import { settings } from '../../config/settings.ts';
import { STAGES, type Stage } from '../../queues/names.ts';
import { checkPostgres, checkRedis } from './services.ts';

export function register(program: Command): void {
  program
    .command('start')
    .description('run the scheduler and every worker in one process (a small deployment)')
    .option('--no-migrate', 'do not apply migrations first')
    .action(async (o: { migrate: boolean }) => runProcess({ stages: STAGES, scheduler: true, migrate: o.migrate }));
  program
    .command('worker <stage>')
    .description(`run the worker of one stage (${STAGES.join(', ')}); run several processes to scale`)
    .action(async (stage: string) => {
      if (!STAGES.includes(stage as Stage)) throw new Error(`unknown stage "${stage}"; stages: ${STAGES.join(', ')}`);
      await runProcess({ stages: [stage as Stage], scheduler: false, migrate: false });
    });
  program
    .command('scheduler')
    .description('keep BullMQ schedules in step with the feeds table, sweep stalled hand-offs, apply backpressure')
    .action(async () => runProcess({ stages: [], scheduler: true, migrate: false }));
}

/**
 * A long-running process started while Postgres or Redis is down (a host reboot, a restart under compose)
 * waits for them with backoff, saying which one it waits for, instead of exiting into a supervisor's restart loop.
 */
async function waitForServices(log: import('../../lib/log.ts').Logger): Promise<void> {
  const s = settings();
  for (let attempt = 0; ; attempt++) {
    try {
      await checkPostgres(s.DATABASE_URL);
      await checkRedis(s.REDIS_URL);
      if (attempt > 0) log.info('Postgres and Redis reachable; starting');
      return;
    } catch (e) {
      const delay = Math.min(1000 * 2 ** attempt, 15_000);
      log.warn({ delayMs: delay }, `${(e as Error).message}; retrying in ${Math.round(delay / 1000)} s`);
      await new Promise((r) => setTimeout(r, delay));
    }
  }
}

/**
 * A long-running process: workers for some stages, optionally the scheduler, and the ops server
 * (/metrics, /healthz). SIGTERM/SIGINT stop taking jobs, let the jobs in hand finish or go back to the
 * queue, then exit 0.
 */
async function runProcess(o: { stages: readonly Stage[]; scheduler: boolean; migrate: boolean }): Promise<void> {
  const s = settings();
  const { log } = await import('../../lib/log.ts');
  await waitForServices(log);
  if (o.migrate) {
    const { migrateAndSeed } = await import('../../db/setup.ts');
    const r = await migrateAndSeed(s.DATABASE_URL, s.RAQIB_WATCHLIST);
    if (r.applied.length) log.info({ applied: r.applied }, 'migrations applied');
  }
  const { createPool } = await import('../../db/pool.ts');
  const { runWorkers } = await import('../../workers/runWorkers.ts');
  const { startScheduler } = await import('../../queues/scheduler.ts');
  const { openQueues, redisConnection } = await import('../../queues/connection.ts');
  const { startOpsServer, postgresCheck, redisCheck } = await import('../../lib/opsServer.ts');
  const { trackQueueDepths } = await import('../../lib/metrics.ts');

  const pool = createPool(undefined, undefined, { asyncCommit: true });
  const workers = await runWorkers([...o.stages], pool, log);
  const queues = o.scheduler ? openQueues() : null;
  const scheduler = queues ? await startScheduler({ pool, queues, log }) : null;
  if (queues) trackQueueDepths(queues.all);
  const probe = redisConnection();
  probe.on('error', () => {});
  let stopping = false;
  const ops =
    s.RAQIB_METRICS_PORT >= 0
      ? await startOpsServer({
          port: s.RAQIB_METRICS_PORT,
          checks: { postgres: postgresCheck(pool), redis: redisCheck(probe) },
          ready: () => !stopping,
        }).catch((e: Error) => {
          log.warn(e.message);
          return null;
        })
      : null;
  const what = [...(o.scheduler ? ['scheduler'] : []), ...o.stages].join(', ');
  log.info({ stages: o.stages, scheduler: o.scheduler, ops: ops?.url }, `raqib running: ${what}${ops ? ` (ops on ${ops.url})` : ''}`);

  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info(`${signal}: finishing the jobs in hand, then exiting`);
    const force = setTimeout(() => {
      log.error('shutdown took over 30 s; exiting, the jobs in hand go back to the queue as stalled');
      process.exit(1);
    }, 30_000);
    await scheduler?.close();
    await workers.close();
    await queues?.close();
    await ops?.close();
    probe.disconnect();
    await pool.end();
    clearTimeout(force);
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
  await new Promise(() => {});
}
