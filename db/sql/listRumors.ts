import type { Db } from '../pool.ts';
import type { RumorRow, RumorStatus } from '../rows.ts';

export interface RumorListRow extends RumorRow {
  figure_name: string | null;
  first_feed_name: string | null;
  first_item_title: string | null;
  first_item_url: string | null;
}

export interface RumorFilters {
  figureId?: string;
  status?: RumorStatus;
  id?: number;
}

/**
 * Rumors, latest activity first. An open rumor quiet for longer than `quietDays` reads as `stale` even
 * before the watch stage writes it so (expireStaleRumors), and filters as such.
 */
export async function listRumors(db: Db, f: RumorFilters, quietDays: number, limit = 100): Promise<RumorListRow[]> {
  const r = await db.query<RumorListRow>(
    `SELECT * FROM (
       SELECT r.id, r.figure_id, r.harm,
              CASE WHEN r.status = 'open' AND r.last_activity_at < now() - make_interval(days => $1) THEN 'stale' ELSE r.status END AS status,
              r.first_item_id, r.first_feed_id, r.first_at, r.first_basis, r.last_claim_at, r.last_activity_at, r.claim_items, r.claim_outlets,
              r.answer_count, r.answered_at, r.status_by, r.status_at, r.status_note, r.created_at, r.updated_at,
              fi.name AS figure_name, fe.name AS first_feed_name, i.title AS first_item_title, i.url AS first_item_url
         FROM rumors r
         LEFT JOIN figures fi ON fi.id = r.figure_id
         LEFT JOIN feeds fe ON fe.id = r.first_feed_id
         LEFT JOIN items i ON i.id = r.first_item_id
        WHERE ($2::text IS NULL OR r.figure_id = $2) AND ($4::bigint IS NULL OR r.id = $4)) AS x
      WHERE $3::text IS NULL OR x.status = $3
      ORDER BY x.last_activity_at DESC, x.id DESC
      LIMIT $5`,
    [quietDays, f.figureId ?? null, f.status ?? null, f.id ?? null, limit],
  );
  return r.rows;
}
