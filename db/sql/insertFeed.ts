import { feedUrl, type FeedConfig } from '../../config/feedsSchema.ts';
import type { Db } from '../pool.ts';

/**
 * Adds a feed from a validated FeedConfig, or updates the configured fields of the feed with the same id
 * (fetch state and health stay). Returns true when the feed is new.
 */
export async function insertFeed(db: Db, feed: FeedConfig): Promise<boolean> {
  const r = await db.query<{ inserted: boolean }>(
    `INSERT INTO feeds (id, name, kind, url, config, enabled, interval_seconds)
     VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, kind = EXCLUDED.kind, url = EXCLUDED.url,
       config = EXCLUDED.config, enabled = EXCLUDED.enabled, interval_seconds = EXCLUDED.interval_seconds, updated_at = now()
     RETURNING (xmax = 0) AS inserted`,
    [feed.id, feed.name, feed.kind, feedUrl(feed), JSON.stringify(feed), feed.enabled, feed.intervalSeconds],
  );
  return r.rows[0].inserted;
}
