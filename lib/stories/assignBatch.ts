import { similarity, STORY_SIMILARITY, type StorySignature } from './storySignature.ts';

/** A stored wording of a recent story that shares LSH bands with an item. */
export interface StoryWording {
  storyId: number;
  minhash: number[];
  shingles: number;
}

export interface BatchStoryItem {
  itemId: number;
  signature: StorySignature;
  /** the story the item already belongs to (a job run again, an edited item): kept */
  existingStoryId: number | null;
  /** stored wordings of stories sharing its bands, read under the band locks */
  candidates: readonly StoryWording[];
}

/** An existing story, or a new one named by the item that opens it. */
export type StoryChoice = { storyId: number } | { openedBy: number };

interface BatchWording {
  signature: StorySignature;
  story: StoryChoice;
}

/**
 * Stories for a batch of items, in the order given: each joins the story of its most similar wording at or
 * above STORY_SIMILARITY, among the stored candidates and the batch's own earlier items that share a band
 * with it, or opens a new story. Ties go to the older story (stored before new, lower id first), so every
 * assigner picks the same one. Pure: the caller has the band locks and writes the result.
 */
export function assignBatch(items: readonly BatchStoryItem[], bar = STORY_SIMILARITY): Map<number, StoryChoice> {
  const out = new Map<number, StoryChoice>();
  // the batch's own wordings so far, by band, for items later in the batch
  const byBand = new Map<string, BatchWording[]>();
  for (const it of items) {
    let story: StoryChoice | undefined = it.existingStoryId !== null ? { storyId: it.existingStoryId } : undefined;
    if (!story) {
      let best: { story: StoryChoice; score: number } | undefined;
      const consider = (candidate: StoryChoice, score: number) => {
        if (score < bar) return;
        if (!best || score > best.score || (score === best.score && olderThan(candidate, best.story))) best = { story: candidate, score };
      };
      for (const w of it.candidates)
        consider({ storyId: w.storyId }, similarity(it.signature, { minhash: w.minhash, shingles: w.shingles, bands: [] }));
      const seen = new Set<BatchWording>();
      for (const b of it.signature.bands) {
        for (const w of byBand.get(String(b)) ?? []) {
          if (seen.has(w)) continue;
          seen.add(w);
          consider(w.story, similarity(it.signature, w.signature));
        }
      }
      story = best?.story ?? { openedBy: it.itemId };
    }
    out.set(it.itemId, story);
    const entry: BatchWording = { signature: it.signature, story };
    for (const b of it.signature.bands) {
      const key = String(b);
      const list = byBand.get(key);
      if (list) list.push(entry);
      else byBand.set(key, [entry]);
    }
  }
  return out;
}

function olderThan(a: StoryChoice, b: StoryChoice): boolean {
  if ('storyId' in a) return 'storyId' in b ? a.storyId < b.storyId : true;
  return 'storyId' in b ? false : a.openedBy < b.openedBy;
}
