import type { Db } from '../pool.ts';

export type SignalType = 'debunk' | 'harm_claim' | 'whereabouts' | 'appearance';

export interface ItemSignalInput {
  itemId: number;
  figureId: string;
  type: SignalType;
  placeId: string | null;
}

export async function replaceItemSignals(db: Db, itemIds: number[], signals: ItemSignalInput[]): Promise<void> {
  await db.query(
    `WITH gone AS (DELETE FROM item_signals WHERE item_id = ANY($1::bigint[]))
     INSERT INTO item_signals (item_id, figure_id, type, place_id)
     SELECT * FROM unnest($2::bigint[], $3::text[], $4::text[], $5::text[])
     ON CONFLICT DO NOTHING`,
    [itemIds, signals.map((s) => s.itemId), signals.map((s) => s.figureId), signals.map((s) => s.type), signals.map((s) => s.placeId ?? '')],
  );
}
