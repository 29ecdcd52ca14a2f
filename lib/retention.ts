import type { Settings } from '../config/settings.ts';
import type { Db } from '../db/pool.ts';
import { pruneDeliveries } from '../db/sql/pruneDeliveries.ts';
import { pruneExpiredSessions } from '../db/sql/pruneExpiredSessions.ts';
import { pruneExpiredTokens } from '../db/sql/pruneExpiredTokens.ts';
import { pruneFetchRunDays } from '../db/sql/pruneFetchRunDays.ts';
import { pruneFetchRuns } from '../db/sql/pruneFetchRuns.ts';
import { pruneItemBodies } from '../db/sql/pruneItemBodies.ts';
import { pruneLoginThrottle } from '../db/sql/pruneLoginThrottle.ts';
import { pruneStoryBands } from '../db/sql/pruneStoryBands.ts';
import { pruneStoryMinhash } from '../db/sql/pruneStoryMinhash.ts';
import { pruneTranslationCache } from '../db/sql/pruneTranslationCache.ts';

/**
 * Bounded storage: every table that grows with time has a rule here, with its own setting (an age in days;
 * 0 keeps everything) and a batch size. `raqib prune` and the scheduled `watch` job `{check: 'retention'}`
 * run every rule, each in statements of at most `batch` rows, each its own short transaction, so a run never
 * holds locks for long and several runs (hosts) at once only share the work.
 *
 * Adding a rule is a few lines: a `db/sql/prune<Thing>.ts` statement `(db, cutoff, limit) => rows done`
 * (oldest first, rows another transaction holds skipped, fewer than `limit` when nothing older is left), a
 * setting in config/settings.ts, and an entry below.
 */
export interface RetentionRule {
  name: string;
  /** what goes and what stays, for `raqib prune --help`, logs and docs */
  what: string;
  /** the setting holding its age in days */
  setting: RetentionSetting;
  /** rows per statement */
  batch: number;
  prune(db: Db, cutoff: Date, limit: number): Promise<number>;
}

/** Settings that are a retention in days. */
export type RetentionSetting = {
  [K in keyof Settings]: Settings[K] extends number ? (K extends `RAQIB_${string}_DAYS` ? K : never) : never;
}[keyof Settings];

export const RETENTION_RULES: readonly RetentionRule[] = [
  {
    name: 'fetch_runs',
    what: 'fetch runs are rolled up into per-feed daily counts (fetch_run_days), then deleted',
    setting: 'RAQIB_FETCH_RUNS_DAYS',
    batch: 5000,
    prune: pruneFetchRuns,
  },
  {
    name: 'fetch_run_days',
    what: 'per-feed daily fetch counts are deleted',
    setting: 'RAQIB_FETCH_HISTORY_DAYS',
    batch: 5000,
    prune: pruneFetchRunDays,
  },
  {
    name: 'story_matching',
    what: 'story bands and MinHash signatures, read only while stories are matched (72 h), are deleted; stories and their items stay',
    setting: 'RAQIB_STORY_MATCH_DAYS',
    batch: 5000,
    prune: async (db, cutoff, limit) => {
      const bands = await pruneStoryBands(db, cutoff, limit);
      return bands < limit ? bands + (await pruneStoryMinhash(db, cutoff, limit - bands)) : bands;
    },
  },
  {
    name: 'item_bodies',
    what: 'analyzed items lose their body and its translation; titles, mentions, alerts and snippets stay',
    setting: 'RAQIB_RETENTION_DAYS',
    batch: 500,
    prune: pruneItemBodies,
  },
  {
    name: 'translation_cache',
    what: 'cached sentence translations not used for this long (a cache hit refreshes a row at most once a day) are deleted',
    setting: 'RAQIB_TRANSLATION_CACHE_DAYS',
    batch: 1000,
    prune: pruneTranslationCache,
  },
  {
    name: 'deliveries',
    what: 'finished deliveries (delivered or failed) are deleted from the delivery log; pending ones and their alerts stay',
    setting: 'RAQIB_DELIVERY_RETENTION_DAYS',
    batch: 1000,
    prune: pruneDeliveries,
  },
  {
    name: 'accounts',
    what: 'sessions past their expiry, API tokens expired or revoked before the cutoff (kept until then for `raqib users tokens`), and login-throttle rows with no lock in force and no failure for a day are deleted',
    setting: 'RAQIB_ACCOUNT_RETENTION_DAYS',
    batch: 1000,
    prune: async (db, cutoff, limit) => {
      let done = await pruneExpiredSessions(db, limit);
      if (done < limit) done += await pruneExpiredTokens(db, cutoff, limit - done);
      if (done < limit) done += await pruneLoginThrottle(db, limit - done);
      return done;
    },
  },
];

export interface RetentionOptions {
  /** only these rules (by name); default all */
  only?: readonly string[];
  /** days per rule name, over the settings (e.g. `raqib prune --days` for item bodies) */
  days?: Readonly<Record<string, number>>;
  /** rows per statement, over each rule's own */
  batch?: number;
  /** stop a rule after this many statements (a scheduled run does a bounded amount of work); default unbounded */
  maxBatches?: number;
  /** pause between statements so autovacuum and the pipeline's writes get room; default 0 */
  pauseMs?: number;
  now?: Date;
  rules?: readonly RetentionRule[];
}

export interface RuleRun {
  rule: string;
  days: number;
  /** rows older than this went; null when the rule keeps everything (0 days) */
  cutoff: Date | null;
  /** rows done */
  pruned: number;
  /** rows per statement, in order; none exceeds the batch size */
  batches: number[];
}

/** The instant before which a rule prunes; `days` 0 keeps everything (null). */
export function retentionCutoff(days: number, now = new Date()): Date | null {
  if (days <= 0) return null;
  return new Date(now.getTime() - days * 86_400_000);
}

/** Runs the rules in order, each until nothing older than its cutoff is left or `maxBatches` is reached. */
export async function runRetention(db: Db, s: Settings, o: RetentionOptions = {}): Promise<RuleRun[]> {
  const rules = o.rules ?? RETENTION_RULES;
  for (const name of o.only ?? []) {
    if (!rules.some((r) => r.name === name)) throw new Error(`no retention rule "${name}" (rules: ${rules.map((r) => r.name).join(', ')})`);
  }
  if (o.batch !== undefined && (!Number.isInteger(o.batch) || o.batch < 1))
    throw new Error(`retention batch must be a positive whole number (got ${o.batch})`);
  const out: RuleRun[] = [];
  for (const rule of rules) {
    if (o.only && !o.only.includes(rule.name)) continue;
    const days = o.days?.[rule.name] ?? s[rule.setting];
    out.push(await runRule(db, rule, days, o));
  }
  return out;
}

async function runRule(db: Db, rule: RetentionRule, days: number, o: RetentionOptions): Promise<RuleRun> {
  const cutoff = retentionCutoff(days, o.now);
  const run: RuleRun = { rule: rule.name, days, cutoff, pruned: 0, batches: [] };
  if (!cutoff) return run;
  const batch = o.batch ?? rule.batch;
  const maxBatches = o.maxBatches ?? Number.POSITIVE_INFINITY;
  while (run.batches.length < maxBatches) {
    const n = await rule.prune(db, cutoff, batch);
    run.batches.push(n);
    run.pruned += n;
    if (n < batch) break;
    if (o.pauseMs) await new Promise((r) => setTimeout(r, o.pauseMs));
  }
  return run;
}
