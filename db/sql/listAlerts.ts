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

/** Position after the last row of a page: created_at as Postgres text (keeps the microseconds) and id. */
export interface AlertCursor {
  createdAt: string;
  id: number;
}

export interface AlertListRow extends AlertRow {
  figure_name: string | null;
  /** the figure's canonical English name (watchlist nameEn), for English readers */
  figure_name_en: string | null;
  feed_name: string | null;
  item_url: string | null;
  /** created_at as Postgres text, for the next page's cursor */
  cursor_ts: string;
}

/**
 * Alerts newest first, filtered, one page after `after`. Keyset pagination on (created_at, id) walks the
 * alerts_created index, so page 500 costs what page 1 costs.
 */
export async function listAlerts(db: Db, filters: AlertFilters, after: AlertCursor | null, limit: number): Promise<AlertListRow[]> {
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
    where.push(`(a.created_at, a.id) < ($${params.length - 1}::timestamptz, $${params.length}::bigint)`);
  }
  params.push(limit);
  const r = await db.query<AlertListRow>(
    `SELECT a.*, a.created_at::text AS cursor_ts, fi.name AS figure_name, fi.spec->>'nameEn' AS figure_name_en, fe.name AS feed_name, i.url AS item_url
       FROM alerts a
       LEFT JOIN figures fi ON fi.id = a.figure_id
       LEFT JOIN feeds fe ON fe.id = a.feed_id
       LEFT JOIN items i ON i.id = a.item_id
      ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY a.created_at DESC, a.id DESC
      LIMIT $${params.length}`,
    params,
  );
  return r.rows;
}
