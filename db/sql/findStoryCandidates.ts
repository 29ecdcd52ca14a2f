import type { Db } from '../pool.ts';
import type { StoryWording } from '../../lib/stories/assignBatch.ts';

/** Stories read per band when looking for candidates: bounds the work per item whatever the table's size. */
const CANDIDATES_PER_BAND = 32;
/** Candidate stories kept per item: those sharing the most bands with it. */
const STORIES_PER_ITEM = 10;

export interface StoryCandidates {
  /** item id -> the story it is already in (a job run again, an edited item) */
  existing: Map<number, number>;
  /** item id -> stored wordings of recent stories sharing its bands */
  wordings: Map<number, StoryWording[]>;
}

/**
 * For a batch of items, in one statement: the story each is already in, else the newest stories sharing
 * its bands (a band common to many texts, a stock phrase, would make this grow with the table: only the
 * newest per band are read; a true near-duplicate shares most of its bands and is found through the rarer
 * ones) and up to `wordingsPerStory` of each candidate's stored wordings, newest first. Run it after
 * lockStoryBands, in the same transaction: its snapshot then sees every story a lock holder committed.
 */
export async function findStoryCandidates(
  db: Db,
  items: ReadonlyArray<{ itemId: number; bands: readonly bigint[] }>,
  windowHours: number,
  wordingsPerStory: number,
): Promise<StoryCandidates> {
  const reqItems: number[] = [];
  const reqBands: string[] = [];
  for (const it of items) for (const b of new Set(it.bands)) (reqItems.push(it.itemId), reqBands.push(String(b)));
  const r = await db.query<{
    what: 'mine' | 'top' | 'wording';
    item_id: number | null;
    story_id: number;
    minhash: number[] | null;
    shingles: number | null;
  }>(
    `WITH mine AS (SELECT item_id, story_id FROM story_items WHERE item_id = ANY($3::bigint[])),
     hits AS (
       SELECT r.item_id, recent.story_id, count(*) AS shared
         FROM unnest($1::bigint[], $2::bigint[]) AS r(item_id, band)
         CROSS JOIN LATERAL (SELECT sb.story_id FROM story_bands sb
                              WHERE sb.band = r.band AND sb.created_at > now() - make_interval(hours => $4)
                              ORDER BY sb.created_at DESC LIMIT ${CANDIDATES_PER_BAND}) AS recent
        WHERE NOT EXISTS (SELECT 1 FROM mine WHERE mine.item_id = r.item_id)
        GROUP BY r.item_id, recent.story_id),
     top AS (SELECT item_id, story_id FROM (
               SELECT item_id, story_id, row_number() OVER (PARTITION BY item_id ORDER BY shared DESC, story_id) AS n FROM hits) AS h
              WHERE n <= ${STORIES_PER_ITEM})
     SELECT 'mine' AS what, item_id, story_id, NULL::integer[] AS minhash, NULL::integer AS shingles FROM mine
     UNION ALL
     SELECT 'top', item_id, story_id, NULL, NULL FROM top
     UNION ALL
     SELECT 'wording', NULL, w.story_id, w.minhash, w.shingles
       FROM (SELECT DISTINCT story_id FROM top) AS s
       CROSS JOIN LATERAL (SELECT si.story_id, si.minhash, si.shingles FROM story_items si
                            WHERE si.story_id = s.story_id AND si.minhash IS NOT NULL
                            ORDER BY si.added_at DESC, si.item_id DESC LIMIT $5) AS w`,
    [reqItems, reqBands, items.map((i) => i.itemId), windowHours, wordingsPerStory],
  );
  const existing = new Map<number, number>();
  const byStory = new Map<number, StoryWording[]>();
  const storiesOf = new Map<number, number[]>();
  for (const row of r.rows) {
    if (row.what === 'mine') existing.set(Number(row.item_id), Number(row.story_id));
    else if (row.what === 'top') storiesOf.set(Number(row.item_id), [...(storiesOf.get(Number(row.item_id)) ?? []), Number(row.story_id)]);
    else {
      const list = byStory.get(Number(row.story_id)) ?? [];
      list.push({ storyId: Number(row.story_id), minhash: row.minhash!, shingles: row.shingles! });
      byStory.set(Number(row.story_id), list);
    }
  }
  const wordings = new Map<number, StoryWording[]>();
  for (const [itemId, stories] of storiesOf)
    wordings.set(
      itemId,
      stories.flatMap((s) => byStory.get(s) ?? []),
    );
  return { existing, wordings };
}
