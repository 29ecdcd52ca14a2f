import type { Db } from '../pool.ts';
import type { LanguageState } from './recordLanguageState.ts';

export interface LanguageStateRow extends LanguageState {
  changed_at: Date;
  /** items of the language left untranslated for want of a model, waiting for one */
  waiting_items: number;
}

/** Every language the translate stage has recorded, with its waiting items (for `raqib status`). */
export async function listLanguageStates(db: Db): Promise<LanguageStateRow[]> {
  const r = await db.query<LanguageStateRow>(
    `SELECT t.lang, t.model, t.state, t.detail, t.changed_at,
            (SELECT count(*) FROM items i WHERE i.translation_status = 'no_model' AND i.lang = t.lang)::int AS waiting_items
       FROM translation_languages t ORDER BY t.lang`,
  );
  return r.rows;
}
