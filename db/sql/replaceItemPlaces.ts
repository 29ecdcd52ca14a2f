import type { Db } from '../pool.ts';

export interface ItemPlaceInput {
  itemId: number;
  placeId: string;
  start: number;
  end: number;
}

export async function replaceItemPlaces(db: Db, itemIds: number[], places: ItemPlaceInput[]): Promise<void> {
  await db.query(
    `WITH gone AS (DELETE FROM item_places WHERE item_id = ANY($1::bigint[]))
     INSERT INTO item_places (item_id, place_id, start_pos, end_pos)
     SELECT * FROM unnest($2::bigint[], $3::text[], $4::int[], $5::int[])
     ON CONFLICT DO NOTHING`,
    [itemIds, places.map((p) => p.itemId), places.map((p) => p.placeId), places.map((p) => p.start), places.map((p) => p.end)],
  );
}
