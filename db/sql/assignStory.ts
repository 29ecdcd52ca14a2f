import type { Db } from '../pool.ts';
import { similarity, STORY_SIMILARITY, type StorySignature } from '../../lib/stories/storySignature.ts';

/** Stories read per band when looking for candidates: bounds the work per item whatever the table's size. */
const CANDIDATES_PER_BAND = 32;

export interface AssignStoryInput {
  itemId: number;
  feedId: string;
  title: string;
  signature: StorySignature;
}

export interface AssignedStory {
  storyId: number;
  isNew: boolean;
  /** Distinct feeds carrying the story, this item included. */
  sourceCount: number;
  itemCount: number;
}

export interface AssignStoryOptions {
  /** Only stories whose bands were touched this recently are candidates. */
  windowHours?: number;
  /** Stored wordings compared per candidate story (newest first). */
  wordingsPerStory?: number;
}

/**
 * Puts an item into the story of its near-duplicates, or a new story. Must run inside the caller's
 * transaction (`client` is a PoolClient after BEGIN): the band locks are transaction-scoped.
 *
 * Two near-duplicates assigned at the same moment share at least one band, so each takes an advisory lock
 * on every one of its band keys, in sorted order (no deadlock between assigners); the second waits for the
 * first to commit, then sees its bands and joins its story instead of opening a twin.
 */
export async function assignStory(client: Db, input: AssignStoryInput, opts: AssignStoryOptions = {}): Promise<AssignedStory> {
  const windowHours = opts.windowHours ?? 72;
  const perStory = opts.wordingsPerStory ?? 20;
  const bands = [...new Set(input.signature.bands.map(String))].sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1));

  // the ORDER BY sits in a subquery so the locks are taken in that order
  await client.query('SELECT pg_advisory_xact_lock(k) FROM (SELECT k FROM unnest($1::bigint[]) AS k ORDER BY k) AS sorted', [bands]);

  // after the locks, in a statement of its own (a snapshot taken after them): this item's story if it has one
  // (a job run twice), else the candidate wordings of recent stories sharing its bands
  const found = await client.query<{ existing: number | null; story_id: number | null; minhash: number[] | null; shingles: number | null }>(
    // a band common to many texts (stock phrases) would make this scan grow with the table: read only the
    // newest stories per band; a true near-duplicate shares most of its bands, so it is found through the rarer ones
    `WITH mine AS (SELECT story_id FROM story_items WHERE item_id = $4),
     candidates AS (
       SELECT story_id, count(*) AS shared
         FROM unnest($1::bigint[]) AS b(band),
              LATERAL (SELECT sb.story_id FROM story_bands sb
                        WHERE sb.band = b.band AND sb.created_at > now() - make_interval(hours => $2)
                        ORDER BY sb.created_at DESC LIMIT ${CANDIDATES_PER_BAND}) AS recent
        WHERE NOT EXISTS (SELECT 1 FROM mine)
        GROUP BY story_id ORDER BY shared DESC, story_id LIMIT 10)
     SELECT story_id AS existing, NULL::bigint AS story_id, NULL::integer[] AS minhash, NULL::integer AS shingles FROM mine
     UNION ALL
     SELECT NULL, story_id, minhash, shingles FROM (
       SELECT si.story_id, si.minhash, si.shingles,
              row_number() OVER (PARTITION BY si.story_id ORDER BY si.added_at DESC, si.item_id DESC) AS n
         FROM story_items si JOIN candidates c ON c.story_id = si.story_id
        WHERE si.minhash IS NOT NULL) AS w
      WHERE n <= $3`,
    [bands.length > 0 ? bands : [], windowHours, perStory, input.itemId],
  );
  const existing = found.rows.find((r) => r.existing !== null);
  if (existing) return { ...(await storyCounts(client, existing.existing!)), isNew: false };

  let storyId: number | undefined;
  let bestScore = -1;
  for (const w of found.rows) {
    const s = similarity(input.signature, { minhash: w.minhash!, shingles: w.shingles!, bands: [] });
    if (s < STORY_SIMILARITY) continue;
    // ties go to the older story, so every assigner picks the same one
    if (s > bestScore || (s === bestScore && storyId !== undefined && w.story_id! < storyId)) {
      bestScore = s;
      storyId = w.story_id!;
    }
  }

  if (storyId === undefined) {
    // a new story, its first item and its bands in one statement
    const created = await client.query<{ id: number }>(
      `WITH s AS (INSERT INTO stories (first_item_id, title, item_count, source_count) VALUES ($1, $2, 1, 1) RETURNING id),
       si AS (INSERT INTO story_items (item_id, story_id, feed_id, minhash, shingles) SELECT $1, s.id, $3, $4::integer[], $5 FROM s),
       sb AS (INSERT INTO story_bands (band, story_id) SELECT b, s.id FROM s, unnest($6::bigint[]) AS b ON CONFLICT (band, story_id) DO NOTHING)
       SELECT id FROM s`,
      [input.itemId, input.title.slice(0, 500), input.feedId, input.signature.minhash, input.signature.shingles, bands],
    );
    return { storyId: created.rows[0].id, isNew: true, itemCount: 1, sourceCount: 1 };
  }

  // lock the story row before counting, so a concurrent joiner's item is in our count or we are in theirs
  await client.query('SELECT id FROM stories WHERE id = $1 FOR UPDATE', [storyId]);
  // join it: the item, its bands and the counts in one statement. The counts read the rows as they were before
  // this statement (its own inserts are not visible to it), so a new feed adds one source and a new item one item.
  const counts = await client.query<{ item_count: number; source_count: number }>(
    `WITH si AS (INSERT INTO story_items (item_id, story_id, feed_id, minhash, shingles) VALUES ($1, $2, $3, $4::integer[], $5)
                 ON CONFLICT (item_id) DO NOTHING RETURNING item_id),
     sb AS (INSERT INTO story_bands (band, story_id) SELECT b, $2 FROM unnest($6::bigint[]) AS b
            ON CONFLICT (band, story_id) DO UPDATE SET created_at = now())
     UPDATE stories SET
       item_count = item_count + (SELECT count(*) FROM si),
       source_count = source_count + CASE WHEN EXISTS (SELECT 1 FROM si)
                                           AND NOT EXISTS (SELECT 1 FROM story_items WHERE story_id = $2 AND feed_id = $3)
                                          THEN 1 ELSE 0 END,
       updated_at = now()
     WHERE id = $2 RETURNING item_count, source_count`,
    [input.itemId, storyId, input.feedId, input.signature.minhash, input.signature.shingles, bands],
  );
  return { storyId, isNew: false, itemCount: counts.rows[0].item_count, sourceCount: counts.rows[0].source_count };
}

async function storyCounts(client: Db, storyId: number): Promise<Omit<AssignedStory, 'isNew'>> {
  const r = await client.query<{ item_count: number; source_count: number }>('SELECT item_count, source_count FROM stories WHERE id = $1', [storyId]);
  return { storyId, itemCount: r.rows[0]?.item_count ?? 0, sourceCount: r.rows[0]?.source_count ?? 0 };
}
