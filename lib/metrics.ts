import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * Prometheus metrics of one process, served on /metrics by lib/opsServer.ts. One registry per process, made
 * on first use; workers and the scheduler record through the small functions below so metric names and
 * labels stay in one place. Labels are bounded sets (stage, feed kind, failure kind), never feed or item
 * ids: with 10,000 feeds a per-feed label would make every scrape megabytes.
 */

/** What a queue-depth scrape reads; structurally a BullMQ Queue, so this file does not import bullmq. */
export interface CountableQueue {
  readonly name: string;
  getJobCounts(...types: string[]): Promise<Record<string, number>>;
}

/** What `observeWorker` listens to; structurally a BullMQ Worker. */
export interface ObservableWorker {
  on(event: 'completed', listener: (job: FinishedJob) => void): unknown;
  on(event: 'failed', listener: (job: FinishedJob | undefined, error: Error) => void): unknown;
}

/** The job fields the worker listener reads (BullMQ Job has them all). */
export interface FinishedJob {
  processedOn?: number;
  finishedOn?: number;
  attemptsMade: number;
  opts: { attempts?: number };
}

export const QUEUE_STATES = ['waiting', 'active', 'delayed', 'failed', 'prioritized', 'waiting-children'] as const;

export interface RaqibMetrics {
  registry: Registry;
  itemsFetched: Counter<'kind'>;
  itemsNew: Counter<'kind'>;
  fetchRuns: Counter<'kind' | 'outcome'>;
  jobs: Counter<'stage' | 'outcome'>;
  jobDuration: Histogram<'stage'>;
  failures: Counter<'stage' | 'kind'>;
  queueDepth: Gauge<'queue' | 'state'>;
  fetchToAlert: Histogram<never>;
  /** Queues whose depths a scrape reads, by name. */
  trackedQueues: Map<string, CountableQueue>;
}

let current: RaqibMetrics | undefined;

/** The process's metrics, created (with Node's default process metrics) on first call. */
export function metrics(): RaqibMetrics {
  current ??= createMetrics();
  return current;
}

/** A fresh, independent set (tests; a second registry never clashes with the process's one). */
export function createMetrics(registry = new Registry()): RaqibMetrics {
  const trackedQueues = new Map<string, CountableQueue>();
  collectDefaultMetrics({ register: registry, prefix: 'raqib_' });
  return {
    registry,
    itemsFetched: new Counter({
      name: 'raqib_items_fetched_total',
      help: 'Items seen in fetched feeds, before de-duplication',
      labelNames: ['kind'],
      registers: [registry],
    }),
    itemsNew: new Counter({
      name: 'raqib_items_new_total',
      help: 'Items stored for the first time',
      labelNames: ['kind'],
      registers: [registry],
    }),
    fetchRuns: new Counter({
      name: 'raqib_fetch_runs_total',
      help: 'Fetch runs recorded, by outcome (ok, not_modified, unchanged, error)',
      labelNames: ['kind', 'outcome'],
      registers: [registry],
    }),
    jobs: new Counter({
      name: 'raqib_jobs_total',
      help: 'Jobs finished by this process, by stage and outcome (completed, failed = will retry, exhausted = retries used up)',
      labelNames: ['stage', 'outcome'],
      registers: [registry],
    }),
    jobDuration: new Histogram({
      name: 'raqib_job_duration_seconds',
      help: 'Handler time per job, by stage',
      labelNames: ['stage'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
      registers: [registry],
    }),
    failures: new Counter({
      name: 'raqib_failures_total',
      help: 'Failures by stage and kind (fetch error kinds such as timeout or dns; error class names otherwise)',
      labelNames: ['stage', 'kind'],
      registers: [registry],
    }),
    queueDepth: new Gauge({
      name: 'raqib_queue_jobs',
      help: 'Jobs per queue and state, read from Redis at scrape time',
      labelNames: ['queue', 'state'],
      registers: [registry],
      // read on scrape, not on a timer: an idle process does no Redis work, and the figure is never stale
      async collect() {
        this.reset();
        await Promise.all(
          [...trackedQueues.values()].map(async (q) => {
            try {
              const counts = await withTimeout(q.getJobCounts(...QUEUE_STATES), 2000);
              for (const state of QUEUE_STATES) this.set({ queue: q.name, state }, counts[state] ?? 0);
            } catch {
              // Redis down: the series vanish for this scrape, and /healthz says why
            }
          }),
        );
      },
    }),
    fetchToAlert: new Histogram({
      name: 'raqib_fetch_to_alert_seconds',
      help: 'Time from an item being stored to its alert row being written',
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 300, 900, 3600],
      registers: [registry],
    }),
    trackedQueues,
  };
}

/** Queues whose depths /metrics reports (any process may track all of them; the scheduler does). */
export function trackQueueDepths(queues: Iterable<CountableQueue>, m = metrics()): void {
  for (const q of queues) m.trackedQueues.set(q.name, q);
}

/** One fetch run: items seen and stored new, by feed kind. */
export function recordFetch(kind: string, outcome: string, itemsSeen: number, itemsNew: number, m = metrics()): void {
  m.fetchRuns.inc({ kind, outcome });
  if (itemsSeen > 0) m.itemsFetched.inc({ kind }, itemsSeen);
  if (itemsNew > 0) m.itemsNew.inc({ kind }, itemsNew);
}

/** A failure of some kind in a stage, e.g. ('fetch', 'timeout'). */
export function recordFailure(stage: string, kind: string, m = metrics()): void {
  m.failures.inc({ stage, kind });
}

/** Seconds from `storedAt` (an item's fetched_at) to now, for each alert written. */
export function observeFetchToAlert(storedAt: Date[], now = Date.now(), m = metrics()): void {
  for (const t of storedAt) m.fetchToAlert.observe(Math.max(0, (now - t.getTime()) / 1000));
}

/**
 * Counts a BullMQ worker's jobs and their handler durations. Call once per Worker:
 * `observeWorker(worker, 'analyze')`. A failed job that will be retried counts as `failed`; one whose
 * attempts are used up counts as `exhausted`, the figure to alert on.
 */
export function observeWorker(worker: ObservableWorker, stage: string, m = metrics()): void {
  worker.on('completed', (job) => {
    m.jobs.inc({ stage, outcome: 'completed' });
    const seconds = jobSeconds(job);
    if (seconds !== undefined) m.jobDuration.observe({ stage }, seconds);
  });
  worker.on('failed', (job, error) => {
    // UnrecoverableError skips the remaining attempts: BullMQ moves the job to failed for good
    const exhausted = job === undefined || error?.name === 'UnrecoverableError' || job.attemptsMade >= (job.opts.attempts ?? 1);
    m.jobs.inc({ stage, outcome: exhausted ? 'exhausted' : 'failed' });
    m.failures.inc({ stage, kind: failureKind(error) });
    const seconds = job ? jobSeconds(job) : undefined;
    if (seconds !== undefined) m.jobDuration.observe({ stage }, seconds);
  });
}

/** A bounded label for an error: a FetchError's kind, else its class name. */
export function failureKind(error: unknown): string {
  if (error && typeof error === 'object') {
    const kind = (error as { kind?: unknown }).kind;
    if (typeof kind === 'string' && /^[a-z_]{1,32}$/.test(kind)) return kind;
    const name = (error as { name?: unknown }).name;
    if (typeof name === 'string' && /^[A-Za-z]{1,48}$/.test(name)) return name;
  }
  return 'unknown';
}

function jobSeconds(job: FinishedJob): number | undefined {
  if (!job.processedOn) return undefined;
  // a job failed for a retry has no finishedOn yet: the event fires right as its handler ends
  return Math.max(0, ((job.finishedOn ?? Date.now()) - job.processedOn) / 1000);
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
    p.then(
      (v) => (clearTimeout(t), resolve(v)),
      (e: unknown) => (clearTimeout(t), reject(e)),
    );
  });
}
