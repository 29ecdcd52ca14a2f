import type { Db } from '../pool.ts';

/**
 * Sets alerts' English snippets. The alerts trigger NOTIFYs `raqib_alerts` for each updated row, so the web
 * UI shows the translation as it lands; an unchanged snippet is not written, so a re-run announces nothing.
 * `onlyWhereMissing` writes only alerts with no English yet (the headline standing in until the body is
 * done). Returns the ids of the alerts written.
 */
export async function updateAlertsTranslation(
  db: Db,
  rows: Array<{ id: number; snippetEn: string }>,
  opts: { onlyWhereMissing?: boolean } = {},
): Promise<number[]> {
  if (rows.length === 0) return [];
  const r = await db.query<{ id: number }>(
    `UPDATE alerts a SET snippet_en = u.snippet_en, updated_at = now()
       FROM unnest($1::bigint[], $2::text[]) AS u(id, snippet_en)
      WHERE a.id = u.id AND a.snippet_en IS DISTINCT FROM u.snippet_en AND (NOT $3 OR a.snippet_en IS NULL)
      RETURNING a.id`,
    [rows.map((x) => x.id), rows.map((x) => x.snippetEn), opts.onlyWhereMissing ?? false],
  );
  return r.rows.map((x) => Number(x.id));
}
