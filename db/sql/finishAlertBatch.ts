import type { Db } from '../pool.ts';

export interface FigureStateInput {
  figureId: string;
  mentionAt: Date;
  mentionItemId: number;
  seenAt: Date | null;
  seenPlace: string | null;
  seenItemId: number | null;
}

/**
 * The last statement of an alert job's transaction: each named figure's state (last mentioned; last seen,
 * from whereabouts and appearances), by publication time and never moving backwards whatever order items
 * arrive in; and the items marked alerted at the revision analyzed. Figures are written in id order, so two
 * jobs never wait for each other's rows in a circle.
 */
export async function finishAlertBatch(
  db: Db,
  figures: readonly FigureStateInput[],
  items: ReadonlyArray<{ id: number; revision: number }>,
): Promise<void> {
  const sorted = [...figures].sort((a, b) => (a.figureId < b.figureId ? -1 : a.figureId > b.figureId ? 1 : 0));
  await db.query(
    `WITH fs AS (
       INSERT INTO figure_state (figure_id, last_mention_at, last_mention_item_id, last_seen_at, last_seen_place, last_seen_item_id)
       SELECT * FROM unnest($1::text[], $2::timestamptz[], $3::bigint[], $4::timestamptz[], $5::text[], $6::bigint[]) ORDER BY 1
       ON CONFLICT (figure_id) DO UPDATE SET
         last_mention_item_id = CASE WHEN EXCLUDED.last_mention_at > coalesce(figure_state.last_mention_at, '-infinity')
                                     THEN EXCLUDED.last_mention_item_id ELSE figure_state.last_mention_item_id END,
         last_mention_at = greatest(figure_state.last_mention_at, EXCLUDED.last_mention_at),
         last_seen_place = CASE WHEN EXCLUDED.last_seen_at > coalesce(figure_state.last_seen_at, '-infinity')
                                THEN EXCLUDED.last_seen_place ELSE figure_state.last_seen_place END,
         last_seen_item_id = CASE WHEN EXCLUDED.last_seen_at > coalesce(figure_state.last_seen_at, '-infinity')
                                  THEN EXCLUDED.last_seen_item_id ELSE figure_state.last_seen_item_id END,
         last_seen_at = greatest(figure_state.last_seen_at, EXCLUDED.last_seen_at),
         updated_at = now()
       -- older news changes nothing (and a job run again writes nothing)
       WHERE EXCLUDED.last_mention_at > coalesce(figure_state.last_mention_at, '-infinity')
          OR EXCLUDED.last_seen_at > coalesce(figure_state.last_seen_at, '-infinity'))
     UPDATE items SET alerted_revision = x.rev FROM unnest($7::bigint[], $8::int[]) AS x(id, rev)
      WHERE items.id = x.id AND items.alerted_revision < x.rev`,
    [
      sorted.map((f) => f.figureId),
      sorted.map((f) => f.mentionAt),
      sorted.map((f) => f.mentionItemId),
      sorted.map((f) => f.seenAt),
      sorted.map((f) => f.seenPlace),
      sorted.map((f) => f.seenItemId),
      items.map((i) => i.id),
      items.map((i) => i.revision),
    ],
  );
}
