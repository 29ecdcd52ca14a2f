import type { Db } from '../pool.ts';
import type { HarmKind, SignalType } from '../rows.ts';

export type { SignalType } from '../rows.ts';

export interface ItemSignalInput {
  itemId: number;
  figureId: string;
  type: SignalType;
  placeId: string | null;
  /** the optional Signal fields: null when the classifier does not say */
  harm?: HarmKind | null;
  basis?: 'denial' | 'assurance' | 'sighting' | null;
  answersRumor?: boolean;
  start?: number | null;
  end?: number | null;
  speaker?: { text: string; figureId?: string | null; start: number; end: number } | null;
}

/** Replaces the signals of the given items (an edit re-analyzes); one signal per (figure, type, place) is kept. */
export async function replaceItemSignals(db: Db, itemIds: number[], signals: ItemSignalInput[]): Promise<void> {
  const col = <T>(f: (s: ItemSignalInput) => T) => signals.map(f);
  await db.query(
    `WITH gone AS (DELETE FROM item_signals WHERE item_id = ANY($1::bigint[]))
     INSERT INTO item_signals (item_id, figure_id, type, place_id, harm, basis, answers_rumor, start_pos, end_pos,
                               speaker_text, speaker_figure_id, speaker_start, speaker_end)
     SELECT * FROM unnest($2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::boolean[], $9::int[], $10::int[],
                          $11::text[], $12::text[], $13::int[], $14::int[])
     ON CONFLICT DO NOTHING`,
    [
      itemIds,
      col((s) => s.itemId),
      col((s) => s.figureId),
      col((s) => s.type),
      col((s) => s.placeId ?? ''),
      col((s) => s.harm ?? null),
      col((s) => s.basis ?? null),
      col((s) => s.answersRumor ?? false),
      col((s) => s.start ?? null),
      col((s) => s.end ?? null),
      col((s) => s.speaker?.text ?? null),
      col((s) => s.speaker?.figureId ?? null),
      col((s) => s.speaker?.start ?? null),
      col((s) => s.speaker?.end ?? null),
    ],
  );
}
