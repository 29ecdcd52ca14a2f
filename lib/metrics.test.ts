import { randomBytes } from 'node:crypto';
import { Queue, Worker, UnrecoverableError } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { FetchError } from './fetch/errors.ts';
import { createMetrics, failureKind, observeFetchToAlert, observeWorker, recordFetch, trackQueueDepths } from './metrics.ts';

const prefix = `{raqib-metrics-${randomBytes(4).toString('hex')}}`;
const redis = new Redis('redis://127.0.0.1:6379', { maxRetriesPerRequest: null });

afterAll(async () => {
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length) await redis.del(...keys);
  redis.disconnect();
});

/** The value of one sample line of the exposition text, e.g. `raqib_jobs_total{stage="x",outcome="y"}`. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(series + ' '));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('metrics', () => {
  it('counts fetched and new items by feed kind and the fetch→alert latency', async () => {
    const m = createMetrics();
    recordFetch('rss', 'ok', 12, 5, m);
    recordFetch('rss', 'not_modified', 0, 0, m);
    recordFetch('telegram', 'ok', 3, 3, m);
    const now = Date.now();
    observeFetchToAlert([new Date(now - 300), new Date(now - 4000)], now, m);
    const text = await m.registry.metrics();
    expect(sample(text, 'raqib_items_fetched_total{kind="rss"}')).toBe(12);
    expect(sample(text, 'raqib_items_new_total{kind="rss"}')).toBe(5);
    expect(sample(text, 'raqib_items_new_total{kind="telegram"}')).toBe(3);
    expect(sample(text, 'raqib_fetch_runs_total{kind="rss",outcome="not_modified"}')).toBe(1);
    expect(sample(text, 'raqib_fetch_to_alert_seconds_count')).toBe(2);
    expect(sample(text, 'raqib_fetch_to_alert_seconds_bucket{le="0.5"}')).toBe(1);
    expect(sample(text, 'raqib_fetch_to_alert_seconds_bucket{le="5"}')).toBe(2);
    // Node process metrics come along for memory and event-loop lag
    expect(text).toContain('raqib_process_resident_memory_bytes');
  });

  it('reads queue depths from Redis at scrape time', async () => {
    const m = createMetrics();
    const q = new Queue('depth', { connection: redis, prefix });
    await q.addBulk([
      { name: 'a', data: {} },
      { name: 'b', data: {} },
      { name: 'c', data: {} },
    ]);
    await q.add('later', {}, { delay: 60_000 });
    trackQueueDepths([q], m);
    let text = await m.registry.metrics();
    expect(sample(text, 'raqib_queue_jobs{queue="depth",state="waiting"}')).toBe(3);
    expect(sample(text, 'raqib_queue_jobs{queue="depth",state="delayed"}')).toBe(1);
    expect(sample(text, 'raqib_queue_jobs{queue="depth",state="active"}')).toBe(0);
    await q.drain(true);
    text = await m.registry.metrics();
    expect(sample(text, 'raqib_queue_jobs{queue="depth",state="waiting"}')).toBe(0);
    await q.close();
  });

  it("counts a worker's completed, retried and exhausted jobs with durations and failure kinds", async () => {
    const m = createMetrics();
    const q = new Queue('work', { connection: redis, prefix });
    const worker = new Worker(
      'work',
      async (job) => {
        if (job.data.fail === 'fetch') throw new FetchError('timeout', 'http://127.0.0.1:1/feed', 'no answer');
        if (job.data.fail === 'fatal') throw new UnrecoverableError('cannot help');
        await new Promise((r) => setTimeout(r, 20));
        return 'ok';
      },
      { connection: new Redis('redis://127.0.0.1:6379', { maxRetriesPerRequest: null }), prefix, concurrency: 2 },
    );
    observeWorker(worker, 'work', m);
    let settled = 0;
    const done = new Promise<void>((resolve) => {
      const tick = () => ++settled === 4 && resolve();
      worker.on('completed', tick);
      worker.on('failed', tick);
    });
    await q.add('ok1', {});
    await q.add('ok2', {});
    await q.add('timeout', { fail: 'fetch' }, { attempts: 3, backoff: { type: 'fixed', delay: 60_000 } });
    await q.add('fatal', { fail: 'fatal' }, { attempts: 3 });
    await done;
    const text = await m.registry.metrics();
    expect(sample(text, 'raqib_jobs_total{stage="work",outcome="completed"}')).toBe(2);
    expect(sample(text, 'raqib_jobs_total{stage="work",outcome="failed"}')).toBe(1);
    expect(sample(text, 'raqib_jobs_total{stage="work",outcome="exhausted"}')).toBe(1);
    expect(sample(text, 'raqib_failures_total{stage="work",kind="timeout"}')).toBe(1);
    expect(sample(text, 'raqib_failures_total{stage="work",kind="UnrecoverableError"}')).toBe(1);
    expect(sample(text, 'raqib_job_duration_seconds_count{stage="work"}')).toBe(4);
    await worker.close();
    await q.obliterate({ force: true });
    await q.close();
  });

  it('labels failures with a bounded kind', () => {
    expect(failureKind(new FetchError('dns', 'http://x.invalid/', 'no such host'))).toBe('dns');
    expect(failureKind(new TypeError('x'))).toBe('TypeError');
    expect(failureKind('a string')).toBe('unknown');
    expect(failureKind({ name: 'has spaces and <script>' })).toBe('unknown');
  });
});
