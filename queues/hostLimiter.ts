import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { settings } from '../config/settings.ts';

/**
 * Per-host politeness shared by every worker process through Redis: at most `maxConcurrent` requests to a
 * host at once, and starts at least `minIntervalMs` apart; a released slot also pushes the next start to
 * `minIntervalMs` after the release, so with one slot the site sees its requests at least that far apart even
 * when a request left our process late after its start was granted (a loaded event loop). A slot is a lease with an expiry in a sorted set,
 * so a worker that dies holding one loses it when the lease runs out; a live holder renews its lease while it
 * works. Times come from the Redis server clock so workers on different hosts agree.
 */

export interface HostLimits {
  /** Requests to one host in flight at once, across all workers. @defaultValue 2 */
  maxConcurrent: number;
  /** Least time between two request starts to one host. @defaultValue 1000 */
  minIntervalMs: number;
}

export interface AcquireOptions {
  /** A slot not renewed for this long is free again. @defaultValue 60000 */
  leaseMs?: number;
  /** Give up waiting after this long with HostBusyError. @defaultValue 30000 */
  waitMs?: number;
  /** Key prefix; keep the queue's hash tag so the keys live with the queues on Redis Cluster. */
  prefix?: string;
  signal?: AbortSignal;
}

export const DEFAULT_HOST_LIMITS: HostLimits = { maxConcurrent: 2, minIntervalMs: 1000 };

/** The host did not free a slot in time; the job should be retried later, and it is not the feed's fault. */
export class HostBusyError extends Error {
  override name = 'HostBusyError';
  constructor(
    readonly host: string,
    readonly retryAfterMs: number,
  ) {
    super(`host ${host}: no free fetch slot within the wait limit (per-host limit across workers)`);
  }
}

/**
 * KEYS[1] slots zset (token -> lease expiry ms), KEYS[2] next-start time (ms)
 * ARGV[1] token, ARGV[2] maxConcurrent, ARGV[3] minIntervalMs, ARGV[4] leaseMs
 * Returns {1, 0} when the slot is taken, or {0, msToWait}.
 */
const ACQUIRE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local max = tonumber(ARGV[2])
local interval = tonumber(ARGV[3])
local lease = tonumber(ARGV[4])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZCARD', KEYS[1]) >= max then
  local first = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
  return {0, math.max(1, tonumber(first[2]) - now)}
end
local nextStart = tonumber(redis.call('GET', KEYS[2]) or '0')
if nextStart > now then
  return {0, nextStart - now}
end
redis.call('ZADD', KEYS[1], now + lease, ARGV[1])
redis.call('PEXPIRE', KEYS[1], lease * 2)
if interval > 0 then
  redis.call('SET', KEYS[2], now + interval, 'PX', interval + 1000)
end
return {1, 0}
`;

/**
 * KEYS[1] slots zset; ARGV[1] token, ARGV[2] leaseMs. Extends a lease still held; 0 when it was lost.
 */
const RENEW = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
if redis.call('ZSCORE', KEYS[1], ARGV[1]) then
  redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[1])
  redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[2]) * 2)
  return 1
end
return 0
`;

/**
 * KEYS[1] slots zset, KEYS[2] next-start time; ARGV[1] token, ARGV[2] minIntervalMs. Frees the slot and keeps
 * the next start at least the interval after now.
 */
const RELEASE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREM', KEYS[1], ARGV[1])
local interval = tonumber(ARGV[2])
if interval > 0 then
  local nextStart = tonumber(redis.call('GET', KEYS[2]) or '0')
  if now + interval > nextStart then
    redis.call('SET', KEYS[2], now + interval, 'PX', interval + 1000)
  end
end
return 1
`;

function keys(prefix: string, host: string): [string, string] {
  const base = `${prefix}:hostlimit:${host.toLowerCase()}`;
  return [`${base}:slots`, `${base}:next`];
}

/** Waits for a slot on `host` and returns its release function (idempotent). */
export async function acquireHost(
  redis: Redis,
  host: string,
  limits: HostLimits = DEFAULT_HOST_LIMITS,
  opts: AcquireOptions = {},
): Promise<() => Promise<void>> {
  const leaseMs = opts.leaseMs ?? 60_000;
  const waitMs = opts.waitMs ?? 30_000;
  const [slots, next] = keys(opts.prefix ?? settings().RAQIB_QUEUE_PREFIX, host);
  const token = randomBytes(8).toString('hex');
  const giveUpAt = Date.now() + waitMs;
  for (;;) {
    if (opts.signal?.aborted) throw opts.signal.reason instanceof Error ? opts.signal.reason : new Error('aborted');
    const [ok, wait] = (await redis.eval(ACQUIRE, 2, slots, next, token, limits.maxConcurrent, limits.minIntervalMs, leaseMs)) as [number, number];
    if (ok === 1) break;
    const left = giveUpAt - Date.now();
    if (left <= 0) throw new HostBusyError(host, Math.max(wait, 100));
    // a little randomness so waiting workers do not all retry on the same millisecond
    await sleep(Math.min(wait + Math.floor(Math.random() * 20), 100, left), opts.signal);
  }
  // renew well before expiry so a long, live request keeps its slot
  const renew = setInterval(() => void redis.eval(RENEW, 1, slots, token, leaseMs).catch(() => {}), Math.max(leaseMs / 3, 50));
  renew.unref();
  let released = false;
  return async () => {
    if (released) return;
    released = true;
    clearInterval(renew);
    await redis.eval(RELEASE, 2, slots, next, token, limits.minIntervalMs).catch(() => {});
  };
}

/** Runs `fn` holding a slot on `host`, releasing it however `fn` ends. */
export async function withHost<T>(redis: Redis, host: string, limits: HostLimits, fn: () => Promise<T>, opts: AcquireOptions = {}): Promise<T> {
  const release = await acquireHost(redis, host, limits, opts);
  try {
    return await fn();
  } finally {
    await release();
  }
}

/** The host key for a URL: host name and port as written, lowercased (`www.` kept: it can be another server). */
export function hostOf(url: string): string {
  return new URL(url).host.toLowerCase();
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
