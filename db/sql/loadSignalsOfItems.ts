import type { Db } from '../pool.ts';
import type { SignalType } from './replaceItemSignals.ts';

export interface ItemSignalRow {
  item_id: number;
  figure_id: string;
  type: SignalType;
  /** '' when the signal names no place */
  place_id: string;
}

export async function loadSignalsOfItems(db: Db, itemIds: number[]): Promise<ItemSignalRow[]> {
  const r = await db.query<ItemSignalRow>('SELECT * FROM item_signals WHERE item_id = ANY($1::bigint[])', [itemIds]);
  return r.rows;
}
