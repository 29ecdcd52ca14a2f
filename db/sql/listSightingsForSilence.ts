import type { Db } from '../pool.ts';

/** A figure's latest sighting on one day (appearance or whereabouts signals). */
export interface SightingDay {
  figureId: string;
  at: Date;
}

/**
 * One row per figure per day he was seen (appearance or whereabouts) in the last `days` days: enough to learn
 * his usual gap, and bounded by figures × days however many outlets carried each sighting.
 */
export async function listSightingsForSilence(db: Db, now: Date, days: number): Promise<SightingDay[]> {
  const r = await db.query<{ figure_id: string; at: Date }>(
    `SELECT s.figure_id, max(least(coalesce(i.published_at, i.fetched_at), i.fetched_at)) AS at
       FROM item_signals s JOIN items i ON i.id = s.item_id
      WHERE s.type IN ('appearance', 'whereabouts')
        AND i.fetched_at > $1::timestamptz - make_interval(days => $2) AND i.fetched_at <= $1::timestamptz + interval '5 minutes'
      GROUP BY s.figure_id, date_trunc('day', least(coalesce(i.published_at, i.fetched_at), i.fetched_at))`,
    [now.toISOString(), days],
  );
  return r.rows.map((x) => ({ figureId: x.figure_id, at: x.at }));
}
