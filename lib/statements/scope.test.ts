import { describe, expect, it } from 'vitest';
import type { Lang } from '../text/detectLanguage.ts';
import { docOf, frameOf } from './testSupport.ts';

const frame = (text: string, lang: Lang, words: string) => frameOf(docOf(text, lang), words);

describe('negation', () => {
  it('a negator right before the predicate, across helper words', () => {
    expect(frame('Hadi al-Amiri has not been arrested', 'eng', 'arrested').negated).toBe(true);
    expect(frame('أكرم الكعبي لم يصب بأي أذى', 'arb', 'لم يصب باي اذي').negated).toBe(false);
  });

  it('a noun between stops it: «لا أنباء عن إصابته» negates the news, not the injury', () => {
    expect(frame('لا أنباء عن إصابته حتى الآن', 'arb', 'اصابته').negated).toBe(false);
  });

  it("covers the object of a negated verb, past the verb's subject, and nothing in another clause", () => {
    expect(frame('لم يحضر هادي العامري المؤتمر الصحفي', 'arb', 'الموتمر الصحفي').negated).toBe(true);
    expect(frame('Shibl al-Zaydi did not attend the funeral, but he met mourners later', 'eng', 'met').negated).toBe(false);
  });
});

describe('denial', () => {
  it('a denial before the harm in its sentence denies it; after it only where the claim is reported', () => {
    expect(frame('نفت النجباء خبر إصابة أكرم الكعبي', 'arb', 'اصابه').denied).toBe(true);
    expect(frame('Reports that Akram al-Kaabi was wounded are false', 'eng', 'wounded').denied).toBe(true);
    expect(frame('A drone hit the car of Akram al-Kaabi and his group denied any talks', 'eng', 'hit').denied).toBe(false);
  });

  it('a bare denial in the next sentence answers a claim that stands alone', () => {
    expect(frame('اعتقال شبل الزيدي؟ الخبر ملفق.', 'arb', 'اعتقال').denied).toBe(true);
  });

  it('an old picture said to show the harm denies it', () => {
    expect(frame('The photo of Hadi al-Amiri in a hospital bed is years old', 'eng', 'in a hospital bed').denied).toBe(true);
  });

  it('a sighting or move is denied only where the denial governs it, not past a saying', () => {
    expect(frame('نفى مكتب الصدر سفره إلى بيروت', 'arb', 'سفره').denied).toBe(true);
    expect(frame('نفى مكتب الصدر أنباء مرضه، مؤكداً أنه وصل إلى بيروت', 'arb', 'وصل الي').denied).toBe(false);
    expect(frame('نفى مكتب الصدر أن يكون قد سافر إلى بيروت', 'arb', 'سافر').denied).toBe(true);
    expect(frame('His office denied he was hurt, saying Shibl al-Zaydi visited Najaf', 'eng', 'visited').denied).toBe(false);
  });
});

describe('tense and mood', () => {
  it('planned: a future prefix, a future or purpose word before, a time after, an adjective right after', () => {
    expect(frame('قيس الخزعلي سيزور أربيل', 'arb', 'سيزور').future).toBe(true);
    expect(frame('Qais al-Khazali will visit Erbil', 'eng', 'visit').future).toBe(true);
    expect(frame('وصل قيس الخزعلي إلى أربيل لحضور اجتماع', 'arb', 'وصل').future).toBe(false);
    expect(frame('وصل قيس الخزعلي إلى أربيل لحضور اجتماع', 'arb', 'اجتماع').future).toBe(true);
    expect(frame('يتوجه قيس الخزعلي إلى أربيل الشهر المقبل', 'arb', 'يتوجه').future).toBe(true);
    expect(frame('لقاء مرتقب يجمع قيس الخزعلي بمسؤولين', 'arb', 'لقاء').future).toBe(true);
  });

  it('an adjective of another noun marks that noun only («انتخابات پیش رو»)', () => {
    expect(frame('قیس خزعلی درباره انتخابات پیش رو سخنرانی کرد', 'pes', 'سخنراني كرد').future).toBe(false);
  });

  it('a question, and an old clip', () => {
    expect(frame('هل اعتقل شبل الزيدي؟', 'arb', 'اعتقل').question).toBe(true);
    expect(frame('An archive video of Shibl al-Zaydi in Karbala', 'eng', 'video').old).toBe(true);
  });
});
