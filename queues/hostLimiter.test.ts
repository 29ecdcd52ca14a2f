import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acquireHost, HostBusyError, hostOf, withHost } from './hostLimiter.ts';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const prefix = `{raqib-test-hostlimit-${randomBytes(4).toString('hex')}}`;
let a: Redis;
let b: Redis;

beforeAll(() => {
  a = new Redis(REDIS_URL);
  b = new Redis(REDIS_URL);
});
afterAll(async () => {
  const ks = await a.keys(`${prefix}*`);
  if (ks.length) await a.del(...ks);
  a.disconnect();
  b.disconnect();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('acquireHost across two Redis connections', () => {
  it('never lets more than maxConcurrent requests to one host run at once', async () => {
    let inFlight = 0;
    let peak = 0;
    const task = (conn: Redis) =>
      withHost(
        conn,
        'news.example',
        { maxConcurrent: 2, minIntervalMs: 0 },
        async () => {
          inFlight++;
          peak = Math.max(peak, inFlight);
          await sleep(40);
          inFlight--;
        },
        { prefix },
      );
    await Promise.all(Array.from({ length: 10 }, (_, i) => task(i % 2 ? a : b)));
    expect(peak).toBe(2);
    expect(inFlight).toBe(0);
  });

  it('spaces request starts by minIntervalMs (the total is at least the sum of the gaps)', async () => {
    const started = Date.now();
    await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        withHost(i % 2 ? a : b, 'slow.example', { maxConcurrent: 5, minIntervalMs: 150 }, async () => {}, { prefix }),
      ),
    );
    expect(Date.now() - started).toBeGreaterThanOrEqual(4 * 150);
  });

  it('with one slot, the next request starts at least minIntervalMs after the previous one ended', async () => {
    const limits = { maxConcurrent: 1, minIntervalMs: 150 };
    const release = await acquireHost(a, 'late.example', limits, { prefix });
    // the request runs longer than the interval (as one that left a loaded process late would end late)
    await sleep(200);
    await release();
    const releasedAt = Date.now();
    const next = await acquireHost(b, 'late.example', limits, { prefix });
    expect(Date.now() - releasedAt).toBeGreaterThanOrEqual(140);
    await next();
  });

  it('keeps different hosts apart', async () => {
    const r1 = await acquireHost(a, 'one.example', { maxConcurrent: 1, minIntervalMs: 0 }, { prefix });
    const r2 = await acquireHost(b, 'two.example', { maxConcurrent: 1, minIntervalMs: 0 }, { prefix, waitMs: 200 });
    await r1();
    await r2();
  });

  it('fails with HostBusyError when no slot frees in time', async () => {
    const hold = await acquireHost(a, 'busy.example', { maxConcurrent: 1, minIntervalMs: 0 }, { prefix });
    const err = await acquireHost(b, 'busy.example', { maxConcurrent: 1, minIntervalMs: 0 }, { prefix, waitMs: 150 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HostBusyError);
    expect((err as HostBusyError).retryAfterMs).toBeGreaterThan(0);
    await hold();
    const r = await acquireHost(b, 'busy.example', { maxConcurrent: 1, minIntervalMs: 0 }, { prefix, waitMs: 150 });
    await r();
  });

  it('frees the slot of a worker that died holding it once its lease runs out', async () => {
    const doomed = new Redis(REDIS_URL);
    await acquireHost(doomed, 'crash.example', { maxConcurrent: 1, minIntervalMs: 0 }, { prefix, leaseMs: 300 });
    // the process "dies": its connection goes, so nothing renews or releases the lease
    doomed.disconnect();
    const r = await acquireHost(a, 'crash.example', { maxConcurrent: 1, minIntervalMs: 0 }, { prefix, waitMs: 5000 });
    await r();
  });

  it('renews the lease of a live holder past its lease time', async () => {
    const hold = await acquireHost(a, 'long.example', { maxConcurrent: 1, minIntervalMs: 0 }, { prefix, leaseMs: 150 });
    await sleep(450);
    const err = await acquireHost(b, 'long.example', { maxConcurrent: 1, minIntervalMs: 0 }, { prefix, waitMs: 100 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HostBusyError);
    await hold();
  });

  it('release is idempotent and withHost releases when the work throws', async () => {
    const r = await acquireHost(a, 'idem.example', { maxConcurrent: 1, minIntervalMs: 0 }, { prefix });
    await r();
    await r();
    await expect(
      withHost(
        a,
        'idem.example',
        { maxConcurrent: 1, minIntervalMs: 0 },
        async () => {
          throw new Error('boom');
        },
        { prefix },
      ),
    ).rejects.toThrow('boom');
    const again = await acquireHost(b, 'idem.example', { maxConcurrent: 1, minIntervalMs: 0 }, { prefix, waitMs: 100 });
    await again();
  });
});

describe('hostOf', () => {
  it('keys on host and port', () => {
    expect(hostOf('https://Baghdadtoday.news/rss')).toBe('baghdadtoday.news');
    expect(hostOf('http://127.0.0.1:8080/x')).toBe('127.0.0.1:8080');
  });
});
