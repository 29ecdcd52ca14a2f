import { z } from 'zod';

/**
 * Process settings from the environment, validated once at start-up. Every knob a deployment can turn lives
 * here with its default for a single machine; code reads `settings()` and never `process.env` directly.
 */
const intFrom = (name: string, def: number, min: number, max = Number.MAX_SAFE_INTEGER) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === '') return def;
      const n = Number(v);
      if (!Number.isInteger(n) || n < min || n > max) {
        ctx.addIssue({ code: 'custom', message: `${name} must be a whole number from ${min} to ${max} (got "${v}")` });
        return z.NEVER;
      }
      return n;
    });

export const SettingsSchema = z.object({
  /** Postgres connection string. */
  DATABASE_URL: z.string().default('postgres://postgres@127.0.0.1:5432/raqib'),
  /** Redis connection string for BullMQ. */
  REDIS_URL: z.string().default('redis://127.0.0.1:6379'),
  /** BullMQ key prefix; the braces are a Redis Cluster hash tag so all of a queue's keys share a slot. */
  RAQIB_QUEUE_PREFIX: z.string().default('{raqib}'),
  /** host:port or host entries the SSRF guard lets through although loopback/private. */
  RAQIB_FETCH_ALLOW: z
    .string()
    .default('')
    .transform((s) =>
      s
        .split(',')
        .map((x) => x.trim().toLowerCase())
        .filter(Boolean),
    ),
  /** Response body cap, applied to decompressed bytes. */
  RAQIB_FETCH_MAX_BYTES: intFrom('RAQIB_FETCH_MAX_BYTES', 5 * 1024 * 1024, 1024),
  /** Total deadline for one HTTP request, headers and body together. */
  RAQIB_FETCH_TIMEOUT_MS: intFrom('RAQIB_FETCH_TIMEOUT_MS', 20_000, 100),
  RAQIB_FETCH_MAX_REDIRECTS: intFrom('RAQIB_FETCH_MAX_REDIRECTS', 5, 0, 20),
  /** Items kept from one fetch; the rest are reported in the fetch run, not silently dropped. */
  RAQIB_FETCH_MAX_ITEMS: intFrom('RAQIB_FETCH_MAX_ITEMS', 500, 1),
  /** Characters of body text kept per item. */
  RAQIB_ITEM_MAX_CHARS: intFrom('RAQIB_ITEM_MAX_CHARS', 100_000, 1000),
  RAQIB_USER_AGENT: z.string().default('RaqibBot/0.1 (+https://github.com/raqib/raqib; media monitoring)'),
  /** Local model folder (transformers.js env.localModelPath); a model id is a sub-folder. */
  RAQIB_MODELS_DIR: z.string().default('./models'),
  RAQIB_WEB_HOST: z.string().default('127.0.0.1'),
  RAQIB_WEB_PORT: intFrom('RAQIB_WEB_PORT', 3000, 0, 65535),
  /** Web login sessions last this many hours. */
  RAQIB_SESSION_HOURS: intFrom('RAQIB_SESSION_HOURS', 168, 1),
  /** Mark the session cookie Secure (set when the web app is served over HTTPS). */
  RAQIB_WEB_SECURE_COOKIE: z
    .enum(['0', '1', 'true', 'false'])
    .default('0')
    .transform((v) => v === '1' || v === 'true'),
  /** SMTP server for email subscriptions that name none, e.g. smtp://user:pass@mail.example:587. */
  RAQIB_SMTP_URL: z.string().default(''),
  RAQIB_SMTP_FROM: z.string().default('Raqib <raqib@localhost>'),
  /** First retry delay of a failed delivery; it doubles per attempt, capped at one hour. */
  RAQIB_DELIVER_RETRY_MS: intFrom('RAQIB_DELIVER_RETRY_MS', 30_000, 10),
  RAQIB_DELIVER_MAX_ATTEMPTS: intFrom('RAQIB_DELIVER_MAX_ATTEMPTS', 10, 1, 100),
  /** Port for /metrics and /healthz of workers and the scheduler; 0 picks a free one, -1 disables. */
  RAQIB_METRICS_PORT: intFrom('RAQIB_METRICS_PORT', 9464, -1, 65535),
  /** Postgres pool size per process. */
  RAQIB_PG_POOL: intFrom('RAQIB_PG_POOL', 10, 1, 200),
  RAQIB_WATCHLIST: z.string().default('config/watchlist.yaml'),
  RAQIB_PLACES: z.string().default('config/places.yaml'),
  /** Folder of the statement classifier's word lists, one YAML file per language. */
  RAQIB_STATEMENTS: z.string().default('config/statements'),
  RAQIB_FEEDS: z.string().default('config/feeds.yaml'),
  RAQIB_TRANSLATION: z.string().default('config/translation.yaml'),
  /** Item bodies older than this many days are pruned; 0 keeps them for ever. */
  RAQIB_RETENTION_DAYS: intFrom('RAQIB_RETENTION_DAYS', 90, 0),
  RAQIB_CHROMIUM: z.string().default('/usr/bin/chromium'),
  /** BullMQ job lock: a killed worker's jobs are retried by others after at most about this long. */
  RAQIB_LOCK_MS: intFrom('RAQIB_LOCK_MS', 30_000, 1000),
  /** How often workers look for stalled jobs of dead workers. */
  RAQIB_STALLED_CHECK_MS: intFrom('RAQIB_STALLED_CHECK_MS', 15_000, 500),
  /** Per-stage concurrency overrides, e.g. "fetch=20,analyze=2". */
  RAQIB_CONCURRENCY: z.string().default(''),
  /** Requests in flight to one host across all fetch workers. */
  RAQIB_HOST_CONCURRENCY: intFrom('RAQIB_HOST_CONCURRENCY', 2, 1, 1000),
  /** Least time between two fetches from one host, across all workers. */
  RAQIB_HOST_INTERVAL_MS: intFrom('RAQIB_HOST_INTERVAL_MS', 1000, 0),
  /** Backpressure: fetch pauses while this many analyze/alert jobs wait. */
  RAQIB_MAX_BACKLOG: intFrom('RAQIB_MAX_BACKLOG', 2000, 10),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type Settings = z.infer<typeof SettingsSchema>;

let cached: Settings | undefined;

/** Settings parsed from `env`; throws one readable line naming every bad variable. */
export function parseSettings(env: Record<string, string | undefined> = process.env): Settings {
  const r = SettingsSchema.safeParse(env);
  if (!r.success) throw new Error(r.error.issues.map((i) => i.message).join('; '));
  return r.data;
}

export function settings(): Settings {
  cached ??= parseSettings();
  return cached;
}

/** For tests that change the environment between cases. */
export function resetSettings(): void {
  cached = undefined;
}
