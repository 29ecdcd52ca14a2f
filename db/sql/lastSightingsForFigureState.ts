import type { Db } from '../pool.ts';

export interface LastSighting {
  figureId: string;
  at: Date;
  /** the place of his latest sighting that named one ('' signals name none) */
  placeId: string | null;
  itemId: number;
}

/**
 * Each figure's latest sighting (appearance or whereabouts) up to `now`, with the place of the latest one
 * that named a place on that same item if any: what figure_state.last_seen_* and `raqib figures` show.
 */
export async function lastSightingsForFigureState(db: Db, now: Date): Promise<LastSighting[]> {
  const r = await db.query<{ figure_id: string; at: Date; place_id: string; item_id: number }>(
    `SELECT DISTINCT ON (s.figure_id) s.figure_id, least(coalesce(i.published_at, i.fetched_at), i.fetched_at) AS at, s.place_id, i.id AS item_id
       FROM item_signals s JOIN items i ON i.id = s.item_id
      WHERE s.type IN ('appearance', 'whereabouts') AND i.fetched_at <= $1::timestamptz + interval '5 minutes'
      ORDER BY s.figure_id, at DESC, (s.place_id = '') ASC, i.id DESC`,
    [now.toISOString()],
  );
  return r.rows.map((x) => ({ figureId: x.figure_id, at: x.at, placeId: x.place_id || null, itemId: x.item_id }));
}
