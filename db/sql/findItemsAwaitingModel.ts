import type { Db } from '../pool.ts';

/**
 * Items of a language left untranslated for want of a model (translation_status `no_model`), newest first,
 * a page at a time (ids below `beforeId`): what the translate stage hands on when the model appears.
 */
export async function findItemsAwaitingModel(
  db: Db,
  lang: string,
  beforeId: number | null,
  limit: number,
): Promise<Array<{ id: number; revision: number }>> {
  const r = await db.query<{ id: number; revision: number }>(
    `SELECT id, revision FROM items
      WHERE translation_status = 'no_model' AND lang = $1 AND ($2::bigint IS NULL OR id < $2)
      ORDER BY id DESC LIMIT $3`,
    [lang, beforeId, limit],
  );
  return r.rows;
}
