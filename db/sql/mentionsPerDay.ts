import type { Db } from '../pool.ts';

export interface MentionDayRow {
  figure_id: string;
  /** YYYY-MM-DD (UTC) */
  day: string;
  /** items mentioning the figure that day */
  items: number;
}

/** Items mentioning each figure per UTC day over the last `days` days (by publication, else fetch time). */
export async function mentionsPerDay(db: Db, days: number, figureId: string | null = null): Promise<MentionDayRow[]> {
  const r = await db.query<MentionDayRow>(
    `SELECT m.figure_id, to_char(date_trunc('day', coalesce(i.published_at, i.fetched_at) AT TIME ZONE 'UTC'), 'YYYY-MM-DD') AS day,
            count(DISTINCT m.item_id)::int AS items
       FROM mentions m JOIN items i ON i.id = m.item_id
      WHERE i.fetched_at > now() - make_interval(days => $1) AND ($2::text IS NULL OR m.figure_id = $2)
      GROUP BY 1, 2`,
    [days, figureId],
  );
  return r.rows;
}
