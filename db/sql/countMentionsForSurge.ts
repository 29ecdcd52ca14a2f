import type { Db } from '../pool.ts';

/** Items mentioning a figure, per whole hour before `now` (0 = the last 60 minutes). */
export interface HourlyMentionCount {
  figureId: string;
  hoursAgo: number;
  items: number;
}

/**
 * Counts, per figure and per hour back from `now`, the items mentioning him over the last `hours` hours.
 * An item's time is its published time, but never later than when we fetched it (feeds post-date and
 * mis-date). Rows come only for hours with mentions, so the result is bounded by figures × hours.
 */
export async function countMentionsForSurge(db: Db, now: Date, hours: number): Promise<HourlyMentionCount[]> {
  const r = await db.query<{ figure_id: string; hours_ago: number; items: number }>(
    `WITH recent AS (
       SELECT m.figure_id, i.id, least(coalesce(i.published_at, i.fetched_at), i.fetched_at) AS at
         FROM items i JOIN mentions m ON m.item_id = i.id
        WHERE i.fetched_at > $1::timestamptz - make_interval(hours => $2) AND i.fetched_at <= $1::timestamptz + interval '5 minutes')
     SELECT figure_id, floor(extract(epoch FROM ($1::timestamptz - at)) / 3600)::int AS hours_ago, count(DISTINCT id)::int AS items
       FROM recent
      WHERE at > $1::timestamptz - make_interval(hours => $2) AND at <= $1::timestamptz
      GROUP BY 1, 2`,
    [now.toISOString(), hours],
  );
  return r.rows.map((x) => ({ figureId: x.figure_id, hoursAgo: x.hours_ago, items: x.items }));
}
