import type { Db } from '../pool.ts';

/**
 * Sets alerts' English snippets. The alerts trigger NOTIFYs `raqib_alerts` for each updated row, so the web
 * UI shows the translation as it lands; an unchanged snippet is not written, so a re-run announces nothing.
 */
export async function updateAlertsTranslation(db: Db, rows: Array<{ id: number; snippetEn: string }>): Promise<number> {
  if (rows.length === 0) return 0;
  const r = await db.query(
    `UPDATE alerts a SET snippet_en = u.snippet_en, updated_at = now()
       FROM unnest($1::bigint[], $2::text[]) AS u(id, snippet_en)
      WHERE a.id = u.id AND a.snippet_en IS DISTINCT FROM u.snippet_en`,
    [rows.map((x) => x.id), rows.map((x) => x.snippetEn)],
  );
  return r.rowCount ?? 0;
}
