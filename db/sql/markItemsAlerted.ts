import type { Db } from '../pool.ts';

export async function markItemsAlerted(db: Db, rows: Array<{ id: number; revision: number }>): Promise<void> {
  await db.query(
    `UPDATE items SET alerted_revision = x.rev FROM unnest($1::bigint[], $2::int[]) AS x(id, rev)
      WHERE items.id = x.id AND items.alerted_revision < x.rev`,
    [rows.map((r) => r.id), rows.map((r) => r.revision)],
  );
}
