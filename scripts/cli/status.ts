import type { Command } from 'commander';
import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type pg from 'pg';
import type { Stage } from '../../queues/names.ts';

/**
 * `raqib status [--json] [--prefix P]`: per stage the queue depths, the live workers, the oldest waiting
 * job and the lag (how long that job has been due), and the feeds' health from Postgres. Reads only;
 * safe to run against production from any host that reaches Redis and Postgres.
 */

export interface StageStatus {
  stage: Stage;
  queue: string;
  waiting: number;
  active: number;
  delayed: number;
  failed: number;
  prioritized: number;
  /** Processes whose BullMQ workers are connected for this queue (CLIENT LIST). */
  workers: Array<{ name: string; addr: string; ageSeconds: number }>;
  oldestWaiting: { id: string; name: string; enqueuedAt: string; ageSeconds: number } | null;
  /** Seconds the oldest waiting job has been due (0 when nothing waits): how far behind the stage is. */
  lagSeconds: number;
}

export interface FeedsStatus {
  enabled: number;
  healthy: number;
  unhealthy: number;
  disabled: number;
  /** Enabled feeds not fetched for twice their interval: the schedule or the fetch stage is behind. */
  overdue: number;
  itemsLastHour: number;
  alertsLastHour: number;
}

/** One language's translation state, as the translate stage recorded it. */
export interface TranslationLanguageStatus {
  lang: string;
  /** the configured model (with a multilingual model's codes); null when none is configured */
  model: string | null;
  state: 'ready' | 'no_model';
  /** why a configured model is not usable */
  detail: string | null;
  /** items left untranslated for want of a model, translated once it appears */
  waitingItems: number;
  /** what to run or edit to leave no_model */
  fix: string | null;
  since: string;
}

export interface StatusReport {
  at: string;
  prefix: string;
  stages: StageStatus[];
  feeds: FeedsStatus | null;
  /** per language: has it a usable translation model? (empty until a translate worker has run) */
  translation: TranslationLanguageStatus[];
  /** What could not be read, one line each. */
  errors: string[];
}

export function register(program: Command): void {
  program
    .command('status')
    .description('queue depths, live workers, oldest waiting job and lag per stage, and feed health')
    .option('--json', 'print one JSON object')
    .option('--prefix <prefix>', 'BullMQ queue prefix (default RAQIB_QUEUE_PREFIX)')
    .action(async (opts: { json?: boolean; prefix?: string }) => {
      const { settings } = await import('../../config/settings.ts');
      const { createPool, describeDbUrl } = await import('../../db/pool.ts');
      const { Redis } = await import('ioredis');
      const s = settings();
      const prefix = opts.prefix ?? s.RAQIB_QUEUE_PREFIX;
      // fail fast instead of queueing commands for ever while Redis is down
      const redis = new Redis(s.REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1, connectTimeout: 3000, retryStrategy: () => null });
      let redisError: unknown;
      redis.on('error', (e) => (redisError = e));
      const pool = createPool(s.DATABASE_URL, 1);
      try {
        try {
          await redis.connect();
        } catch (e) {
          // the socket error (ECONNREFUSED, ENOTFOUND) says more than "Connection is closed"
          throw new Error(`status: redis ${redactUrl(s.REDIS_URL)} unreachable (${errorCode(redisError ?? e)})`);
        }
        const report = await gatherStatus({ redis, pool, prefix, dbLabel: describeDbUrl(s.DATABASE_URL) });
        process.stdout.write(opts.json ? JSON.stringify(report) + '\n' : formatStatus(report));
        if (report.errors.length) throw new Error(report.errors.join('; '));
      } finally {
        redis.disconnect();
        await pool.end().catch(() => {});
      }
    });
}

export interface GatherOptions {
  redis: Redis;
  pool: pg.Pool;
  prefix: string;
  /** How Postgres is named in an error line. */
  dbLabel?: string;
  now?: number;
}

export async function gatherStatus(o: GatherOptions): Promise<StatusReport> {
  const { Queue } = await import('bullmq');
  const { QUEUES, STAGES } = await import('../../queues/names.ts');
  const now = o.now ?? Date.now();
  const errors: string[] = [];
  const stages = await Promise.all(
    STAGES.map(async (stage) => {
      const queue = new Queue(QUEUES[stage], { connection: o.redis, prefix: o.prefix });
      try {
        return await stageStatus(stage, queue, now);
      } finally {
        await queue.close();
      }
    }),
  );
  let feeds: FeedsStatus | null = null;
  let translation: TranslationLanguageStatus[] = [];
  try {
    feeds = await feedsStatus(o.pool);
    // a database not migrated to 020 yet still reports its feeds
    translation = await translationStatus(o.pool).catch((e: Error) => {
      errors.push(`status: translation languages: ${e.message.split('\n')[0]} (run raqib migrate)`);
      return [];
    });
  } catch (e) {
    // a socket error reads best as its code (ECONNREFUSED); a server error as its message (database "x" does not exist)
    const err = e as { code?: string; message?: string };
    const why = err.code && /^E[A-Z]+$/.test(err.code) ? `unreachable (${err.code})` : (err.message ?? String(e)).split('\n')[0];
    errors.push(`status: postgres ${o.dbLabel ?? 'DATABASE_URL'}: ${why}`);
  }
  return { at: new Date(now).toISOString(), prefix: o.prefix, stages, feeds, translation, errors };
}

async function translationStatus(pool: pg.Pool): Promise<TranslationLanguageStatus[]> {
  const { listLanguageStates } = await import('../../db/sql/listLanguageStates.ts');
  const { noModelFix } = await import('../../lib/translate/noModel.ts');
  return (await listLanguageStates(pool)).map((l) => ({
    lang: l.lang,
    model: l.model,
    state: l.state,
    detail: l.detail,
    waitingItems: l.waiting_items,
    fix: l.state === 'no_model' ? noModelFix(l) : null,
    since: l.changed_at.toISOString(),
  }));
}

async function stageStatus(stage: Stage, queue: Queue, now: number): Promise<StageStatus> {
  const [counts, workers, oldest] = await Promise.all([
    queue.getJobCounts('waiting', 'active', 'delayed', 'failed', 'prioritized'),
    queue.getWorkers(),
    // the head of the wait list and of the priority set; the older of the two is the oldest waiting job
    Promise.all([queue.getJobs(['waiting'], 0, 0, true), queue.getJobs(['prioritized'], 0, 0, true)]),
  ]);
  const heads = oldest.flat().filter((j) => j !== undefined && j !== null);
  // a job that sat delayed became due at timestamp + delay; its lag counts from then
  const due = (j: (typeof heads)[number]) => j.timestamp + (j.delay ?? 0);
  const head = heads.sort((a, b) => due(a) - due(b))[0];
  return {
    stage,
    queue: queue.name,
    waiting: counts.waiting ?? 0,
    active: counts.active ?? 0,
    delayed: counts.delayed ?? 0,
    failed: counts.failed ?? 0,
    prioritized: counts.prioritized ?? 0,
    workers: workers.map((w) => ({ name: workerName(w.rawname ?? w.name ?? '', queue), addr: w.addr ?? '', ageSeconds: Number(w.age ?? 0) })),
    oldestWaiting: head
      ? { id: String(head.id), name: head.name, enqueuedAt: new Date(head.timestamp).toISOString(), ageSeconds: round((now - head.timestamp) / 1000) }
      : null,
    lagSeconds: head ? round(Math.max(0, now - due(head)) / 1000) : 0,
  };
}

async function feedsStatus(pool: pg.Pool): Promise<FeedsStatus> {
  const r = await pool.query<FeedsStatus>(
    `SELECT count(*) FILTER (WHERE enabled)::int AS enabled,
            count(*) FILTER (WHERE enabled AND healthy)::int AS healthy,
            count(*) FILTER (WHERE enabled AND NOT healthy)::int AS unhealthy,
            count(*) FILTER (WHERE NOT enabled)::int AS disabled,
            count(*) FILTER (WHERE enabled AND coalesce(last_fetched_at, created_at)
              < now() - make_interval(secs => 2 * coalesce(effective_interval_seconds, interval_seconds)))::int AS overdue,
            (SELECT count(*) FROM items WHERE fetched_at > now() - interval '1 hour')::int AS "itemsLastHour",
            (SELECT count(*) FROM alerts WHERE created_at > now() - interval '1 hour')::int AS "alertsLastHour"
       FROM feeds`,
  );
  return r.rows[0];
}

export function formatStatus(r: StatusReport): string {
  const head = ['stage', 'waiting', 'active', 'delayed', 'failed', 'workers', 'oldest waiting', 'lag'];
  const rows = r.stages.map((s) => [
    s.stage,
    String(s.waiting + s.prioritized),
    String(s.active),
    String(s.delayed),
    String(s.failed),
    String(s.workers.length),
    s.oldestWaiting ? `${s.oldestWaiting.name} #${s.oldestWaiting.id}, ${duration(s.oldestWaiting.ageSeconds)} old` : '-',
    duration(s.lagSeconds),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === 0 || i >= 6 ? c.padEnd(widths[i]) : c.padStart(widths[i])))
      .join('  ')
      .trimEnd();
  let out = `queues (prefix ${r.prefix}) at ${r.at}\n${line(head)}\n${rows.map(line).join('\n')}\n`;
  if (r.feeds) {
    const f = r.feeds;
    out += `feeds: ${f.enabled} enabled (${f.healthy} healthy, ${f.unhealthy} unhealthy, ${f.overdue} overdue), ${f.disabled} disabled\n`;
    out += `last hour: ${f.itemsLastHour} items stored, ${f.alertsLastHour} alerts\n`;
  }
  for (const t of r.translation) {
    out +=
      t.state === 'ready'
        ? `translation ${t.lang}: ready (${t.model})\n`
        : `translation ${t.lang}: no_model${t.model ? ` (${t.model}: ${t.detail ?? 'not usable'})` : ' (none configured)'}, ${t.waitingItems} items waiting; fix: ${t.fix}\n`;
  }
  return out;
}

function duration(seconds: number): string {
  if (seconds < 90) return `${Math.round(seconds)}s`;
  if (seconds < 5400) return `${Math.round(seconds / 60)}m`;
  if (seconds < 172_800) return `${(seconds / 3600).toFixed(1)}h`;
  return `${(seconds / 86400).toFixed(1)}d`;
}

/** BullMQ names a worker's connection `<prefix>:<base64 queue>[:w:<worker name>]`; keep the worker name. */
function workerName(raw: string, queue: Queue): string {
  const i = raw.indexOf(':w:');
  return i >= 0 ? raw.slice(i + 3) : queue.name;
}

const round = (x: number) => Math.round(x * 10) / 10;

function errorCode(e: unknown): string {
  const err = e as { code?: string; message?: string };
  return err.code ?? (err.message ?? String(e)).split('\n')[0];
}

function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    u.password = '';
    return u.toString();
  } catch {
    return 'REDIS_URL';
  }
}
