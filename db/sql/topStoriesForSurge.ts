import type { Db } from '../pool.ts';

/** The stories carrying most of a figure's mentions since `since`: what a surge alert points analysts to. */
export async function topStoriesForSurge(db: Db, figureId: string, since: Date, limit = 5): Promise<{ storyId: number; items: number }[]> {
  const r = await db.query<{ story_id: number; items: number }>(
    `SELECT si.story_id, count(DISTINCT i.id)::int AS items
       FROM mentions m JOIN items i ON i.id = m.item_id JOIN story_items si ON si.item_id = i.id
      WHERE m.figure_id = $1 AND i.fetched_at >= $2
      GROUP BY si.story_id ORDER BY items DESC, si.story_id LIMIT $3`,
    [figureId, since.toISOString(), limit],
  );
  return r.rows.map((x) => ({ storyId: x.story_id, items: x.items }));
}
