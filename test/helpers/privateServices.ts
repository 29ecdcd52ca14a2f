import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chownSync, mkdtempSync, rmSync } from 'node:fs';
import { connect, createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A Redis and a Postgres of the test's own, on free ports of 127.0.0.1, that the test may stop, kill and
 * restart. The shared services on 5432/6379 belong to every engineer's tests and are never touched.
 *
 * Postgres is Debian's cluster binaries (RAQIB_PG_BIN, default /usr/lib/postgresql/15/bin), run as the
 * `postgres` user when we are root (initdb and pg_ctl refuse root), with its data directory in a fresh
 * folder under /tmp owned by that user.
 */

const PG_BIN = process.env.RAQIB_PG_BIN ?? '/usr/lib/postgresql/15/bin';

export async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Sends one inline Redis command and resolves with the first reply line (or rejects on no connection). */
function redisCommand(port: number, command: string, timeoutMs = 1000): Promise<string> {
  return new Promise((resolve, reject) => {
    const sock = connect(port, '127.0.0.1');
    let buf = '';
    const t = setTimeout(() => (sock.destroy(), reject(new Error('redis: no reply'))), timeoutMs);
    sock.on('connect', () => sock.write(command + '\r\n'));
    sock.on('data', (d) => {
      buf += d.toString();
      if (buf.includes('\r\n')) {
        clearTimeout(t);
        sock.destroy();
        resolve(buf.split('\r\n')[0]);
      }
    });
    sock.on('error', (e) => (clearTimeout(t), reject(e)));
    // SHUTDOWN closes the connection without a reply
    sock.on('close', () => (clearTimeout(t), resolve(buf.split('\r\n')[0])));
  });
}

async function waitFor(what: string, probe: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    if (await probe().catch(() => false)) return;
    if (Date.now() > until) throw new Error(`${what}: not up within ${timeoutMs} ms`);
    await sleep(50);
  }
}

export interface PrivateRedis {
  port: number;
  url: string;
  start(): Promise<void>;
  /**
   * `keepData: true` (default) shuts down with SAVE and loads the snapshot on start, as a Redis with
   * persistence does on a restart; `false` kills it with SIGKILL and the data is gone.
   */
  stop(opts?: { keepData?: boolean }): Promise<void>;
  restart(opts?: { keepData?: boolean; downMs?: number }): Promise<void>;
  /** Stops it and removes its folder. */
  close(): Promise<void>;
}

export async function startPrivateRedis(): Promise<PrivateRedis> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'raqib-redis-'));
  let proc: ChildProcess | undefined;
  let exited: Promise<void> = Promise.resolve();

  const start = async () => {
    // no snapshots or AOF while running; a snapshot is written only by SHUTDOWN SAVE in stop()
    proc = spawn(
      'redis-server',
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--save',
        '',
        '--appendonly',
        'no',
        '--dir',
        dir,
        '--dbfilename',
        'dump.rdb',
        '--protected-mode',
        'no',
        '--loglevel',
        'warning',
        '--maxmemory-policy',
        'noeviction',
      ],
      { stdio: 'ignore' },
    );
    const p = proc;
    exited = new Promise<void>((r) => p.once('exit', () => r()));
    await waitFor(`redis on port ${port}`, async () => (await redisCommand(port, 'PING')) === '+PONG', 10_000);
  };
  const stop = async (opts: { keepData?: boolean } = {}) => {
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
    if (opts.keepData ?? true) await redisCommand(port, 'SHUTDOWN SAVE', 5000).catch(() => proc?.kill('SIGKILL'));
    else proc.kill('SIGKILL');
    await exited;
    proc = undefined;
    // an earlier SAVE's snapshot must not bring back what a crash lost
    if (!(opts.keepData ?? true)) rmSync(join(dir, 'dump.rdb'), { force: true });
  };
  const onExit = () => proc?.kill('SIGKILL');
  process.once('exit', onExit);
  await start();
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    start,
    stop,
    async restart(opts = {}) {
      await stop(opts);
      if (opts.downMs) await sleep(opts.downMs);
      await start();
    },
    async close() {
      await stop({ keepData: false });
      process.off('exit', onExit);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export type PgStopMode = 'smart' | 'fast' | 'immediate';

export interface PrivatePostgres {
  port: number;
  /** URL of database `name` (default `postgres`) on this cluster. */
  url(name?: string): string;
  start(): Promise<void>;
  /** `immediate` is a crash: no checkpoint, WAL replay on start. */
  stop(mode?: PgStopMode): Promise<void>;
  restart(opts?: { mode?: PgStopMode; downMs?: number }): Promise<void>;
  close(): Promise<void>;
}

// initdb and pg_ctl refuse to run as root: as root, run them as the postgres user; otherwise as ourselves
const AS_ROOT = process.getuid?.() === 0;

function asPostgres(args: string[], what: string): void {
  const [cmd, ...rest] = AS_ROOT ? ['runuser', '-u', 'postgres', '--', ...args] : args;
  const r = spawnSync(cmd, rest, { encoding: 'utf8', timeout: 120_000 });
  if (r.status !== 0) throw new Error(`${what} failed (exit ${r.status}): ${(r.stderr || r.stdout || '').trim().split('\n').slice(-3).join(' | ')}`);
}

async function pgAccepts(port: number): Promise<boolean> {
  const r = spawnSync(join(PG_BIN, 'pg_isready'), ['-h', '127.0.0.1', '-p', String(port), '-t', '1'], { encoding: 'utf8' });
  return r.status === 0;
}

export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'raqib-pg-'));
  if (AS_ROOT) {
    const uid = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).stdout.trim();
    const gid = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).stdout.trim();
    chownSync(dir, Number(uid), Number(gid));
  }
  const data = join(dir, 'data');
  asPostgres([join(PG_BIN, 'initdb'), '-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync'], 'initdb');
  const opts = [`-p ${port}`, `-c listen_addresses=127.0.0.1`, `-k ${dir}`, '-c max_connections=200', '-c shared_buffers=32MB'].join(' ');
  let running = false;

  const start = async () => {
    asPostgres([join(PG_BIN, 'pg_ctl'), '-D', data, '-l', join(dir, 'log'), '-o', opts, '-w', '-t', '60', 'start'], `pg_ctl start (port ${port})`);
    running = true;
    await waitFor(`postgres on port ${port}`, () => pgAccepts(port), 30_000);
  };
  const stop = async (mode: PgStopMode = 'fast') => {
    if (!running) return;
    asPostgres([join(PG_BIN, 'pg_ctl'), '-D', data, '-m', mode, '-w', '-t', '60', 'stop'], `pg_ctl stop (port ${port})`);
    running = false;
  };
  // a test that dies must not leave a cluster running
  const onExit = () => {
    if (!running) return;
    try {
      asPostgres([join(PG_BIN, 'pg_ctl'), '-D', data, '-m', 'immediate', 'stop'], 'pg_ctl stop');
    } catch {
      // exiting anyway; nothing more to do
    }
  };
  process.once('exit', onExit);
  await start();
  return {
    port,
    url: (name = 'postgres') => `postgres://postgres@127.0.0.1:${port}/${name}`,
    start,
    stop,
    async restart(o = {}) {
      await stop(o.mode ?? 'fast');
      if (o.downMs) await sleep(o.downMs);
      await start();
    },
    async close() {
      await stop('immediate');
      process.off('exit', onExit);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
