import { describe, expect, it } from 'vitest';
import { similarity, storySignature, STORY_SIMILARITY, type StorySignature } from './storySignature.ts';

// one statement as five outlets carried it, and three other statements about the same figure
const ORIGINAL =
  'نفى مكتب الأمين العام لعصائب أهل الحق الشيخ قيس الخزعلي، اليوم الأحد، الأنباء التي تحدثت عن مقتله بغارة جوية قرب الحدود السورية، مؤكداً أن الشيخ بصحة جيدة ويمارس مهامه بشكل طبيعي، وأن ما نشر مجرد شائعات مغرضة تهدف إلى إرباك الشارع.';
const SAME = {
  reworded:
    'نفى المكتب الإعلامي للأمين العام لعصائب أهل الحق قيس الخزعلي الأحد الأنباء التي تحدثت عن مقتله في غارة جوية قرب الحدود مع سوريا، وأكد أنه بصحة جيدة ويمارس مهامه بصورة طبيعية، وأن ما نشر شائعات مغرضة.',
  shortened: 'نفى مكتب الأمين العام لعصائب أهل الحق الشيخ قيس الخزعلي الأنباء التي تحدثت عن مقتله بغارة جوية، مؤكداً أن الشيخ بصحة جيدة.',
  forwarded:
    '#عاجل | نفى مكتب الأمين العام لعصائب أهل الحق الشيخ قيس الخزعلي، اليوم الأحد، الأنباء التي تحدثت عن مقتله بغارة جوية قرب الحدود السورية، مؤكداً أن الشيخ بصحة جيدة ويمارس مهامه بشكل طبيعي 🔻 تابعونا على قناة @baghdad_news https://t.me/baghdad_news',
  diacritics:
    'نَفَى مَكْتَبُ الأمينِ العامِّ لعصائبِ أهلِ الحقِّ الشيخ قيس الخزعلي اليوم الأحد الانباء التي تحدثت عن مقتله بغارة جوية قرب الحدود السورية مؤكدا ان الشيخ بصحة جيدة ويمارس مهامه بشكل طبيعي وان ما نشر مجرد شائعات مغرضة تهدف الى ارباك الشارع',
};
const DIFFERENT = {
  harmClaim:
    'أنباء غير مؤكدة عن مقتل الأمين العام لعصائب أهل الحق الشيخ قيس الخزعلي بغارة جوية استهدفت موكبه قرب الحدود السورية، ولم يصدر أي تعليق رسمي من العصائب حتى الآن.',
  visit:
    'وصل الأمين العام لعصائب أهل الحق الشيخ قيس الخزعلي، اليوم الأحد، إلى العاصمة الإيرانية طهران في زيارة رسمية يلتقي خلالها عدداً من المسؤولين الإيرانيين لبحث الأوضاع الإقليمية.',
  speech:
    'قال الأمين العام لعصائب أهل الحق الشيخ قيس الخزعلي في كلمة متلفزة اليوم الأحد إن الحكومة مطالبة بحماية السيادة الوطنية وإن فصائل المقاومة لن تقف مكتوفة الأيدي.',
};

const sharedBands = (a: StorySignature, b: StorySignature) => a.bands.filter((x) => b.bands.includes(x)).length;

describe('storySignature', () => {
  const original = storySignature(ORIGINAL);

  it('is deterministic and sized for Postgres', () => {
    const again = storySignature(ORIGINAL);
    expect(again.minhash).toEqual(original.minhash);
    expect(again.bands).toEqual(original.bands);
    for (const v of original.minhash) expect(v).toBe(v | 0);
    for (const b of original.bands) expect(BigInt.asIntN(64, b)).toBe(b);
    expect(new Set(original.bands).size).toBe(original.bands.length);
  });

  for (const [name, text] of Object.entries(SAME)) {
    it(`puts the ${name} copy in the same story`, () => {
      const s = storySignature(text);
      expect(sharedBands(original, s)).toBeGreaterThan(0);
      expect(similarity(original, s)).toBeGreaterThanOrEqual(STORY_SIMILARITY);
      expect(similarity(s, original)).toBe(similarity(original, s));
    });
  }

  for (const [name, text] of Object.entries(DIFFERENT)) {
    it(`keeps a different statement about the same figure (${name}) apart`, () => {
      expect(similarity(original, storySignature(text))).toBeLessThan(STORY_SIMILARITY);
    });
  }

  it('works for Persian and English copies too', () => {
    const fa = storySignature(
      'دفتر شیخ قیس خزعلی دبیرکل عصائب اهل الحق خبر کشته شدن او در حمله هوایی را تکذیب کرد و گفت حال او خوب است و به فعالیت‌های خود ادامه می‌دهد.',
    );
    const fa2 = storySignature('دفتر قیس خزعلی، دبیرکل عصائب اهل الحق، خبر کشته شدن او در حمله هوایی را تکذیب کرد و اعلام کرد که حال او خوب است.');
    const faOther = storySignature('گزارش‌های تایید نشده از کشته شدن قیس خزعلی دبیرکل عصائب اهل الحق در حمله هوایی نزدیک مرز سوریه حکایت دارد.');
    expect(similarity(fa, fa2)).toBeGreaterThanOrEqual(STORY_SIMILARITY);
    expect(similarity(fa, faOther)).toBeLessThan(STORY_SIMILARITY);
    const en = storySignature(
      'Asaib Ahl al-Haq denied on Sunday reports that its leader Qais al-Khazali was killed in an airstrike near the Syrian border, saying he is in good health.',
    );
    const en2 = storySignature(
      'Asaib Ahl al-Haq on Sunday denied reports its leader Qais al-Khazali had been killed in an air strike near the Syrian border and said he was in good health.',
    );
    expect(similarity(en, en2)).toBeGreaterThanOrEqual(STORY_SIMILARITY);
  });

  it('gives very short texts no bands, so they never join by chance', () => {
    expect(storySignature('عاجل').bands).toEqual([]);
    expect(storySignature('').shingles).toBe(0);
  });
});
