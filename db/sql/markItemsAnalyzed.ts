import type { Db } from '../pool.ts';

/** Records the language and the revision analyzed; the guard keeps a slow stale run from overwriting a newer one. */
export async function markItemsAnalyzed(db: Db, rows: Array<{ id: number; revision: number; lang: string }>): Promise<void> {
  await db.query(
    `UPDATE items SET lang = x.lang, analyzed_revision = x.rev, analyzed_at = now()
       FROM unnest($1::bigint[], $2::int[], $3::text[]) AS x(id, rev, lang)
      WHERE items.id = x.id AND items.analyzed_revision < x.rev`,
    [rows.map((r) => r.id), rows.map((r) => r.revision), rows.map((r) => r.lang)],
  );
}
