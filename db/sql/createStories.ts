import type { Db } from '../pool.ts';

/**
 * In one statement: locks the existing stories items are about to join (in id order, so joiners never wait
 * in a circle; a joiner's item is then in the other's counts or the other's in ours) and creates the new
 * stories, empty (addStoryItems counts their items). Returns the new story id per opening item. The lock is
 * FOR NO KEY UPDATE: it keeps out other joiners, not the foreign-key checks of rows that merely point at it.
 */
export async function createStories(
  db: Db,
  joinIds: readonly number[],
  opened: ReadonlyArray<{ itemId: number; title: string }>,
): Promise<Map<number, number>> {
  if (joinIds.length === 0 && opened.length === 0) return new Map();
  const r = await db.query<{ id: number; first_item_id: number | null }>(
    `WITH locked AS (SELECT id FROM stories WHERE id = ANY($1::bigint[]) ORDER BY id FOR NO KEY UPDATE),
     created AS (INSERT INTO stories (first_item_id, title, item_count, source_count)
                 SELECT item_id, title, 0, 0 FROM unnest($2::bigint[], $3::text[]) AS n(item_id, title)
                 RETURNING id, first_item_id)
     SELECT id, first_item_id FROM created
     UNION ALL
     SELECT id, NULL FROM locked`,
    [[...new Set(joinIds)].sort((a, b) => a - b), opened.map((o) => o.itemId), opened.map((o) => o.title.slice(0, 500))],
  );
  return new Map(r.rows.filter((x) => x.first_item_id !== null).map((x) => [Number(x.first_item_id), Number(x.id)]));
}
