import type { Db } from '../pool.ts';

export interface TranslationSpanRow {
  kind: 'figure' | 'place';
  /** figure id or place id */
  ref: string;
  /** UTF-16 offsets into analyzedText(title, body) */
  start_pos: number;
  end_pos: number;
  /** a figure's canonical English name (watchlist `nameEn`, else its name); null for places (from the gazetteer) */
  name_en: string | null;
}

/** The spans of an item whose English rendering is fixed: tracked figures' mentions and matched places. */
export async function loadTranslationSpans(db: Db, itemId: number): Promise<TranslationSpanRow[]> {
  const r = await db.query<TranslationSpanRow>(
    `SELECT 'figure' AS kind, m.figure_id AS ref, m.start_pos, m.end_pos, coalesce(f.spec->>'nameEn', f.name) AS name_en
       FROM mentions m LEFT JOIN figures f ON f.id = m.figure_id
      WHERE m.item_id = $1
     UNION ALL
     SELECT 'place', p.place_id, p.start_pos, p.end_pos, NULL
       FROM item_places p
      WHERE p.item_id = $1
     ORDER BY start_pos`,
    [itemId],
  );
  return r.rows;
}
