import type { Db } from '../db/pool.ts';
import { pruneDeliveries } from '../db/sql/pruneDeliveries.ts';
import { pruneItemBodies } from '../db/sql/pruneItemBodies.ts';
import { pruneTranslationCache } from '../db/sql/pruneTranslationCache.ts';

export interface PruneResult {
  /** Items fetched before this time were pruned. */
  cutoff: Date;
  pruned: number;
  /** Rows per statement, in order; none exceeds the batch size. */
  batches: number[];
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
  const result: PruneResult = { cutoff: cutoff ?? new Date(0), pruned: 0, batches: [] };
  if (!cutoff) return result;
  return inBatches(result, (limit) => pruneItemBodies(pool, cutoff, limit), batch, opts);
}

/** Runs one bounded prune statement until it deletes fewer rows than `batch` (or maxBatches is reached). */
async function inBatches(result: PruneResult, step: (limit: number) => Promise<number>, batch: number, opts: PruneOptions): Promise<PruneResult> {
  const maxBatches = opts.maxBatches ?? Number.POSITIVE_INFINITY;
  while (result.batches.length < maxBatches) {
    const n = await step(batch);
    result.batches.push(n);
    result.pruned += n;
    if (n < batch) break;
    if (opts.pauseMs) await new Promise((r) => setTimeout(r, opts.pauseMs));
  }
  return result;
}

/**
 * Cached translations not used for `days` (RAQIB_TRANSLATION_CACHE_DAYS; a hit refreshes a row's last use),
 * in statements of at most `batch` rows; 0 days keeps them all.
 */
export async function pruneTranslationCacheOnce(pool: Db, days: number, batch = 500, opts: PruneOptions = {}): Promise<PruneResult> {
  const cutoff = retentionCutoff(days, opts.now);
  const result: PruneResult = { cutoff: cutoff ?? new Date(0), pruned: 0, batches: [] };
  return cutoff ? inBatches(result, (limit) => pruneTranslationCache(pool, cutoff, limit), batch, opts) : result;
}

/** Finished deliveries older than `days` (RAQIB_DELIVERY_RETENTION_DAYS), in batches; 0 days keeps them all. */
export async function pruneDeliveriesOnce(pool: Db, days: number, batch = 500, opts: PruneOptions = {}): Promise<PruneResult> {
  const cutoff = retentionCutoff(days, opts.now);
  const result: PruneResult = { cutoff: cutoff ?? new Date(0), pruned: 0, batches: [] };
  return cutoff ? inBatches(result, (limit) => pruneDeliveries(pool, cutoff, limit), batch, opts) : result;
}
