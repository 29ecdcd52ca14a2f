import { describe, expect, it } from 'vitest';
import { foldText, normalizeArabic, originalSpan } from './normalizeArabic.ts';
import { foldedWords } from './wordScanner.ts';

describe('normalizeArabic folds', () => {
  it.each([
    ['tashkeel', 'قَيْسُ الخَزْعَلِيّ', 'قيس الخزعلي'],
    ['tatweel', 'قـــيس الخـزعلي', 'قيس الخزعلي'],
    ['alef forms', 'أإآٱا', 'ااااا'],
    ['alef maqsura and Persian yeh', 'مقتدى مقتدی', 'مقتدي مقتدي'],
    ['taa marbuta and heh forms', 'فاطمة ۀ ہ ە ھ', 'فاطمه ه ه ه ه'],
    ['Persian kaf', 'کعبی', 'كعبي'],
    ['hamza carriers', 'مسؤول رئيس', 'مسوول رييس'],
    ['ZWNJ and ZWJ', 'می‌گوید خزعلی‌ها', 'ميگويد خزعليها'],
    ['Arabic-Indic and Persian digits', '٢٠٢٤ ۱۴۰۳', '2024 1403'],
    ['hashtag underscores', '#قيس_الخزعلي', ' قيس الخزعلي'],
    ['Latin case and diacritics', 'Qaïs AL-ḴHAZĀLĪ', 'qais al khazali'],
    ['ayn and apostrophes inside words', "Khazʿali Khaz'ali Khaz’ali", 'khazali khazali khazali'],
    ['presentation forms', 'ﻗﻴﺲ', 'قيس'],
  ])('%s', (_what, input, folded) => {
    expect(foldText(input)).toBe(folded);
  });

  it('keeps punctuation that is not a word joiner', () => {
    expect(foldText('قال: «الخزعلي»، ثم.')).toBe('قال: «الخزعلي»، ثم.');
  });
});

describe('normalizeArabic keeps offsets into the original', () => {
  const samples = [
    'نفى مكتب الشَّيْخ قَيْـــسِ الخزعلي 🔥🔥 في طهران',
    'عاجل 😀 #قيس_الخزعلي‌ يقول',
    'Moqtada al-Ṣadr 🇮🇶 said',
    '𝐐𝐚𝐢𝐬 قيس', // astral letters are separators, each surrogate keeps its own index
  ];

  it.each(samples)('every normalized character maps back to a real slice: %s', (original) => {
    const nt = normalizeArabic(original);
    expect(nt.start.length).toBe(nt.text.length);
    for (let i = 0; i < nt.text.length; i++) {
      expect(nt.start[i]).toBeGreaterThanOrEqual(i === 0 ? 0 : nt.start[i - 1] + 1);
      expect(nt.end[i]).toBeGreaterThan(nt.start[i]);
      expect(nt.end[i]).toBeLessThanOrEqual(original.length);
    }
  });

  it('maps a normalized span back to the original span, tashkeel and tatweel included', () => {
    const original = 'نفى مكتب الشَّيْخ قَيْـــسِ الخزعلي في طهران';
    const nt = normalizeArabic(original);
    const at = nt.text.indexOf('قيس الخزعلي');
    expect(at).toBeGreaterThan(0);
    const { start, end } = originalSpan(nt, at, at + 'قيس الخزعلي'.length);
    expect(original.slice(start, end)).toBe('قَيْـــسِ الخزعلي');
  });

  it('maps across emoji (astral characters) without shifting', () => {
    const original = '🔥🔥 قيس 😀 الخزعلي';
    const nt = normalizeArabic(original);
    const at = nt.text.indexOf('الخزعلي');
    const { start, end } = originalSpan(nt, at, at + 7);
    expect(original.slice(start, end)).toBe('الخزعلي');
  });

  it('an empty span maps to an empty span', () => {
    const nt = normalizeArabic('abc');
    expect(originalSpan(nt, 1, 1)).toEqual({ start: 1, end: 1 });
  });
});

describe('foldedWords (what the matcher sees)', () => {
  it.each([
    ['Qais al-Khazali', ['qais', 'khazali']],
    ['Qais Al Khazali', ['qais', 'khazali']],
    ['Qais el-Khazali', ['qais', 'khazali']],
    ['Muqtada as-Sadr', ['muqtada', 'sadr']],
    ["Khazali's men", ['khazali', 'men']],
    ['as good as it gets', ['as', 'good', 'as', 'it', 'gets']],
    ['#قيس_الخزعلي', ['قيس', 'الخزعلي']],
  ])('%s', (input, words) => {
    expect(foldedWords(input)).toEqual(words);
  });
});
