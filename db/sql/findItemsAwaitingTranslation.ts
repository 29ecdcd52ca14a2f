import type { Db } from '../pool.ts';

/**
 * Items whose translation failed for want of a model (translation_status `model_missing`) at least
 * `graceSeconds` ago: once the model is in the folder, a sweeper hands them to the translate queue again
 * (with a fresh job id, since BullMQ keeps the failed job's id for a while).
 */
export async function findItemsAwaitingTranslation(db: Db, graceSeconds = 300, limit = 1000): Promise<Array<{ id: number; revision: number }>> {
  const r = await db.query<{ id: number; revision: number }>(
    `SELECT id, revision FROM items
      WHERE translation_status = 'model_missing' AND translated_at < now() - make_interval(secs => $1)
      ORDER BY id LIMIT $2`,
    [graceSeconds, limit],
  );
  return r.rows;
}
