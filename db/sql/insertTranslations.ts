import type { Db } from '../pool.ts';

export interface NewTranslation {
  hash: string;
  source: string;
  translation: string;
}

/** Stores new translations; one already stored by another worker for the same (hash, model) is kept. */
export async function insertTranslations(db: Db, model: string, rows: NewTranslation[]): Promise<void> {
  if (rows.length === 0) return;
  await db.query(
    `INSERT INTO translations (content_hash, model, source_text, translation)
     SELECT h, $1, s, t FROM unnest($2::text[], $3::text[], $4::text[]) AS u(h, s, t)
     ON CONFLICT (content_hash, model) DO NOTHING`,
    [model, rows.map((r) => r.hash), rows.map((r) => r.source), rows.map((r) => r.translation)],
  );
}
