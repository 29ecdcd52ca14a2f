import type { Db } from '../pool.ts';
import type { RumorStatus } from '../rows.ts';

/**
 * An editor's judgement of a rumor, with who gave it and why: confirmed or denied (it takes no more claims or
 * answers), or open again (undoing a judgement; a rumor quiet for the whole quiet period still reads stale).
 * False: no such rumor.
 */
export async function setRumorStatus(db: Db, id: number, status: Exclude<RumorStatus, 'stale'>, by: string, note: string | null): Promise<boolean> {
  const r = await db.query(
    `UPDATE rumors SET status = $2, status_by = $3, status_at = now(), status_note = $4,
            updated_at = now()
      WHERE id = $1`,
    [id, status, by, note],
  );
  return (r.rowCount ?? 0) > 0;
}
