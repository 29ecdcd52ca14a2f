import type { Db } from '../pool.ts';

export interface StorySourceRow {
  item_id: number;
  title: string;
  url: string | null;
  feed_id: string;
  feed_name: string | null;
  published_at: Date | null;
  fetched_at: Date;
}

/** The items of a story other than `exceptItemId`, i.e. the other outlets that carried it. */
export async function listStorySources(db: Db, storyId: number, exceptItemId: number | null): Promise<StorySourceRow[]> {
  const r = await db.query<StorySourceRow>(
    `SELECT i.id AS item_id, i.title, i.url, i.feed_id, f.name AS feed_name, i.published_at, i.fetched_at
       FROM story_items si JOIN items i ON i.id = si.item_id LEFT JOIN feeds f ON f.id = i.feed_id
      WHERE si.story_id = $1 AND i.id IS DISTINCT FROM $2
      ORDER BY coalesce(i.published_at, i.fetched_at), i.id LIMIT 200`,
    [storyId, exceptItemId],
  );
  return r.rows;
}
