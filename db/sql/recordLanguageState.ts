import type { Db } from '../pool.ts';

export interface LanguageState {
  lang: string;
  /** the configured model's route key; null when none is configured */
  model: string | null;
  state: 'ready' | 'no_model';
  /** why a configured model is not usable */
  detail: string | null;
}

/**
 * Records a language's translation state. Writes only when something changed, and says so: the caller logs
 * (once per language, not per item) and, when the language became ready, hands its waiting items on. Of
 * several translate processes seeing the same change, one gets `true`.
 */
export async function recordLanguageState(db: Db, s: LanguageState): Promise<boolean> {
  const r = await db.query(
    `INSERT INTO translation_languages AS t (lang, model, state, detail) VALUES ($1, $2, $3, $4)
     ON CONFLICT (lang) DO UPDATE SET model = EXCLUDED.model, state = EXCLUDED.state, detail = EXCLUDED.detail, changed_at = now()
      WHERE t.model IS DISTINCT FROM EXCLUDED.model OR t.state IS DISTINCT FROM EXCLUDED.state OR t.detail IS DISTINCT FROM EXCLUDED.detail
     RETURNING t.lang`,
    [s.lang, s.model, s.state, s.detail],
  );
  return (r.rowCount ?? 0) > 0;
}
