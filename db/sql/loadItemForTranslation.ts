import type { Db } from '../pool.ts';
import type { TranslateMode } from '../../config/feedsSchema.ts';
import type { z } from 'zod';

export interface ItemForTranslation {
  id: number;
  title: string;
  /** null once retention pruned it */
  body: string | null;
  lang: string | null;
  revision: number;
  /** the feed's `translate` setting: all | mentions | none */
  translate_mode: z.infer<typeof TranslateMode>;
  has_mentions: boolean;
}

export async function loadItemForTranslation(db: Db, itemId: number): Promise<ItemForTranslation | undefined> {
  const r = await db.query<ItemForTranslation>(
    `SELECT i.id, i.title, i.body, i.lang, i.revision,
            coalesce(f.config->>'translate', 'mentions') AS translate_mode,
            EXISTS (SELECT 1 FROM mentions m WHERE m.item_id = i.id) AS has_mentions
       FROM items i JOIN feeds f ON f.id = i.feed_id
      WHERE i.id = $1`,
    [itemId],
  );
  return r.rows[0];
}
