import type { Db } from '../pool.ts';
import type { AlertRow } from '../rows.ts';

export interface AlertFilters {
  /** one alert, if it passes the other filters (the live updater asks this) */
  id?: number;
  figureId?: string;
  kind?: string;
  feedId?: string;
  lang?: string;
  /** created_at >= since */
  since?: Date;
  /** created_at < until */
  until?: Date;
}

/** Position after the last row of a page: the sort column (created_at or activity_at) as Postgres text (keeps the microseconds) and id. */
export interface AlertCursor {
  createdAt: string;
  id: number;
}

/** Newest first by when the alert was made, or by its latest activity (an upgrade, a new outlet, an answer to its rumor). */
export type AlertOrder = 'created' | 'activity';
export const ALERT_ORDERS: readonly AlertOrder[] = ['created', 'activity'];

export interface AlertListRow extends AlertRow {
  figure_name: string | null;
  /** the figure's canonical English name (watchlist nameEn), for English readers */
  figure_name_en: string | null;
  feed_name: string | null;
  item_url: string | null;
  /** the sort column as Postgres text, for the next page's cursor */
  cursor_ts: string;
  /** the name of the outlet that published first */
  first_feed_name: string | null;
}

/**
 * Alerts newest first, filtered, one page after `after`. Keyset pagination on (created_at, id), or on
 * (activity_at, id) by latest activity, walks the alerts_created or alerts_activity index, so page 500 costs
 * what page 1 costs. (An alert whose activity moves while someone pages moves in the list: it may show on
 * a later page again or not at all; nothing else is skipped or repeated.)
 */
export async function listAlerts(
  db: Db,
  filters: AlertFilters,
  after: AlertCursor | null,
  limit: number,
  order: AlertOrder = 'created',
): Promise<AlertListRow[]> {
  const col = order === 'activity' ? 'a.activity_at' : 'a.created_at';
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (sql: string, value: unknown) => {
    params.push(value);
    where.push(sql.replace('?', `$${params.length}`));
  };
  if (filters.id !== undefined) add('a.id = ?', filters.id);
  if (filters.figureId) add('a.figure_id = ?', filters.figureId);
  if (filters.kind) add('a.kind = ?', filters.kind);
  if (filters.feedId) add('a.feed_id = ?', filters.feedId);
  if (filters.lang) add('a.lang = ?', filters.lang);
  if (filters.since) add('a.created_at >= ?', filters.since);
  if (filters.until) add('a.created_at < ?', filters.until);
  if (after) {
    params.push(after.createdAt, after.id);
    where.push(`(${col}, a.id) < ($${params.length - 1}::timestamptz, $${params.length}::bigint)`);
  }
  params.push(limit);
  const r = await db.query<AlertListRow>(
    `SELECT a.*, ${col}::text AS cursor_ts, fi.name AS figure_name, fi.spec->>'nameEn' AS figure_name_en, fe.name AS feed_name, i.url AS item_url,
            ff.name AS first_feed_name
       FROM alerts a
       LEFT JOIN figures fi ON fi.id = a.figure_id
       LEFT JOIN feeds fe ON fe.id = a.feed_id
       LEFT JOIN feeds ff ON ff.id = a.first_feed_id
       LEFT JOIN items i ON i.id = a.item_id
      ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY ${col} DESC, a.id DESC
      LIMIT $${params.length}`,
    params,
  );
  return r.rows;
}
