import { createHash } from 'node:crypto';
import type { SourceItem } from '../../lib/fetch/source.ts';
import type { Db } from '../pool.ts';

export interface StoredItems {
  /** ids of items seen for the first time */
  inserted: number[];
  /** ids of stored items whose text changed (edits): their revision was bumped */
  updated: number[];
}

export const itemContentHash = (it: Pick<SourceItem, 'title' | 'text'>) =>
  createHash('sha256').update(it.title).update('\n').update(it.text).digest('hex');

/**
 * Stores a fetch's items in one statement. The unique (feed_id, guid) key makes a repeated fetch a no-op;
 * an item whose text changed is updated in place and its revision bumped so analysis runs again. An item
 * without a believable date is published "now" (its first-seen time) with published_unknown set; an edit
 * keeps the date the item was first stored with.
 */
export async function storeItems(db: Db, feedId: string, items: SourceItem[]): Promise<StoredItems> {
  if (items.length === 0) return { inserted: [], updated: [] };
  // one row per guid: ON CONFLICT DO UPDATE cannot touch the same row twice in one statement
  const byGuid = new Map<string, SourceItem>();
  for (const it of items) byGuid.set(it.guid, it);
  const rows = [...byGuid.values()];
  const r = await db.query<{ id: number; inserted: boolean }>(
    `INSERT INTO items (feed_id, guid, url, title, body, content_hash, published_at, published_unknown, meta)
     SELECT $1, g, u, t, b, h, coalesce(p, now()), p IS NULL, m
       FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::timestamptz[], $8::jsonb[]) AS x(g, u, t, b, h, p, m)
     ON CONFLICT (feed_id, guid) DO UPDATE
        SET url = EXCLUDED.url, title = EXCLUDED.title, body = EXCLUDED.body, content_hash = EXCLUDED.content_hash,
            meta = EXCLUDED.meta, updated_at = now(), revision = items.revision + 1
      WHERE items.content_hash <> EXCLUDED.content_hash
     RETURNING id, (xmax = 0) AS inserted`,
    [
      feedId,
      rows.map((i) => i.guid),
      rows.map((i) => i.url),
      rows.map((i) => i.title),
      rows.map((i) => i.text),
      rows.map((i) => itemContentHash(i)),
      rows.map((i) => i.publishedAt),
      rows.map((i) =>
        JSON.stringify({
          ...(i.media?.length ? { media: i.media } : {}),
          ...(i.forwardedFrom ? { forwardedFrom: i.forwardedFrom } : {}),
          ...(i.views != null ? { views: i.views } : {}),
          ...(i.edited ? { edited: true } : {}),
        }),
      ),
    ],
  );
  const out: StoredItems = { inserted: [], updated: [] };
  for (const row of r.rows) (row.inserted ? out.inserted : out.updated).push(row.id);
  return out;
}
