import type pg from 'pg';
import { FeedConfig } from '../../config/feedsSchema.ts';
import { inTransaction } from '../../db/pool.ts';
import type { FeedRow } from '../../db/rows.ts';
import { listRecentYields } from '../../db/sql/listRecentYields.ts';
import { recordFetchRun, type NewFetchRun } from '../../db/sql/recordFetchRun.ts';
import type { StoredItems } from '../../db/sql/storeItems.ts';
import { updateFeedAfterFetch } from '../../db/sql/updateFeedAfterFetch.ts';
import { adaptInterval, burstSettings, cadenceBounds, planNextFetch, type CadenceConfig } from '../../lib/feeds/cadence.ts';
import { applyFetchOutcome, type FeedHealth } from '../../lib/feeds/feedHealth.ts';
import type { FetchError, FetchErrorKind } from '../../lib/fetch/errors.ts';
import type { SourceResult } from '../../lib/fetch/source.ts';

export type FetchOutcomeInput = { result: SourceResult; stored: StoredItems } | { error: FetchError };

/**
 * The fetch run row and the feed's new health, cadence and conditional-GET state, in one transaction.
 * `crawlDelaySeconds` is the site's robots.txt Crawl-delay when the feed honours robots.txt.
 */
export async function recordFetchOutcome(
  pool: pg.Pool,
  feed: FeedRow,
  started: Date,
  o: FetchOutcomeInput,
  crawlDelaySeconds: number | null = null,
): Promise<void> {
  const now = new Date();
  const prev: FeedHealth = {
    consecutiveFailures: feed.consecutive_failures,
    failureScore: feed.failure_score,
    healthy: feed.healthy,
    lastSuccessAt: feed.last_success_at,
    lastErrorAt: feed.last_error_at,
    lastErrorKind: feed.last_error_kind as FetchErrorKind | null,
    lastError: feed.last_error,
  };
  const err = 'error' in o ? o.error : null;
  const ok = 'error' in o ? null : o;
  const health = applyFetchOutcome(prev, err ? { ok: false, kind: err.kind, message: err.message, status: err.status } : { ok: true }, now);
  const cfg = FeedConfig.safeParse(feed.config);
  const cadence: CadenceConfig = cfg.success ? cfg.data : { intervalSeconds: feed.interval_seconds };
  const bounds = cadenceBounds(cadence);
  // the interval adapted to yield, not the effective one a burst or backoff set on top of it
  const current = feed.adapted_interval_seconds ?? feed.interval_seconds;
  const run: NewFetchRun = {
    feed_id: feed.id,
    started_at: started,
    duration_ms: now.getTime() - started.getTime(),
    http_status: err ? (err.status ?? null) : ok!.result.status,
    outcome: err ? 'error' : ok!.result.unchanged ? (ok!.result.status === 304 ? 'not_modified' : 'unchanged') : 'ok',
    items_seen: ok?.result.items.length ?? 0,
    items_new: ok?.stored.inserted.length ?? 0,
    items_updated: ok?.stored.updated.length ?? 0,
    items_dropped: ok?.result.itemsDropped ?? 0,
    error_kind: err?.kind ?? null,
    error: err?.message ?? null,
    notes: ok?.result.notes.join('; ') || null,
  };
  // a failed fetch keeps the conditional-GET state it had and says nothing about the feed's yield
  const state = ok ? ok.result.state : { etag: feed.etag, lastModified: feed.last_modified, bodyHash: feed.body_hash, cursor: feed.cursor };
  const retryAfterMs = err?.retryAfterMs ?? null;
  await inTransaction(pool, async (c) => {
    await recordFetchRun(c, run);
    const pinned = cadence.pin === true;
    const adapted = pinned ? bounds.baseSeconds : ok ? adaptInterval(current, (await listRecentYields(c, feed.id)).reverse(), bounds) : current;
    const storedNew = (ok?.stored.inserted.length ?? 0) > 0;
    const plan = planNextFetch({
      adaptedSeconds: adapted,
      bounds,
      health,
      retryAfterMs,
      crawlDelaySeconds,
      pinned,
      burst: burstSettings(cadence),
      lastNewItemAt: storedNew ? now : feed.last_new_item_at,
      now,
    });
    await updateFeedAfterFetch(c, feed.id, {
      etag: state.etag ?? null,
      lastModified: state.lastModified ?? null,
      bodyHash: state.bodyHash ?? null,
      cursor: state.cursor ?? null,
      success: ok !== null,
      error: health.lastError,
      errorKind: health.lastErrorKind,
      consecutiveFailures: health.consecutiveFailures,
      failureScore: health.failureScore,
      healthy: health.healthy,
      effectiveIntervalSeconds: plan.intervalSeconds,
      adaptedIntervalSeconds: adapted,
      cadenceReason: plan.reason,
      storedNew,
      // only a server's explicit wish (Retry-After, at most a day) holds every fetch back, scheduled or not;
      // backoff is carried by the schedule's interval
      notBefore: retryAfterMs ? new Date(now.getTime() + Math.min(retryAfterMs, 86_400_000)) : null,
    });
  });
}
