import type { Db } from '../pool.ts';
import type { ItemRow } from '../rows.ts';

export interface ItemWithMentions extends ItemRow {
  feed_name: string | null;
  /** the translation state of the item's language (translation_languages): ready | no_model | null */
  lang_state: 'ready' | 'no_model' | null;
  /** the model configured for it */
  lang_model: string | null;
  mentions: Array<{ figureId: string; start: number; end: number; text: string }>;
}

export async function getItemWithMentions(db: Db, itemId: number): Promise<ItemWithMentions | null> {
  const r = await db.query<ItemWithMentions>(
    `SELECT i.*, f.name AS feed_name, tl.state AS lang_state, tl.model AS lang_model,
            coalesce((SELECT json_agg(json_build_object('figureId', m.figure_id, 'start', m.start_pos, 'end', m.end_pos, 'text', m.text)
                                      ORDER BY m.start_pos)
                        FROM mentions m WHERE m.item_id = i.id), '[]'::json) AS mentions
       FROM items i LEFT JOIN feeds f ON f.id = i.feed_id LEFT JOIN translation_languages tl ON tl.lang = i.lang WHERE i.id = $1`,
    [itemId],
  );
  return r.rows[0] ?? null;
}
