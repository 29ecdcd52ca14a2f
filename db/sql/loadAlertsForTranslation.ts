import type { Db } from '../pool.ts';

/** The alerts an item raised (it is their first source), to give them an English snippet. */
export async function loadAlertsForTranslation(db: Db, itemId: number): Promise<Array<{ id: number; figure_id: string }>> {
  const r = await db.query<{ id: number; figure_id: string }>('SELECT id, figure_id FROM alerts WHERE item_id = $1 ORDER BY id', [itemId]);
  return r.rows;
}
