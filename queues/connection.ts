import { Queue, type ConnectionOptions, type DefaultJobOptions } from 'bullmq';
import { Redis } from 'ioredis';
import { settings } from '../config/settings.ts';
import { QUEUES, type JobPayloads, type Stage } from './names.ts';

/**
 * A Redis connection for BullMQ. Workers block on Redis, so `maxRetriesPerRequest: null` is required; the
 * retry strategy reconnects with capped backoff (a Redis restart is survived, not crash-looped).
 *
 * Every connection gets an error listener: ioredis prints "[ioredis] Unhandled error event" with a stack
 * trace (not a JSON log line) for each error of a connection nobody listens to, e.g. the fetch worker's host
 * limiter during a Redis outage. One JSON line per outage goes to the process log instead; `role` names the
 * connection in it.
 */
export function redisConnection(url = settings().REDIS_URL, onRetry?: (attempt: number, delayMs: number) => void, role = 'redis'): Redis {
  const redis = new Redis(url, {
    maxRetriesPerRequest: null,
    enableReadyCheck: true,
    retryStrategy: (attempt) => {
      const delay = Math.min(200 * 2 ** Math.min(attempt, 6), 10_000);
      onRetry?.(attempt, delay);
      return delay;
    },
  });
  let failing = false;
  redis.on('error', (e: Error) => {
    if (failing) return;
    failing = true;
    queueErrorLog?.warn({ connection: role, err: e.message }, `Redis connection (${role}): ${e.message}; reconnecting`);
  });
  redis.on('ready', () => (failing = false));
  return redis;
}

/** Retries with exponential backoff; finished jobs are trimmed so Redis memory stays bounded. */
export const DEFAULT_JOB_OPTIONS: DefaultJobOptions = {
  attempts: 8,
  backoff: { type: 'exponential', delay: 1000 },
  removeOnComplete: { count: 1000, age: 3600 },
  removeOnFail: { count: 5000, age: 7 * 86400 },
};

export type Queues = { [S in Stage]: Queue<JobPayloads[S]> };

export interface QueueOptions {
  connection?: ConnectionOptions;
  prefix?: string;
}

export function openQueue<S extends Stage>(stage: S, opts: QueueOptions = {}): Queue<JobPayloads[S]> {
  const q = new Queue<JobPayloads[S]>(QUEUES[stage], {
    connection: opts.connection ?? redisConnection(),
    prefix: opts.prefix ?? settings().RAQIB_QUEUE_PREFIX,
    defaultJobOptions: DEFAULT_JOB_OPTIONS,
  });
  // without a listener a Redis outage prints raw stack traces; one JSON line per error says the same
  q.on('error', (e: Error) => queueErrorLog?.warn({ queue: stage, err: e.message }, `queue ${stage}: ${e.message}`));
  return q;
}

let queueErrorLog: { warn(obj: object, msg: string): void } | undefined;
/** Where producers' and connections' Redis errors go (the process logger); set once at start-up. */
export function logQueueErrorsTo(log: { warn(obj: object, msg: string): void }): void {
  queueErrorLog = log;
}

export type OpenQueues = Queues & {
  /** every stage's queue, for what treats them alike (metrics, clean-up) */
  all: Queue[];
  /** the Redis connection they share (its 'ready' after a reconnect tells the scheduler to repair schedules) */
  connection: Redis | undefined;
  close(): Promise<void>;
};

/** All queues on one shared connection (producers only; workers get connections of their own). */
export function openQueues(opts: QueueOptions = {}): OpenQueues {
  const connection = opts.connection ?? redisConnection();
  const q = {} as Queues;
  for (const s of Object.keys(QUEUES) as Stage[]) (q as Record<Stage, Queue>)[s] = openQueue(s, { ...opts, connection });
  const all = Object.values(q) as Queue[];
  return Object.assign(q, {
    all,
    connection: connection instanceof Redis ? connection : undefined,
    async close() {
      await Promise.all(all.map((x) => x.close()));
      if (!opts.connection && connection instanceof Redis) connection.disconnect();
    },
  });
}
