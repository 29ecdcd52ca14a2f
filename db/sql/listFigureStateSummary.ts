import type { Db } from '../pool.ts';

export interface FigureStateSummaryRow {
  figure_id: string;
  /** items naming him fetched in the last 24 hours / 7 days before `now` */
  mentions_24h: number;
  mentions_7d: number;
  silence_alert_id: number | null;
  silence_since: Date | null;
  surge_started_at: Date | null;
  /** written by the alert stage, by publication time */
  last_seen_at: Date | null;
  last_seen_place: string | null;
  last_seen_item_id: number | null;
  last_mention_at: Date | null;
  last_mention_item_id: number | null;
}

/** Mention counts, open surge/silence and last seen/mentioned per figure, for `raqib figures`. */
export async function listFigureStateSummary(db: Db, figureIds: readonly string[], now: Date): Promise<FigureStateSummaryRow[]> {
  const r = await db.query<FigureStateSummaryRow>(
    `WITH ids AS (SELECT unnest($1::text[]) AS figure_id),
     counts AS (
       SELECT m.figure_id,
              count(DISTINCT m.item_id) FILTER (WHERE i.fetched_at > $2::timestamptz - interval '24 hours')::int AS mentions_24h,
              count(DISTINCT m.item_id)::int AS mentions_7d
         FROM mentions m JOIN items i ON i.id = m.item_id
        WHERE m.figure_id = ANY($1::text[]) AND i.fetched_at > $2::timestamptz - interval '7 days' AND i.fetched_at <= $2::timestamptz
        GROUP BY m.figure_id)
     SELECT ids.figure_id, coalesce(c.mentions_24h, 0) AS mentions_24h, coalesce(c.mentions_7d, 0) AS mentions_7d,
            s.silence_alert_id, s.silence_since, s.surge_started_at,
            s.last_seen_at, s.last_seen_place, s.last_seen_item_id, s.last_mention_at, s.last_mention_item_id
       FROM ids LEFT JOIN counts c USING (figure_id) LEFT JOIN figure_state s USING (figure_id)`,
    [figureIds, now.toISOString()],
  );
  return r.rows;
}
