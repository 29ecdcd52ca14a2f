import type { Db } from '../pool.ts';

/**
 * Items whose translation failed for want of a model (translation_status `model_missing`) at least
 * `graceSeconds` ago: once the model is in the folder, a sweeper hands them to the translate queue again
 * (with a fresh job id, since BullMQ keeps the failed job's id for a while).
 *
 * Legacy: since migration 020 the translate stage records a missing model as the language's `no_model` state
 * and hands the language's items back itself when the model appears (workers/translate/languageStates.ts);
 * nothing writes `model_missing` any more, and the migration moved such items to `no_model`.
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
