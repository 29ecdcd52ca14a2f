import { describe, expect, it } from 'vitest';
import { assignBatch } from './assignBatch.ts';
import { storySignature } from './storySignature.ts';

const DENIAL =
  'نفى مكتب الأمين العام لعصائب أهل الحق الشيخ قيس الخزعلي، اليوم الأحد، الأنباء التي تحدثت عن مقتله بغارة جوية قرب الحدود السورية، مؤكداً أن الشيخ بصحة جيدة ويمارس مهامه بشكل طبيعي.';
const COPY = `عاجل | ${DENIAL} #قيس_الخزعلي`;
const VISIT =
  'وصل الأمين العام لعصائب أهل الحق الشيخ قيس الخزعلي، اليوم الأحد، إلى العاصمة الإيرانية طهران في زيارة رسمية يلتقي خلالها عدداً من المسؤولين الإيرانيين لبحث الأوضاع الإقليمية.';

const sig = (t: string) => storySignature(t);
const stored = (storyId: number, t: string) => ({ storyId, minhash: sig(t).minhash, shingles: sig(t).shingles });

describe('assignBatch', () => {
  it('opens one story for copies inside the batch and another for a different statement', () => {
    const got = assignBatch([
      { itemId: 1, signature: sig(DENIAL), existingStoryId: null, candidates: [] },
      { itemId: 2, signature: sig(VISIT), existingStoryId: null, candidates: [] },
      { itemId: 3, signature: sig(COPY), existingStoryId: null, candidates: [] },
    ]);
    expect(got.get(1)).toEqual({ openedBy: 1 });
    expect(got.get(2)).toEqual({ openedBy: 2 });
    expect(got.get(3)).toEqual({ openedBy: 1 });
  });

  it('prefers a stored story to one the batch opens, the older of two stored ones, and keeps an item’s own story', () => {
    const got = assignBatch([
      { itemId: 1, signature: sig(DENIAL), existingStoryId: null, candidates: [stored(9, DENIAL), stored(4, DENIAL)] },
      { itemId: 2, signature: sig(COPY), existingStoryId: null, candidates: [] },
      { itemId: 3, signature: sig(VISIT), existingStoryId: 17, candidates: [stored(9, VISIT)] },
      { itemId: 4, signature: sig(VISIT), existingStoryId: null, candidates: [stored(9, DENIAL)] },
    ]);
    expect(got.get(1)).toEqual({ storyId: 4 });
    expect(got.get(2)).toEqual({ storyId: 4 });
    expect(got.get(3)).toEqual({ storyId: 17 });
    // a stored candidate below the bar is not joined; the batch's own copy of the visit (item 3) is
    expect(got.get(4)).toEqual({ storyId: 17 });
  });

  it('gives a text too short for bands a story of its own', () => {
    const got = assignBatch([
      { itemId: 1, signature: sig('قيس الخزعلي'), existingStoryId: null, candidates: [] },
      { itemId: 2, signature: sig('قيس الخزعلي'), existingStoryId: null, candidates: [] },
    ]);
    expect(got.get(2)).toEqual({ openedBy: 2 });
  });
});
