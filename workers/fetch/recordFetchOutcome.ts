import type pg from 'pg';
import { FeedConfig } from '../../config/feedsSchema.ts';
import { inTransaction } from '../../db/pool.ts';
import type { FeedRow } from '../../db/rows.ts';
import { listRecentYields } from '../../db/sql/listRecentYields.ts';
import { recordFetchRun } from '../../db/sql/recordFetchRun.ts';
import type { StoredItems } from '../../db/sql/storeItems.ts';
import { updateFeedAfterFetch } from '../../db/sql/updateFeedAfterFetch.ts';
import { adaptInterval, cadenceBounds, planNextFetch } from '../../lib/feeds/cadence.ts';
import { applyFetchOutcome, type FeedHealth } from '../../lib/feeds/feedHealth.ts';
import type { FetchError, FetchErrorKind } from '../../lib/fetch/errors.ts';
import type { SourceResult } from '../../lib/fetch/source.ts';

export type FetchOutcomeInput = { result: SourceResult; stored: StoredItems } | { error: FetchError };

/** The fetch run row and the feed's new health, cadence and conditional-GET state, in one transaction. */
export async function recordFetchOutcome(pool: pg.Pool, feed: FeedRow, started: Date, o: FetchOutcomeInput): Promise<void> {
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
  const health = applyFetchOutcome(
    prev,
    'error' in o ? { ok: false, kind: o.error.kind, message: o.error.message, status: o.error.status } : { ok: true },
    now,
  );
  const cfg = FeedConfig.safeParse(feed.config);
  const bounds = cadenceBounds(cfg.success ? cfg.data : { intervalSeconds: feed.interval_seconds });
  const current = feed.effective_interval_seconds ?? feed.interval_seconds;
  await inTransaction(pool, async (c) => {
    const newItems = 'error' in o ? 0 : o.stored.inserted.length;
    await recordFetchRun(c, {
      feed_id: feed.id,
      started_at: started,
      duration_ms: now.getTime() - started.getTime(),
      http_status: 'error' in o ? (o.error.status ?? null) : o.result.status,
      outcome: 'error' in o ? 'error' : o.result.unchanged ? (o.result.status === 304 ? 'not_modified' : 'unchanged') : 'ok',
      items_seen: 'error' in o ? 0 : o.result.items.length,
      items_new: newItems,
      items_updated: 'error' in o ? 0 : o.stored.updated.length,
      items_dropped: 'error' in o ? 0 : o.result.itemsDropped,
      error_kind: 'error' in o ? o.error.kind : null,
      error: 'error' in o ? o.error.message : null,
      notes: 'error' in o ? null : o.result.notes.join('; ') || null,
    });
    const yields = 'error' in o ? [] : [...(await listRecentYields(c, feed.id)).reverse()];
    const adapted = 'error' in o ? current : adaptInterval(current, yields, bounds);
    const retryAfterMs = 'error' in o ? (o.error.retryAfterMs ?? null) : null;
    const plan = planNextFetch({ adaptedSeconds: adapted, bounds, health, retryAfterMs, now });
    const state =
      'error' in o ? { etag: feed.etag, lastModified: feed.last_modified, bodyHash: feed.body_hash, cursor: feed.cursor } : o.result.state;
    await updateFeedAfterFetch(c, feed.id, {
      etag: state.etag ?? null,
      lastModified: state.lastModified ?? null,
      bodyHash: state.bodyHash ?? null,
      cursor: state.cursor ?? null,
      success: !('error' in o),
      error: health.lastError,
      errorKind: health.lastErrorKind,
      consecutiveFailures: health.consecutiveFailures,
      failureScore: health.failureScore,
      healthy: health.healthy,
      effectiveIntervalSeconds: plan.intervalSeconds,
      // only a server's explicit wish (Retry-After, at most a day) holds every fetch back, scheduled or not;
      // backoff is carried by the schedule's interval
      notBefore: retryAfterMs ? new Date(now.getTime() + Math.min(retryAfterMs, 86_400_000)) : null,
    });
  });
}
