import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, type TestDb } from '../../test/helpers/db.ts';
import { inTransaction } from '../pool.ts';
import { storySignature } from '../../lib/stories/storySignature.ts';
import { assignStories, type AssignedStory } from './assignStory.ts';

const DENIAL = [
  'نفى مكتب الأمين العام لعصائب أهل الحق الشيخ قيس الخزعلي، اليوم الأحد، الأنباء التي تحدثت عن مقتله بغارة جوية قرب الحدود السورية، مؤكداً أن الشيخ بصحة جيدة ويمارس مهامه بشكل طبيعي.',
  'نفى المكتب الإعلامي للأمين العام لعصائب أهل الحق قيس الخزعلي الأحد الأنباء التي تحدثت عن مقتله في غارة جوية قرب الحدود مع سوريا، وأكد أنه بصحة جيدة ويمارس مهامه بصورة طبيعية.',
  '#عاجل | نفى مكتب الأمين العام لعصائب أهل الحق الشيخ قيس الخزعلي، اليوم الأحد، الأنباء التي تحدثت عن مقتله بغارة جوية قرب الحدود السورية، مؤكداً أن الشيخ بصحة جيدة 🔻 @iraq_now',
];
const VISIT =
  'وصل الأمين العام لعصائب أهل الحق الشيخ قيس الخزعلي، اليوم الأحد، إلى العاصمة الإيرانية طهران في زيارة رسمية يلتقي خلالها عدداً من المسؤولين الإيرانيين لبحث الأوضاع الإقليمية.';

let db: TestDb;
let nextGuid = 0;

async function newItem(feedId: string, text: string): Promise<number> {
  const r = await db.pool.query<{ id: number }>(
    `INSERT INTO items (feed_id, guid, title, body, content_hash) VALUES ($1, $2, $3, $3, md5($3)) RETURNING id`,
    [feedId, `g${++nextGuid}`, text],
  );
  return r.rows[0].id;
}

const input = (itemId: number, feedId: string, text: string) => ({ itemId, feedId, title: text.slice(0, 80), signature: storySignature(text) });
/** One item in a transaction of its own, with its story's counts after the commit. */
async function assign(itemId: number, feedId: string, text: string): Promise<AssignedStory & { itemCount: number; sourceCount: number }> {
  const got = (await inTransaction(db.pool, (c) => assignStories(c, [input(itemId, feedId, text)]))).get(itemId)!;
  return { ...got, ...(await counts(got.storyId)) };
}
async function counts(storyId: number): Promise<{ itemCount: number; sourceCount: number }> {
  const r = await db.pool.query<{ item_count: number; source_count: number }>('SELECT item_count, source_count FROM stories WHERE id = $1', [
    storyId,
  ]);
  return { itemCount: r.rows[0].item_count, sourceCount: r.rows[0].source_count };
}

beforeAll(async () => {
  db = await freshDatabase();
  for (const f of ['a', 'b', 'c', 'd', 'e']) {
    await db.pool.query(`INSERT INTO feeds (id, name, kind, url, config, interval_seconds) VALUES ($1, $1, 'rss', 'http://127.0.0.1/x', '{}', 60)`, [
      f,
    ]);
  }
});
afterAll(async () => {
  await db?.drop();
});

describe('assignStories', () => {
  it('groups copies from several outlets into one story and counts distinct feeds', async () => {
    const first = await assign(await newItem('a', DENIAL[0]), 'a', DENIAL[0]);
    expect(first).toMatchObject({ isNew: true, sourceCount: 1, itemCount: 1 });
    const second = await assign(await newItem('b', DENIAL[1]), 'b', DENIAL[1]);
    expect(second).toMatchObject({ storyId: first.storyId, isNew: false, sourceCount: 2, itemCount: 2 });
    // a second copy from a feed already counted adds an item, not a source
    const third = await assign(await newItem('b', DENIAL[2]), 'b', DENIAL[2]);
    expect(third).toMatchObject({ storyId: first.storyId, sourceCount: 2, itemCount: 3 });
    const row = await db.pool.query('SELECT item_count, source_count, first_item_id FROM stories WHERE id = $1', [first.storyId]);
    expect(row.rows[0]).toMatchObject({ item_count: 3, source_count: 2 });
  });

  it('opens a new story for a different statement about the same figure', async () => {
    const denial = await assign(await newItem('c', DENIAL[0]), 'c', DENIAL[0]);
    const visit = await assign(await newItem('c', VISIT), 'c', VISIT);
    expect(visit.isNew).toBe(true);
    expect(visit.storyId).not.toBe(denial.storyId);
  });

  it('is idempotent: assigning the same item again changes nothing', async () => {
    const id = await newItem('d', DENIAL[1]);
    const once = await assign(id, 'd', DENIAL[1]);
    const twice = await assign(id, 'd', DENIAL[1]);
    expect(twice).toMatchObject({ storyId: once.storyId, isNew: false, itemCount: once.itemCount, sourceCount: once.sourceCount });
  });

  it('puts near-duplicates assigned at the same moment by separate connections into ONE story', async () => {
    // a statement no earlier test used, so every assigner races to create its story
    const rounds = [
      [
        'مصدر مقرب من الشيخ ليث الخزعلي يؤكد أن الأنباء المتداولة عن اعتقاله في مطار بغداد الدولي عارية عن الصحة تماماً وأنه يمارس عمله بشكل اعتيادي في مكتبه.',
        'مصدر مقرب من ليث الخزعلي: الأنباء المتداولة عن اعتقاله في مطار بغداد الدولي عارية عن الصحة وهو يمارس عمله بشكل اعتيادي في مكتبه.',
        'مصدر مقرب من الشيخ ليث الخزعلي يؤكد أن الأنباء عن اعتقاله في مطار بغداد الدولي عارية عن الصحة تماماً، وأنه يمارس عمله بشكل اعتيادي.',
        '🔴 مصدر مقرب من الشيخ ليث الخزعلي يؤكد أن الأنباء المتداولة عن اعتقاله في مطار بغداد الدولي عارية عن الصحة تماماً وأنه يمارس عمله بشكل اعتيادي في مكتبه #العراق',
        'مصدر مقرب من الشيخ ليث الخزعلي يؤكد ان الانباء المتداولة عن اعتقاله في مطار بغداد الدولي عارية عن الصحة تماما وانه يمارس عمله بشكل اعتيادي في مكتبه',
      ],
      [
        'دفتر سید مقتدی صدر در بیانیه‌ای شایعات مربوط به بستری شدن او در بیمارستانی در نجف را تکذیب کرد و گفت ایشان در سلامت کامل به سر می‌برند.',
        'دفتر مقتدی صدر شایعات مربوط به بستری شدن او در بیمارستانی در نجف را تکذیب کرد و گفت ایشان در سلامت کامل به سر می‌برند.',
        'دفتر سید مقتدی صدر در بیانیه‌ای، شایعات مربوط به بستری شدن وی در بیمارستانی در نجف را تکذیب کرد و گفت ایشان در سلامت کامل هستند.',
        '🔺 دفتر سید مقتدی صدر در بیانیه‌ای شایعات مربوط به بستری شدن او در بیمارستانی در نجف را تکذیب کرد و گفت ایشان در سلامت کامل به سر می‌برند. @iraq_fa',
        'دفتر سید مقتدی صدر در بیانیه ای شایعات مربوط به بستری شدن او در بیمارستانی در نجف را تکذیب کرد و گفت ایشان در سلامت کامل به سر میبرند',
      ],
    ];
    const feeds = ['a', 'b', 'c', 'd', 'e'];
    for (const variant of rounds) {
      const ids = await Promise.all(variant.map((t, i) => newItem(feeds[i], t)));
      const results = await Promise.all(ids.map((id, i) => assign(id, feeds[i], variant[i])));
      const stories = new Set(results.map((r) => r.storyId));
      expect(stories.size).toBe(1);
      expect(results.filter((r) => r.isNew)).toHaveLength(1);
      const [storyId] = [...stories];
      const row = await db.pool.query('SELECT item_count, source_count FROM stories WHERE id = $1', [storyId]);
      expect(row.rows[0]).toEqual({ item_count: 5, source_count: 5 });
      expect(Math.max(...results.map((r) => r.sourceCount))).toBe(5);
    }
  });

  it('assigns a whole batch at once: copies inside the batch share one new story, a copy of a stored one joins it', async () => {
    const stored = await assign(await newItem('a', VISIT), 'a', VISIT);
    const before = await counts(stored.storyId);
    // a statement no earlier test stored, twice in the batch, and a copy of the stored visit
    const texts = [
      'ترأس رئيس أركان هيئة الحشد الشعبي أبو فدك المحمداوي اجتماعاً موسعاً لقادة الألوية في مقر الهيئة ببغداد لبحث خطط تأمين الحدود الغربية والزيارة الأربعينية.',
      'ترأس رئيس أركان الحشد الشعبي أبو فدك المحمداوي اجتماعا موسعا لقادة الألوية في مقر الهيئة في بغداد لبحث خطط تأمين الحدود الغربية والزيارة الاربعينية',
      VISIT.replace('اليوم الأحد', 'يوم الأحد'),
    ];
    const feeds = ['b', 'c', 'd'];
    const ids = await Promise.all(texts.map((t, i) => newItem(feeds[i], t)));
    const got = await inTransaction(db.pool, (c) =>
      assignStories(
        c,
        ids.map((id, i) => input(id, feeds[i], texts[i])),
      ),
    );
    // the batch is taken in id order: the lower id opens the story, the other joins it
    expect([got.get(ids[0])!.isNew, got.get(ids[1])!.isNew]).toEqual([ids[0] < ids[1], ids[1] < ids[0]]);
    expect(got.get(ids[1])!.storyId).toBe(got.get(ids[0])!.storyId);
    expect(got.get(ids[2])).toEqual({ storyId: stored.storyId, isNew: false });
    expect(await counts(got.get(ids[0])!.storyId)).toEqual({ itemCount: 2, sourceCount: 2 });
    expect(await counts(stored.storyId)).toEqual({ itemCount: before.itemCount + 1, sourceCount: before.sourceCount + 1 });
    // the same batch again (a job run twice) changes nothing
    const again = await inTransaction(db.pool, (c) =>
      assignStories(
        c,
        ids.map((id, i) => input(id, feeds[i], texts[i])),
      ),
    );
    expect(ids.map((id) => again.get(id)!.storyId)).toEqual(ids.map((id) => got.get(id)!.storyId));
    expect(await counts(got.get(ids[0])!.storyId)).toEqual({ itemCount: 2, sourceCount: 2 });
  });

  it('makes ONE story of near-duplicates when two jobs with copies of each other are assigned at the same moment', async () => {
    const copies = [
      'أكد مصدر مقرب من الأمين العام لكتائب حزب الله أحمد الحميداوي أن الأنباء عن إصابته في قصف على منطقة القائم عارية عن الصحة وأنه بخير ويتابع عمله.',
      'مصدر مقرب من الأمين العام لكتائب حزب الله أحمد الحميداوي: الأنباء عن إصابته في قصف على منطقة القائم عارية عن الصحة وهو بخير ويتابع عمله.',
      'أكد مصدر مقرب من الأمين العام لكتائب حزب الله أحمد الحميداوي ان الانباء عن اصابته في قصف على منطقة القائم عارية عن الصحة وانه بخير ويتابع عمله',
      '🔴 أكد مصدر مقرب من الأمين العام لكتائب حزب الله أحمد الحميداوي أن الأنباء عن إصابته في قصف على منطقة القائم عارية عن الصحة وأنه بخير #عاجل',
    ];
    const ids = await Promise.all(copies.map((t, i) => newItem(['a', 'b', 'c', 'd'][i], t)));
    const jobs = [
      [0, 2],
      [1, 3],
    ].map((idx) =>
      inTransaction(db.pool, (c) =>
        assignStories(
          c,
          idx.map((i) => input(ids[i], ['a', 'b', 'c', 'd'][i], copies[i])),
        ),
      ),
    );
    const results = (await Promise.all(jobs)).flatMap((m) => [...m.values()]);
    expect(new Set(results.map((r) => r.storyId)).size).toBe(1);
    expect(results.filter((r) => r.isNew)).toHaveLength(1);
    expect(await counts(results[0].storyId)).toEqual({ itemCount: 4, sourceCount: 4 });
  });
});
