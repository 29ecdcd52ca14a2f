import type { Db } from '../pool.ts';

export interface StoryItemInput {
  itemId: number;
  storyId: number;
  feedId: string;
  minhash: number[];
  shingles: number;
  bands: readonly bigint[];
}

/**
 * Adds items to their stories with their bands and updates the stories' counts, in one statement (the
 * stories are locked by createStories). The counts read story_items as it was before this statement (its own
 * inserts are not visible to it), so a feed new to a story adds one source and a new item one item; an item
 * already in its story (a job run again) adds nothing.
 */
export async function addStoryItems(db: Db, rows: readonly StoryItemInput[]): Promise<void> {
  if (rows.length === 0) return;
  // one (band, story) row each: ON CONFLICT DO UPDATE may not touch a row twice in one statement
  const bandRows = new Map<string, { band: string; storyId: number }>();
  for (const r of rows) for (const b of r.bands) bandRows.set(`${b}:${r.storyId}`, { band: String(b), storyId: r.storyId });
  await db.query(
    `WITH si AS (
       INSERT INTO story_items (item_id, story_id, feed_id, minhash, shingles)
       SELECT item_id, story_id, feed_id, minhash::integer[], shingles
         FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[], $5::integer[]) AS r(item_id, story_id, feed_id, minhash, shingles)
       ON CONFLICT (item_id) DO NOTHING RETURNING item_id, story_id, feed_id),
     sb AS (
       INSERT INTO story_bands (band, story_id) SELECT band, story_id FROM unnest($6::bigint[], $7::bigint[]) AS b(band, story_id)
       ON CONFLICT (band, story_id) DO UPDATE SET created_at = now()),
     delta AS (
       SELECT story_id, count(*) AS items,
              count(DISTINCT feed_id) FILTER (WHERE NOT EXISTS (SELECT 1 FROM story_items o WHERE o.story_id = si.story_id AND o.feed_id = si.feed_id)) AS feeds
         FROM si GROUP BY story_id)
     UPDATE stories s SET item_count = s.item_count + d.items, source_count = s.source_count + d.feeds, updated_at = now()
       FROM delta d WHERE s.id = d.story_id`,
    [
      rows.map((r) => r.itemId),
      rows.map((r) => r.storyId),
      rows.map((r) => r.feedId),
      rows.map((r) => `{${r.minhash.join(',')}}`),
      rows.map((r) => r.shingles),
      [...bandRows.values()].map((b) => b.band),
      [...bandRows.values()].map((b) => b.storyId),
    ],
  );
}
