import type { Db } from '../pool.ts';
import type { AlertListRow } from './listAlerts.ts';

export interface AlertDetailRow extends AlertListRow {
  item_title: string | null;
  /** NULL once retention pruned it */
  item_body: string | null;
  item_title_en: string | null;
  item_body_en: string | null;
  item_published_at: Date | null;
  item_fetched_at: Date | null;
  item_lang: string | null;
  /** translated | no_model | english | skipped | null (not translated yet) */
  item_translation_status: string | null;
  item_translation_model: string | null;
  /** the feed's `translate` setting: all | mentions | none */
  item_translate_mode: string | null;
  /** the translation state of the item's language (translation_languages), null when never recorded */
  lang_state: 'ready' | 'no_model' | null;
  /** the model configured for it (route key), and why it is not usable */
  lang_model: string | null;
  lang_detail: string | null;
  /** [start, end] UTF-16 offsets of this figure's mentions in title + "\n\n" + body */
  mention_ranges: Array<[number, number]>;
}

/** One alert with its item, names and the figure's mention offsets in the item (its times, outlets and first source are columns of the alert). */
export async function getAlert(db: Db, alertId: number): Promise<AlertDetailRow | null> {
  const r = await db.query<AlertDetailRow>(
    `SELECT a.*, a.created_at::text AS cursor_ts, fi.name AS figure_name, fi.spec->>'nameEn' AS figure_name_en, fe.name AS feed_name, i.url AS item_url,
            ff.name AS first_feed_name,
            i.title AS item_title, i.body AS item_body, i.title_en AS item_title_en, i.body_en AS item_body_en,
            i.published_at AS item_published_at, i.fetched_at AS item_fetched_at, i.lang AS item_lang,
            i.translation_status AS item_translation_status, i.translation_model AS item_translation_model, coalesce(fe.config->>'translate', 'mentions') AS item_translate_mode,
            tl.state AS lang_state, tl.model AS lang_model, tl.detail AS lang_detail,
            coalesce((SELECT json_agg(json_build_array(m.start_pos, m.end_pos) ORDER BY m.start_pos)
                        FROM mentions m WHERE m.item_id = a.item_id AND m.figure_id = a.figure_id), '[]'::json) AS mention_ranges
       FROM alerts a
       LEFT JOIN figures fi ON fi.id = a.figure_id
       LEFT JOIN feeds fe ON fe.id = a.feed_id
       LEFT JOIN feeds ff ON ff.id = a.first_feed_id
       LEFT JOIN items i ON i.id = a.item_id
       LEFT JOIN translation_languages tl ON tl.lang = coalesce(i.lang, a.lang)
      WHERE a.id = $1`,
    [alertId],
  );
  return r.rows[0] ?? null;
}
