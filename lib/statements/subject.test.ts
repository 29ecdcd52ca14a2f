import { describe, expect, it } from 'vitest';
import type { Lang } from '../text/detectLanguage.ts';
import { ownerOf, sentenceSubject, topicAt } from './subject.ts';
import { docOf, frameOf, wordIndex } from './testSupport.ts';

/** The figure the predicate `words` is about in `text`, or '-' for none. */
const about = (text: string, lang: Lang, words: string) => frameOf(docOf(text, lang), words).subject?.figureId ?? '-';

describe('subject of a noun', () => {
  it('the figure after it («اغتيال X», "the arrest of X"), a title or two between', () => {
    expect(about('تتحدث مصادر عن اغتيال هادي العامري', 'arb', 'اغتيال')).toBe('hadi-al-amiri');
    expect(about('Reports spoke of the arrest of Shibl al-Zaydi', 'eng', 'arrest of')).toBe('shibl-al-zaydi');
    expect(about('خطف مسؤول ملف العلاقات في العصائب غدير شريف قرب الحدود', 'arb', 'خطف')).toBe('ghadir-sharif');
  });

  it('nobody when its object is someone else and the figure starts a new statement', () => {
    expect(about('مقتل ضابط في الشرطة مقتدى الصدر يعزي ذويه', 'arb', 'مقتل')).toBe('-');
  });

  it('English possessive before it: "X\'s arrest"', () => {
    expect(about("Hadi al-Amiri's arrest was rumoured", 'eng', 'arrest')).toBe('hadi-al-amiri');
  });

  it('a possessive form points back to the figure talked about («اعتقاله», "his death", «ترور او»)', () => {
    expect(about('شبل الزيدي: ما يقال عن اعتقاله كذب', 'arb', 'اعتقاله')).toBe('shibl-al-zaydi');
    expect(about('Akram al-Kaabi laughed off reports of his death', 'eng', 'his death')).toBe('akram-al-kaabi');
    expect(about('دفتر اکرم کعبی خبر ترور او را رد کرد', 'pes', 'ترور او')).toBe('akram-al-kaabi');
  });
});

describe('subject of a verb', () => {
  it('the nearer figure in its clause, before or after («أصيب X», "X was wounded")', () => {
    expect(about('أصيب شبل الزيدي بجروح', 'arb', 'اصيب')).toBe('shibl-al-zaydi');
    expect(about('Shibl al-Zaydi was wounded in the blast', 'eng', 'wounded')).toBe('shibl-al-zaydi');
  });

  it('not his relative or aide («شقيق X», "an aide to X", "X\'s bodyguard"), but his brother named by kinship', () => {
    expect(about('اعتقل شقيق أكرم الكعبي', 'arb', 'اعتقل')).toBe('-');
    expect(about('An aide to Hadi al-Amiri was detained', 'eng', 'was detained')).toBe('-');
    expect(about("Hadi al-Amiri's driver was wounded", 'eng', 'wounded')).toBe('-');
    expect(about('Two guards of the Badr secretary-general Hadi al-Amiri were killed', 'eng', 'killed')).toBe('-');
    expect(about('قال قيس الخزعلي إن شقيقه ليث أصيب بجروح طفيفة', 'arb', 'اصيب بجروح طفيفه')).toBe('laith-al-khazali');
  });

  it('«الأخ قيس» is an honorific, not a brother', () => {
    const doc = docOf('الأخ قيس الخزعلي بخير', 'arb');
    expect(ownerOf(doc, doc.figures[0])).toBeUndefined();
  });

  it('a relative clause is about the noun before the pronoun: a figure only if it is one', () => {
    expect(about('أكرم الكعبي يرثي المقاتل الذي قتل أمس', 'arb', 'قتل')).toBe('-');
    expect(about('Hadi al-Amiri, who was wounded on Monday, left hospital', 'eng', 'wounded')).toBe('hadi-al-amiri');
  });

  it('English active voice: the figure before an object-taking verb is the one acting', () => {
    expect(about('Hadi al-Amiri attacked the budget plan', 'eng', 'attacked')).toBe('-');
    expect(about('Hadi al-Amiri attacked in Diyala', 'eng', 'attacked')).toBe('hadi-al-amiri');
    expect(about('Hadi al-Amiri fled the country', 'eng', 'fled the country')).toBe('hadi-al-amiri');
  });

  it('a pronoun nearer than the figure stands for the one talked about, even after his office', () => {
    expect(about("Akram al-Kaabi's office said he is fine", 'eng', 'is fine')).toBe('akram-al-kaabi');
    expect(about('دفتر اکرم کعبی گفت که او در تهران است و حالش خوب است', 'pes', 'حالش خوب است')).toBe('akram-al-kaabi');
  });

  it('a subject left out: an Arabic verb opening its clause, a Persian verb ending one', () => {
    expect(about('استهدفت مسيرة موكب أكرم الكعبي، وأصيب بجروح', 'arb', 'واصيب بجروح')).toBe('akram-al-kaabi');
    expect(about('شبل زیدی، دبیرکل کتائب امام علی، در کربلا زخمی شد', 'pes', 'زخمي شد')).toBe('shibl-al-zaydi');
  });

  it('past an apposition naming his brother, the sentence subject', () => {
    const doc = docOf('Laith al-Khazali, the brother of Qais al-Khazali, was detained in Basra', 'eng');
    expect(sentenceSubject(doc, wordIndex(doc, 'detained'))?.figureId).toBe('laith-al-khazali');
    expect(frameOf(doc, 'was detained').subject?.figureId).toBe('laith-al-khazali');
  });

  it('a fronted phrase and a phrase set off by commas belong to the figure next to them', () => {
    expect(about('In a recorded speech aired on Friday, Shibl al-Zaydi urged calm', 'eng', 'recorded speech')).toBe('shibl-al-zaydi');
    expect(about('وقال قيس الخزعلي، في مقابلة متلفزة، إن الوضع مستقر', 'arb', 'مقابله متلفزه')).toBe('qais-al-khazali');
  });

  it('the one received may stand past a time phrase in a later clause', () => {
    expect(about('استقبل محافظ البصرة، مساء الخميس، أكرم الكعبي', 'arb', 'استقبل')).toBe('akram-al-kaabi');
  });
});

describe('topicAt', () => {
  it('the nearest figure before, then the sentences before; a headline may name him after the pronoun', () => {
    const doc = docOf('بعد شائعات اعتقاله.. شبل الزيدي يظهر في كربلاء', 'arb');
    expect(topicAt(doc, wordIndex(doc, 'اعتقاله'), false, true)?.figureId).toBe('shibl-al-zaydi');
    expect(topicAt(doc, wordIndex(doc, 'اعتقاله'))).toBeUndefined();
  });

  it('his relative is talked about, not him; an honorific still points to him', () => {
    const doc = docOf('أصيب نجل قيس الخزعلي في حادث. والشيخ بخير', 'arb');
    expect(topicAt(doc, wordIndex(doc, 'بخير'))).toBeUndefined();
    expect(topicAt(doc, wordIndex(doc, 'بخير'), true)?.figureId).toBe('qais-al-khazali');
    expect(frameOf(doc, 'بخير').subject?.figureId).toBe('qais-al-khazali');
  });
});
