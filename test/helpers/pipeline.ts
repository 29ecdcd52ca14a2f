import { randomBytes } from 'node:crypto';
import { resetSettings } from '../../config/settings.ts';
import { upsertFigures } from '../../db/sql/upsertFigures.ts';
import { loadWatchlist } from '../../config/watchlistSchema.ts';
import { log } from '../../lib/log.ts';
import { openQueues, type OpenQueues } from '../../queues/connection.ts';
import type { Stage } from '../../queues/names.ts';
import { runWorkers, type RunningWorkers } from '../../workers/runWorkers.ts';
import type { TestDb } from './db.ts';

export interface TestPipeline {
  queues: OpenQueues;
  workers: RunningWorkers;
  prefix: string;
  close(): Promise<void>;
}

/**
 * Workers of the given stages in this process against the test's own database and a queue prefix of its own
 * on the real Redis. Settings are read from the environment, so it is set first.
 */
export async function startTestPipeline(db: TestDb, stages: Stage[], env: Record<string, string> = {}): Promise<TestPipeline> {
  const prefix = `{raqib-test-${randomBytes(4).toString('hex')}}`;
  Object.assign(process.env, {
    DATABASE_URL: db.url,
    RAQIB_QUEUE_PREFIX: prefix,
    RAQIB_METRICS_PORT: '-1',
    RAQIB_HOST_INTERVAL_MS: '0',
    RAQIB_HOST_CONCURRENCY: '100',
    ...env,
  });
  resetSettings();
  const w = loadWatchlist('config/watchlist.yaml');
  await upsertFigures(
    db.pool,
    w.figures.map((f) => ({ id: f.id, name: f.name, spec: f })),
  );
  const queues = openQueues();
  const workers = await runWorkers(stages, db.pool, log);
  return {
    queues,
    workers,
    prefix,
    async close() {
      await workers.close();
      await Promise.all(queues.all.map((q) => q.obliterate({ force: true }).catch(() => {})));
      await queues.close();
    },
  };
}

/** Polls until check() returns a truthy value, or fails naming what it waited for. */
export async function waitFor<T>(what: string, check: () => Promise<T | null | undefined | false>, timeoutMs = 20_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < until) {
    try {
      const v = await check();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? ` (last error: ${(last as Error).message})` : ''}`);
}

/** Enqueues one fetch of a feed and waits until that job has finished, one way or the other. */
export async function fetchFeedNow(p: TestPipeline, feedId: string, timeoutMs = 20_000) {
  const job = await p.queues.fetch.add('fetch', { feedId });
  await waitFor(`fetch of ${feedId}`, async () => (await job.isCompleted()) || (await job.isFailed()), timeoutMs);
  return job;
}
