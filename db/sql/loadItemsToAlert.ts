import type { Db } from '../pool.ts';

export interface ItemToAlert {
  id: number;
  feed_id: string;
  /** the feed's kind: a telegram item's time is its post time */
  feed_kind: string;
  title: string;
  body: string | null;
  lang: string | null;
  analyzed_revision: number;
  published_at: Date | null;
  fetched_at: Date;
  /** the feed's translate mode: all | mentions | none */
  translate: string;
}

/** Items among ids analyzed but not yet turned into alerts (done ones are skipped: idempotent). */
export async function loadItemsToAlert(db: Db, ids: number[]): Promise<ItemToAlert[]> {
  const r = await db.query<ItemToAlert>(
    `SELECT i.id, i.feed_id, f.kind AS feed_kind, i.title, i.body, i.lang, i.analyzed_revision, i.published_at, i.fetched_at,
            coalesce(f.config->>'translate', 'mentions') AS translate
       FROM items i JOIN feeds f ON f.id = i.feed_id
      WHERE i.id = ANY($1::bigint[]) AND i.alerted_revision < i.analyzed_revision
      ORDER BY i.id`,
    [ids],
  );
  return r.rows;
}
