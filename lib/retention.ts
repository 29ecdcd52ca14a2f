import type { Db } from '../db/pool.ts';
import { pruneExpiredSessions } from '../db/sql/pruneExpiredSessions.ts';
import { pruneExpiredTokens } from '../db/sql/pruneExpiredTokens.ts';
import { pruneItemBodies } from '../db/sql/pruneItemBodies.ts';
import { pruneLoginThrottle } from '../db/sql/pruneLoginThrottle.ts';

export interface PruneResult {
  /** Items fetched before this time were pruned. */
  cutoff: Date;
  pruned: number;
  /** Rows per statement, in order; none exceeds the batch size. */
  batches: number[];
  /** account rows past their use (see pruneAccounts) */
  accounts: AccountsPruned;
}

export interface AccountsPruned {
  sessions: number;
  tokens: number;
  loginThrottle: number;
}

/**
 * Account rows past their use, whatever the item retention: expired sessions, API tokens expired or revoked
 * more than 30 days ago (kept that long so `raqib users tokens` still shows them), and login-throttle rows
 * with no lock in force and no failure for a day. Few rows: one statement each.
 */
export async function pruneAccounts(pool: Db): Promise<AccountsPruned> {
  return { sessions: await pruneExpiredSessions(pool), tokens: await pruneExpiredTokens(pool, 30), loginThrottle: await pruneLoginThrottle(pool) };
}

export interface PruneOptions {
  /** Stop after this many statements (a scheduled run does a bounded amount of work); default unbounded. */
  maxBatches?: number;
  /** Pause between statements so autovacuum and the pipeline's writes get room; default 0. */
  pauseMs?: number;
  now?: Date;
}

/** The instant before which item bodies are pruned; `days` 0 keeps everything (null). */
export function retentionCutoff(days: number, now = new Date()): Date | null {
  if (days <= 0) return null;
  return new Date(now.getTime() - days * 86_400_000);
}

/**
 * Prunes item bodies older than `days` in statements of at most `batch` rows, each its own short
 * transaction (autocommit), until none is left. Called by `raqib prune` and by the scheduled
 * `watch` job `{check: 'retention'}`. Safe to run on several hosts at once: rows another run holds are
 * skipped, and a pruned row is never matched again.
 */
export async function pruneOnce(pool: Db, days: number, batch = 500, opts: PruneOptions = {}): Promise<PruneResult> {
  if (!Number.isInteger(batch) || batch < 1) throw new Error(`retention batch must be a positive whole number (got ${batch})`);
  const cutoff = retentionCutoff(days, opts.now);
  const result: PruneResult = { cutoff: cutoff ?? new Date(0), pruned: 0, batches: [], accounts: await pruneAccounts(pool) };
  if (!cutoff) return result;
  const maxBatches = opts.maxBatches ?? Number.POSITIVE_INFINITY;
  while (result.batches.length < maxBatches) {
    const n = await pruneItemBodies(pool, cutoff, batch);
    result.batches.push(n);
    result.pruned += n;
    if (n < batch) break;
    if (opts.pauseMs) await new Promise((r) => setTimeout(r, opts.pauseMs));
  }
  return result;
}
