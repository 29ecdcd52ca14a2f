import type { Db } from '../pool.ts';
import type { StorySourceRow } from './listStorySources.ts';

export interface AlertSourceRow extends StorySourceRow {
  /** publication time (clamped to the fetch), else the fetch: what orders the sources */
  at: Date | null;
  story_id: number | null;
}

/**
 * Every (item, figure) source of an alert other than `exceptItemId`, in publication order: each outlet that
 * carried the event, across stories and languages.
 */
export async function listAlertSources(db: Db, alertId: number, exceptItemId: number | null): Promise<AlertSourceRow[]> {
  const r = await db.query<AlertSourceRow>(
    `SELECT i.id AS item_id, i.title, i.url, i.feed_id, f.name AS feed_name, i.published_at, i.fetched_at, s.at, si.story_id
       FROM alert_sources s JOIN items i ON i.id = s.item_id
       LEFT JOIN feeds f ON f.id = i.feed_id
       LEFT JOIN story_items si ON si.item_id = s.item_id
      WHERE s.alert_id = $1 AND s.item_id IS DISTINCT FROM $2
      ORDER BY s.at NULLS LAST, i.id LIMIT 200`,
    [alertId, exceptItemId],
  );
  return r.rows;
}
