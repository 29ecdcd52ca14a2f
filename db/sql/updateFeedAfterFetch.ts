import type { Db } from '../pool.ts';

export interface FeedFetchState {
  etag: string | null;
  lastModified: string | null;
  bodyHash: string | null;
  cursor: string | null;
  success: boolean;
  error: string | null;
  errorKind: string | null;
  consecutiveFailures: number;
  failureScore: number;
  healthy: boolean;
  effectiveIntervalSeconds: number | null;
  adaptedIntervalSeconds: number | null;
  cadenceReason: string | null;
  /** this fetch stored new items */
  storedNew: boolean;
  notBefore: Date | null;
}

/** Conditional-GET state, health and cadence after one fetch; errors are kept on the feed row for ops. */
export async function updateFeedAfterFetch(db: Db, feedId: string, s: FeedFetchState): Promise<void> {
  await db.query(
    `UPDATE feeds SET
       etag = $2, last_modified = $3, body_hash = $4, cursor = $5,
       last_fetched_at = now(),
       last_success_at = CASE WHEN $6 THEN now() ELSE last_success_at END,
       last_error = CASE WHEN $6 THEN last_error ELSE $7 END,
       last_error_kind = CASE WHEN $6 THEN last_error_kind ELSE $8 END,
       last_error_at = CASE WHEN $6 THEN last_error_at ELSE now() END,
       consecutive_failures = $9, failure_score = $10, healthy = $11,
       effective_interval_seconds = $12, not_before = $13, adapted_interval_seconds = $14, cadence_reason = $15,
       last_new_item_at = CASE WHEN $16 THEN now() ELSE last_new_item_at END
     WHERE id = $1`,
    [
      feedId,
      s.etag,
      s.lastModified,
      s.bodyHash,
      s.cursor,
      s.success,
      s.error,
      s.errorKind,
      s.consecutiveFailures,
      s.failureScore,
      s.healthy,
      s.effectiveIntervalSeconds,
      s.notBefore,
      s.adaptedIntervalSeconds,
      s.cadenceReason,
      s.storedNew,
    ],
  );
}
