import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openQueue, redisConnection } from '../queues/connection.ts';
import { freshDatabase, type TestDb } from './helpers/db.ts';
import { waitFor } from './helpers/pipeline.ts';
import { startPrivateRedis, type PrivateRedis } from './helpers/privateServices.ts';

// During a Redis outage a worker's log stays JSON: every Redis connection it holds (BullMQ's, the fetch
// stage's host limiter) has an error listener, so ioredis never prints its "Unhandled error event" traces.
let db: TestDb;
let redis: PrivateRedis;

beforeAll(async () => {
  db = await freshDatabase();
  redis = await startPrivateRedis();
}, 60_000);

afterAll(async () => {
  await redis?.close();
  await db?.drop();
});

describe('a fetch worker while Redis is down', () => {
  it('logs the outage as JSON lines only, and carries on when Redis is back', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/raqib.ts', 'worker', 'fetch'], {
      env: { ...process.env, DATABASE_URL: db.url, REDIS_URL: redis.url, RAQIB_METRICS_PORT: '-1', LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    let exitCode: number | null = null;
    const producer = redisConnection(redis.url);
    const fetchQueue = openQueue('fetch', { connection: producer, prefix: '{raqib}' });
    child.on('exit', (code) => (exitCode = code ?? -1));
    try {
      await waitFor('the worker to be running', async () => out.includes('raqib running'), 30_000);
      await redis.stop({ keepData: false });
      // several reconnect rounds of every connection: the worker's own says so with its attempt number
      await waitFor('three reconnect attempts', async () => /"attempt":3\b/.test(out), 30_000);
      await redis.start();
      // back at work: a job added after the restart is taken and finished
      const job = await fetchQueue.add('fetch', { feedId: 'no-such-feed' });
      await waitFor('the worker to take a job again', async () => job.isCompleted(), 30_000);
    } finally {
      child.kill('SIGKILL');
      await fetchQueue.close();
      producer.disconnect();
    }
    expect(out).not.toContain('[ioredis]');
    expect(out).not.toContain('Unhandled error event');
    for (const line of out.trim().split('\n')) expect(() => JSON.parse(line), line).not.toThrow();
    expect(out).toContain('Redis connection (redis)');
    expect(exitCode).toBeNull();
  }, 90_000);
});
