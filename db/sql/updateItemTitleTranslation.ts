import type { Db } from '../pool.ts';

/**
 * Writes an item's English title ahead of its body, so the alert's English headline shows while the body is
 * still being translated; false when the item changed (or vanished) meanwhile.
 */
export async function updateItemTitleTranslation(db: Db, t: { itemId: number; revision: number; titleEn: string; model: string }): Promise<boolean> {
  const r = await db.query(`UPDATE items SET title_en = $3, translation_model = $4 WHERE id = $1 AND revision = $2`, [
    t.itemId,
    t.revision,
    t.titleEn,
    t.model,
  ]);
  return (r.rowCount ?? 0) > 0;
}
