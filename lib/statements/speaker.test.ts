import { describe, expect, it } from 'vitest';
import type { Lang } from '../text/detectLanguage.ts';
import { speakerOf } from './speaker.ts';
import { docOf } from './testSupport.ts';

const speaker = (text: string, lang: Lang) => {
  const doc = docOf(text, lang);
  const s = speakerOf(doc, doc.sentences[0]);
  return s ? `${s.text}${s.figureId ? ' = ' + s.figureId : ''}` : '-';
};

describe('speakerOf', () => {
  it('a headline "X: …" credits the phrase before the colon', () => {
    expect(speaker('شبل الزيدي: أخي بخير', 'arb')).toBe('شبل الزيدي = shibl-al-zaydi');
  });

  it('Arabic puts the speaker after the verb: «نفى مكتب X», «قال مصدر»', () => {
    expect(speaker('نفى مكتب أكرم الكعبي الأنباء عن إصابته', 'arb')).toBe('مكتب أكرم الكعبي = akram-al-kaabi');
    expect(speaker('قال مصدر مقرب إن الشيخ بخير', 'arb')).toBe('مصدر مقرب');
  });

  it('English, Persian and Sorani before it: "X\'s office said", «دفتر X اعلام کرد»', () => {
    expect(speaker('A spokesman for Hadi al-Amiri said he was well', 'eng')).toBe('A spokesman for Hadi al-Amiri = hadi-al-amiri');
    expect(speaker('دفتر هادی عامری اعلام کرد که او سالم است', 'pes')).toBe('دفتر هادی عامری = hadi-al-amiri');
    expect(speaker('نووسینگەی هادی عامری ڕایگەیاند کە باشە', 'ckb')).toBe('نووسینگەی هادی عامری = hadi-al-amiri');
  });

  it('a tracked figure speaking of another: the speaker is him, the subject the other', () => {
    expect(speaker('Qais al-Khazali said Laith al-Khazali was unharmed', 'eng')).toBe('Qais al-Khazali = qais-al-khazali');
  });

  it('none where nobody is credited', () => {
    expect(speaker('Laith al-Khazali arrived in Basra', 'eng')).toBe('-');
  });
});
