import type { Db } from '../pool.ts';

export interface AlertNoticeRow {
  id: number;
  kind: string;
  figureId: string;
}

/** Alerts inserted after `afterId` (oldest first), for an SSE client reconnecting with Last-Event-ID. */
export async function listAlertNoticesAfter(
  db: Db,
  afterId: number,
  figureId: string | null,
  kind: string | null,
  limit: number,
): Promise<AlertNoticeRow[]> {
  const r = await db.query<AlertNoticeRow>(
    `SELECT id, kind, figure_id AS "figureId" FROM alerts
      WHERE id > $1 AND ($2::text IS NULL OR figure_id = $2) AND ($3::text IS NULL OR kind = $3)
      ORDER BY id LIMIT $4`,
    [afterId, figureId, kind, limit],
  );
  return r.rows;
}
