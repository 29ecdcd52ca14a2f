import type { Db } from '../pool.ts';

export interface ItemTranslation {
  itemId: number;
  /** the revision that was translated: an edit since then brings its own translate job */
  revision: number;
  titleEn: string | null;
  bodyEn: string | null;
  model: string | null;
  /** translated | no_model | english | skipped */
  status: string;
}

/** Writes an item's English text and status; false when the item changed (or vanished) meanwhile. */
export async function updateItemTranslation(db: Db, t: ItemTranslation): Promise<boolean> {
  const r = await db.query(
    `UPDATE items SET title_en = $3, body_en = $4, translation_model = $5, translation_status = $6, translated_at = now()
      WHERE id = $1 AND revision = $2`,
    [t.itemId, t.revision, t.titleEn, t.bodyEn, t.model, t.status],
  );
  return (r.rowCount ?? 0) > 0;
}
