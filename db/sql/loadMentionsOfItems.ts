import type { Db } from '../pool.ts';
import type { MentionRow } from '../rows.ts';

export async function loadMentionsOfItems(db: Db, itemIds: number[]): Promise<MentionRow[]> {
  const r = await db.query<MentionRow>('SELECT * FROM mentions WHERE item_id = ANY($1::bigint[]) ORDER BY item_id, start_pos', [itemIds]);
  return r.rows;
}
