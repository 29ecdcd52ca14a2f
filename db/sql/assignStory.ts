import type { Db } from '../pool.ts';
import { assignBatch } from '../../lib/stories/assignBatch.ts';
import type { StorySignature } from '../../lib/stories/storySignature.ts';
import { addStoryItems } from './addStoryItems.ts';
import { createStories } from './createStories.ts';
import { findStoryCandidates } from './findStoryCandidates.ts';
import { lockStoryBands } from './lockStoryBands.ts';

export interface AssignStoryInput {
  itemId: number;
  feedId: string;
  title: string;
  signature: StorySignature;
}

export interface AssignStoryOptions {
  /** Only stories whose bands were touched this recently are candidates. */
  windowHours?: number;
  /** Stored wordings compared per candidate story (newest first). */
  wordingsPerStory?: number;
}

export interface AssignedStory {
  storyId: number;
  /** this call opened the story */
  isNew: boolean;
}

/**
 * Puts each item of a batch into the story of its near-duplicates (stored, or earlier in the same batch) or
 * a new story, in four statements whatever the batch's size: the band locks of every item at once, in
 * sorted order; the candidates; the new stories (and a lock on the joined ones); the items, bands and
 * counts. Must run inside the caller's transaction (the locks are transaction-scoped): a concurrent assigner
 * holding a near-duplicate shares a band with it, waits for this one to commit, then joins its story.
 */
export async function assignStories(
  client: Db,
  inputs: readonly AssignStoryInput[],
  opts: AssignStoryOptions = {},
): Promise<Map<number, AssignedStory>> {
  if (inputs.length === 0) return new Map();
  const items = [...inputs].sort((a, b) => a.itemId - b.itemId);
  // each item's own key too (below zero, apart from most band keys): a text too short for bands, handed to
  // two jobs at once (a re-enqueued item), still gets one story
  await lockStoryBands(client, [...items.flatMap((i) => i.signature.bands), ...items.map((i) => -BigInt(i.itemId) - 1n)]);
  const found = await findStoryCandidates(
    client,
    items.map((i) => ({ itemId: i.itemId, bands: i.signature.bands })),
    opts.windowHours ?? 72,
    opts.wordingsPerStory ?? 20,
  );
  const choices = assignBatch(
    items.map((i) => ({
      itemId: i.itemId,
      signature: i.signature,
      existingStoryId: found.existing.get(i.itemId) ?? null,
      candidates: found.wordings.get(i.itemId) ?? [],
    })),
  );
  const joins = new Set<number>();
  const opened: Array<{ itemId: number; title: string }> = [];
  for (const i of items) {
    const c = choices.get(i.itemId)!;
    if ('storyId' in c) {
      if (!found.existing.has(i.itemId)) joins.add(c.storyId);
    } else if (c.openedBy === i.itemId) opened.push({ itemId: i.itemId, title: i.title });
  }
  const created = await createStories(client, [...joins], opened);
  const out = new Map<number, AssignedStory>();
  const rows = [];
  for (const i of items) {
    const c = choices.get(i.itemId)!;
    const storyId = 'storyId' in c ? c.storyId : created.get(c.openedBy)!;
    out.set(i.itemId, { storyId, isNew: 'openedBy' in c && c.openedBy === i.itemId });
    if (!found.existing.has(i.itemId))
      rows.push({
        itemId: i.itemId,
        storyId,
        feedId: i.feedId,
        minhash: i.signature.minhash,
        shingles: i.signature.shingles,
        bands: i.signature.bands,
      });
  }
  await addStoryItems(client, rows);
  return out;
}
