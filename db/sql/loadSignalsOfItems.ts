import type { Db } from '../pool.ts';
import type { HarmKind, SignalType } from '../rows.ts';

export interface ItemSignalRow {
  item_id: number;
  figure_id: string;
  type: SignalType;
  /** '' when the signal names no place */
  place_id: string;
  harm: HarmKind | null;
  basis: 'denial' | 'assurance' | 'sighting' | null;
  answers_rumor: boolean;
  start_pos: number | null;
  end_pos: number | null;
  speaker_text: string | null;
  speaker_figure_id: string | null;
  speaker_start: number | null;
  speaker_end: number | null;
}

export async function loadSignalsOfItems(db: Db, itemIds: number[]): Promise<ItemSignalRow[]> {
  const r = await db.query<ItemSignalRow>('SELECT * FROM item_signals WHERE item_id = ANY($1::bigint[])', [itemIds]);
  return r.rows;
}
