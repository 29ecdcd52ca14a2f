import type { Db } from '../pool.ts';

export interface MentionInput {
  itemId: number;
  figureId: string;
  start: number;
  end: number;
  text: string;
  alias: string;
  revision: number;
}

/** Replaces the mentions of the given items with those found by this analysis, in one statement. */
export async function replaceMentions(db: Db, itemIds: number[], mentions: MentionInput[]): Promise<void> {
  await db.query(
    `WITH gone AS (DELETE FROM mentions WHERE item_id = ANY($1::bigint[]))
     INSERT INTO mentions (item_id, figure_id, start_pos, end_pos, text, alias, revision)
     SELECT * FROM unnest($2::bigint[], $3::text[], $4::int[], $5::int[], $6::text[], $7::text[], $8::int[])
     ON CONFLICT (item_id, figure_id, start_pos) DO UPDATE
        SET end_pos = EXCLUDED.end_pos, text = EXCLUDED.text, alias = EXCLUDED.alias, revision = EXCLUDED.revision`,
    [
      itemIds,
      mentions.map((m) => m.itemId),
      mentions.map((m) => m.figureId),
      mentions.map((m) => m.start),
      mentions.map((m) => m.end),
      mentions.map((m) => m.text),
      mentions.map((m) => m.alias),
      mentions.map((m) => m.revision),
    ],
  );
}
