import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { Redis } from 'ioredis';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMetrics, recordFetch } from './metrics.ts';
import { postgresCheck, redisCheck, startOpsServer, type OpsServer } from './opsServer.ts';

/** A port on 127.0.0.1 that nothing listens on (bound, then released). */
async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

const servers: OpsServer[] = [];
const cleanups: Array<() => Promise<unknown> | void> = [];
afterAll(async () => {
  for (const s of servers) await s.close();
  for (const c of cleanups) await c();
});

describe('ops server', () => {
  let up: OpsServer;
  let ready = false;
  beforeAll(async () => {
    const redis = new Redis('redis://127.0.0.1:6379', { maxRetriesPerRequest: null });
    const pool = new pg.Pool({ connectionString: 'postgres://postgres@127.0.0.1:5432/postgres', max: 1 });
    cleanups.push(
      () => redis.disconnect(),
      () => pool.end(),
    );
    await redis.ping();
    const m = createMetrics();
    recordFetch('rss', 'ok', 7, 2, m);
    up = await startOpsServer({
      port: 0,
      host: '127.0.0.1',
      registry: m.registry,
      checks: { redis: redisCheck(redis), postgres: postgresCheck(pool) },
      ready: () => ready,
    });
    servers.push(up);
  });

  it('serves Prometheus text on /metrics', async () => {
    const res = await fetch(`${up.url}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    const body = await res.text();
    expect(body).toContain('raqib_items_fetched_total{kind="rss"} 7');
    expect(body).toContain('# TYPE raqib_job_duration_seconds histogram');
  });

  it('answers /healthz 200 when Redis and Postgres answer', async () => {
    const res = await fetch(`${up.url}/healthz`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { ok: boolean; checks: Record<string, { ok: boolean }> };
    expect(body.ok).toBe(true);
    expect(body.checks.redis.ok).toBe(true);
    expect(body.checks.postgres.ok).toBe(true);
  });

  it('answers /readyz by the process readiness', async () => {
    expect((await fetch(`${up.url}/readyz`)).status).toBe(503);
    ready = true;
    expect((await fetch(`${up.url}/readyz`)).status).toBe(200);
  });

  it('404s other paths and refuses POST', async () => {
    expect((await fetch(`${up.url}/nope`)).status).toBe(404);
    expect((await fetch(`${up.url}/metrics`, { method: 'POST' })).status).toBe(405);
  });

  it('answers /healthz 503 naming each dependency that is down', async () => {
    const redisPort = await closedPort();
    const pgPort = await closedPort();
    const redis = new Redis(`redis://127.0.0.1:${redisPort}`, { maxRetriesPerRequest: null, retryStrategy: () => 1000 });
    redis.on('error', () => {});
    const pool = new pg.Pool({ connectionString: `postgres://postgres@127.0.0.1:${pgPort}/postgres`, max: 1 });
    pool.on('error', () => {});
    cleanups.push(
      () => redis.disconnect(),
      () => pool.end(),
    );
    const down = await startOpsServer({
      port: 0,
      host: '127.0.0.1',
      registry: createMetrics().registry,
      checks: { redis: redisCheck(redis), postgres: postgresCheck(pool) },
    });
    servers.push(down);
    const res = await fetch(`${down.url}/healthz`);
    expect(res.status).toBe(503);
    const body = (await res.json()) as { ok: boolean; checks: Record<string, { ok: boolean; error?: string }> };
    expect(body.ok).toBe(false);
    expect(body.checks.redis.ok).toBe(false);
    expect(body.checks.redis.error).toMatch(/redis connection is/);
    expect(body.checks.postgres.ok).toBe(false);
    expect(body.checks.postgres.error).toMatch(/ECONNREFUSED/);
  });

  it('treats a check that never answers as down within its deadline', async () => {
    const hung = await startOpsServer({
      port: 0,
      host: '127.0.0.1',
      registry: createMetrics().registry,
      checks: { stuck: () => new Promise(() => {}) },
      checkTimeoutMs: 200,
    });
    servers.push(hung);
    const res = await fetch(`${hung.url}/healthz`);
    expect(res.status).toBe(503);
    expect(((await res.json()) as { checks: { stuck: { error: string } } }).checks.stuck.error).toMatch(/no answer within 200 ms/);
  });

  it('names the port when it cannot listen', async () => {
    await expect(startOpsServer({ port: up.port, host: '127.0.0.1', checks: {} })).rejects.toThrow(
      new RegExp(`cannot listen on 127.0.0.1:${up.port} \\(EADDRINUSE\\)`),
    );
  });
});
