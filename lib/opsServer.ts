import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';
import { metrics } from './metrics.ts';

/**
 * The small HTTP server every long-running process (worker, scheduler, `start`) opens for ops:
 *   GET /metrics  Prometheus text from the process registry
 *   GET /healthz  200 when every dependency check passes (Redis, Postgres), else 503 with the failing ones
 *   GET /readyz   200 once the process says it is ready (workers started) and not shutting down, else 503
 * Plain node:http: it must answer while the process is busy or its dependencies are down, so it holds
 * no pool of its own and each check has a deadline.
 */

/** A dependency probe: resolves when reachable, rejects (or times out) otherwise. */
export type HealthCheck = () => Promise<unknown>;

export interface OpsServerOptions {
  /** 0 picks a free port. */
  port: number;
  /** Default 0.0.0.0 so a container's healthcheck and Prometheus can reach it; tests pass 127.0.0.1. */
  host?: string;
  checks: Record<string, HealthCheck>;
  /** Readiness; defaults to always ready. */
  ready?: () => boolean;
  /** Per-check deadline; a hung dependency reads as down, not as a hung probe. */
  checkTimeoutMs?: number;
  registry?: Registry;
}

export interface OpsServer {
  port: number;
  /** http://host:port */
  url: string;
  close(): Promise<void>;
}

export interface HealthReport {
  ok: boolean;
  checks: Record<string, { ok: boolean; ms: number; error?: string }>;
}

export async function runChecks(checks: Record<string, HealthCheck>, timeoutMs: number): Promise<HealthReport> {
  const entries = await Promise.all(
    Object.entries(checks).map(async ([name, check]) => {
      const t0 = Date.now();
      try {
        await deadline(check(), timeoutMs, name);
        return [name, { ok: true, ms: Date.now() - t0 }] as const;
      } catch (e) {
        return [name, { ok: false, ms: Date.now() - t0, error: oneLine(e) }] as const;
      }
    }),
  );
  return { ok: entries.every(([, r]) => r.ok), checks: Object.fromEntries(entries) };
}

export async function startOpsServer(opts: OpsServerOptions): Promise<OpsServer> {
  const registry = opts.registry ?? metrics().registry;
  const timeoutMs = opts.checkTimeoutMs ?? 2000;
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    const send = (status: number, type: string, body: string) => {
      res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
      res.end(body);
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, 'text/plain', 'method not allowed\n');
    if (path === '/metrics') {
      registry.metrics().then(
        (text) => send(200, registry.contentType, text),
        (e: unknown) => send(500, 'text/plain', `metrics failed: ${oneLine(e)}\n`),
      );
      return;
    }
    if (path === '/healthz') {
      runChecks(opts.checks, timeoutMs).then(
        (report) => send(report.ok ? 200 : 503, 'application/json', JSON.stringify(report) + '\n'),
        (e: unknown) => send(503, 'application/json', JSON.stringify({ ok: false, error: oneLine(e) }) + '\n'),
      );
      return;
    }
    if (path === '/readyz') {
      const ready = opts.ready ? opts.ready() : true;
      return send(ready ? 200 : 503, 'application/json', JSON.stringify({ ready }) + '\n');
    }
    send(404, 'text/plain', 'not found; try /metrics, /healthz or /readyz\n');
  });
  // a probe that never completes its request must not hold a socket for ever
  server.requestTimeout = 10_000;
  server.headersTimeout = 5_000;
  const host = opts.host ?? '0.0.0.0';
  await new Promise<void>((resolve, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) =>
      reject(new Error(`ops server: cannot listen on ${host}:${opts.port} (${e.code ?? e.message})`)),
    );
    server.listen(opts.port, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    url: `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Redis probe: PING on the given connection, failing at once when it is not connected. */
export function redisCheck(redis: { status: string; ping(): Promise<unknown> }): HealthCheck {
  return async () => {
    // with maxRetriesPerRequest null a PING on a down connection would queue for ever
    if (redis.status !== 'ready') throw new Error(`redis connection is ${redis.status}`);
    return redis.ping();
  };
}

/** Postgres probe: SELECT 1 through the process pool (checks out one connection briefly). */
export function postgresCheck(pool: { query(sql: string): Promise<unknown> }): HealthCheck {
  return () => pool.query('SELECT 1');
}

function deadline<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms);
    p.then(
      (v) => (clearTimeout(t), resolve(v)),
      (e: unknown) => (clearTimeout(t), reject(e)),
    );
  });
}

function oneLine(e: unknown): string {
  const msg = e instanceof Error ? e.message || e.name : String(e);
  return msg.split('\n')[0].slice(0, 300);
}
