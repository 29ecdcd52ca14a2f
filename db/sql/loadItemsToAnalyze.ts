import type { Db } from '../pool.ts';

export interface ItemToAnalyze {
  id: number;
  feed_id: string;
  title: string;
  body: string | null;
  revision: number;
}

/** Items among ids whose current revision has not been analyzed (already analyzed ones are skipped: idempotent). */
export async function loadItemsToAnalyze(db: Db, ids: number[]): Promise<ItemToAnalyze[]> {
  const r = await db.query<ItemToAnalyze>(
    `SELECT id, feed_id, title, body, revision FROM items
      WHERE id = ANY($1::bigint[]) AND analyzed_revision < revision ORDER BY id`,
    [ids],
  );
  return r.rows;
}
