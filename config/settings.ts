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
  /** One whole fetch of a feed (every page, article and render of it); each request has RAQIB_FETCH_TIMEOUT_MS. */
  RAQIB_FETCH_DEADLINE_MS: intFrom('RAQIB_FETCH_DEADLINE_MS', 120_000, 1000),
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
  /**
   * The address people open the web app at, e.g. https://raqib.example.org (behind a TLS proxy). When it is
   * https, session cookies are Secure unless RAQIB_WEB_SECURE_COOKIE=0 says otherwise.
   */
  RAQIB_WEB_PUBLIC_URL: z
    .string()
    .default('')
    .refine((v) => v === '' || /^https?:\/\/[^\s/]+/i.test(v), {
      message: 'RAQIB_WEB_PUBLIC_URL must be an http(s) URL such as https://raqib.example.org',
    }),
  /** Mark the session cookie Secure; unset: Secure when RAQIB_WEB_PUBLIC_URL is https. */
  RAQIB_WEB_SECURE_COOKIE: z
    .enum(['', '0', '1', 'true', 'false'], { message: 'RAQIB_WEB_SECURE_COOKIE must be 1, 0, true or false' })
    .default('')
    .transform((v) => (v === '' ? null : v === '1' || v === 'true')),
  /**
   * Proxies in front of the web app whose X-Forwarded-For is believed (Fastify trustProxy: a hop count such
   * as 1, or comma-separated addresses/CIDRs). Login throttling keys on the client address, so set this
   * when a reverse proxy is in front; empty: the socket's address is the client.
   */
  RAQIB_WEB_TRUST_PROXY: z.string().default(''),
  /** Live sessions one account may hold; logging in once more ends the oldest. */
  RAQIB_MAX_SESSIONS_PER_USER: intFrom('RAQIB_MAX_SESSIONS_PER_USER', 10, 1, 1000),
  /** Failed logins in a row after which an account name is locked. */
  RAQIB_LOGIN_LOCK_AFTER: intFrom('RAQIB_LOGIN_LOCK_AFTER', 10, 3, 1000),
  /** How long a locked account name stays locked; 0: until ops unlock it (raqib users unlock <name>). */
  RAQIB_LOGIN_LOCK_MINUTES: intFrom('RAQIB_LOGIN_LOCK_MINUTES', 60, 0, 525_600),
  /** SMTP server for email subscriptions that name none, e.g. smtp://user:pass@mail.example:587. */
  RAQIB_SMTP_URL: z.string().default(''),
  RAQIB_SMTP_FROM: z.string().default('Raqib <raqib@localhost>'),
  /** First retry delay of a failed delivery; it doubles per attempt, capped at one hour. */
  RAQIB_DELIVER_RETRY_MS: intFrom('RAQIB_DELIVER_RETRY_MS', 30_000, 10),
  RAQIB_DELIVER_MAX_ATTEMPTS: intFrom('RAQIB_DELIVER_MAX_ATTEMPTS', 10, 1, 100),
  /** How long a pushed alert waits for its English when a model for its language is configured (0: never). */
  RAQIB_DELIVER_WAIT_EN_MS: intFrom('RAQIB_DELIVER_WAIT_EN_MS', 60_000, 0, 3_600_000),
  /** How often a translate worker looks for a model that appeared for a language without one. */
  RAQIB_MODEL_CHECK_MS: intFrom('RAQIB_MODEL_CHECK_MS', 60_000, 100),
  /** Cached translations unused for this many days are pruned; 0 keeps them for ever. */
  RAQIB_TRANSLATION_CACHE_DAYS: intFrom('RAQIB_TRANSLATION_CACHE_DAYS', 90, 0),
  /** Finished (delivered or failed) deliveries older than this many days are pruned; 0 keeps them for ever. */
  RAQIB_DELIVERY_RETENTION_DAYS: intFrom('RAQIB_DELIVERY_RETENTION_DAYS', 30, 0),
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
  /** Fetch runs older than this are rolled up into per-feed daily counts; 0 keeps them. At least 7 keeps feed health's 7-day median exact. */
  RAQIB_FETCH_RUNS_DAYS: intFrom('RAQIB_FETCH_RUNS_DAYS', 14, 0),
  /** Per-feed daily fetch counts older than this are deleted; 0 keeps them. */
  RAQIB_FETCH_HISTORY_DAYS: intFrom('RAQIB_FETCH_HISTORY_DAYS', 400, 0),
  /** Story bands and MinHash signatures older than this are deleted; 0 keeps them. Stories are matched over 72 h. */
  RAQIB_STORY_MATCH_DAYS: intFrom('RAQIB_STORY_MATCH_DAYS', 7, 0).refine((n) => n === 0 || n >= 3, {
    message: 'RAQIB_STORY_MATCH_DAYS must be 0 (keep) or at least 3: stories are matched over the last 72 hours',
  }),
  /** API tokens expired or revoked longer ago than this are deleted (expired sessions and idle login-throttle rows go at once); 0 keeps them. */
  RAQIB_ACCOUNT_RETENTION_DAYS: intFrom('RAQIB_ACCOUNT_RETENTION_DAYS', 30, 0),
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
  /** Statements about a figure of one type (and place) published within this many hours are one event, one alert. */
  RAQIB_EVENT_WINDOW_HOURS: intFrom('RAQIB_EVENT_WINDOW_HOURS', 48, 1, 24 * 30),
  /** An open rumor with no new claim or answer for this many days goes stale and takes no more answers. */
  RAQIB_RUMOR_QUIET_DAYS: intFrom('RAQIB_RUMOR_QUIET_DAYS', 14, 1, 365),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type Settings = z.infer<typeof SettingsSchema>;

/** Session cookies are Secure when RAQIB_WEB_SECURE_COOKIE says so, else when the public URL is https. */
export const secureCookieFrom = (s: Pick<Settings, 'RAQIB_WEB_SECURE_COOKIE' | 'RAQIB_WEB_PUBLIC_URL'>): boolean =>
  s.RAQIB_WEB_SECURE_COOKIE ?? /^https:/i.test(s.RAQIB_WEB_PUBLIC_URL);

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
