import type { Db } from '../pool.ts';
import type { AlertKind } from '../rows.ts';

export interface ItemAlertInput {
  dedupeKey: string;
  figureId: string;
  kind: AlertKind;
  priority: 'normal' | 'high';
  storyId: number | null;
  itemId: number;
  feedId: string;
  lang: string | null;
  placeId: string | null;
  snippet: string;
  marks: Array<[number, number]>;
}

export interface UpsertedAlert {
  id: number;
  kind: AlertKind;
  /** created now, or upgraded to a stronger kind: either way listeners and delivery must hear of it */
  changed: boolean;
  created: boolean;
}

/**
 * One alert per story and figure. A later source of the same story only upgrades it when it says something
 * stronger (a debunk after a plain mention); otherwise the existing alert is returned unchanged.
 */
export async function upsertItemAlert(db: Db, a: ItemAlertInput): Promise<UpsertedAlert> {
  const r = await db.query<UpsertedAlert>(
    `INSERT INTO alerts (dedupe_key, figure_id, kind, priority, story_id, item_id, feed_id, lang, place_id, snippet, snippet_marks)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
     ON CONFLICT (dedupe_key) DO UPDATE
        SET kind = EXCLUDED.kind, priority = EXCLUDED.priority,
            place_id = coalesce(EXCLUDED.place_id, alerts.place_id), updated_at = now()
      WHERE raqib_kind_rank(EXCLUDED.kind) > raqib_kind_rank(alerts.kind)
     RETURNING id, kind, true AS changed, (xmax = 0) AS created`,
    [a.dedupeKey, a.figureId, a.kind, a.priority, a.storyId, a.itemId, a.feedId, a.lang, a.placeId, a.snippet, JSON.stringify(a.marks)],
  );
  if (r.rows[0]) return r.rows[0];
  // not upgraded: read it in a new statement (a new snapshot sees a row another transaction just committed)
  const existing = await db.query<UpsertedAlert>('SELECT id, kind, false AS changed, false AS created FROM alerts WHERE dedupe_key = $1', [
    a.dedupeKey,
  ]);
  return existing.rows[0];
}
