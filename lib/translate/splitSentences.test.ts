import { describe, expect, it } from 'vitest';
import { splitSentences } from './splitSentences.ts';

const pieces = (text: string, max = 400, keep: { start: number; end: number }[] = []) =>
  splitSentences(text, max, keep).map((r) => text.slice(r.start, r.end));

describe('splitSentences', () => {
  it('splits Arabic, Persian and English sentences at their terminators and at line breaks', () => {
    expect(pieces('نفى المكتب الخبر. وقال إنه بخير؟ نعم!\nسطر جديد')).toEqual(['نفى المكتب الخبر.', 'وقال إنه بخير؟', 'نعم!', 'سطر جديد']);
    expect(pieces('او در تهران است؛ خبر دروغ است۔ Done. Next')).toEqual(['او در تهران است؛', 'خبر دروغ است۔', 'Done.', 'Next']);
  });

  it('keeps decimals, closing quotes and runs of terminators with their sentence', () => {
    expect(pieces('قال «انتهى الأمر.» ثم غادر... بعد 3.5 ساعة')).toEqual(['قال «انتهى الأمر.»', 'ثم غادر...', 'بعد 3.5 ساعة']);
  });

  it('cuts a sentence longer than the limit at word boundaries and loses no character', () => {
    const words = Array.from({ length: 60 }, (_, i) => `كلمة${i}`);
    const text = words.join(' ');
    const out = pieces(text, 50);
    expect(out.length).toBeGreaterThan(1);
    for (const p of out) expect(p.length).toBeLessThanOrEqual(50);
    expect(out.join(' ')).toBe(text);
  });

  it('cuts one endless word at the limit, never inside a surrogate pair', () => {
    const text = 'a'.repeat(29) + '😀' + 'b'.repeat(30);
    const out = pieces(text, 30);
    expect(out.join('')).toBe(text);
    for (const p of out) expect(p.length).toBeLessThanOrEqual(30);
    expect(out[0]).toBe('a'.repeat(29));
  });

  it('never breaks inside a protected range', () => {
    const text = 'قال الشيخ أبو فلان. الثاني ثم كلام طويل جدا';
    const start = text.indexOf('فلان.');
    const keep = [{ start, end: text.indexOf('الثاني') + 'الثاني'.length }];
    expect(pieces(text, 400, keep)).toEqual([text]);
    const long = 'aaaa bbbb cccc dddd eeee ffff gggg hhhh';
    const k2 = [{ start: long.indexOf('dddd'), end: long.indexOf('ffff') + 4 }];
    for (const r of splitSentences(long, 22, k2))
      expect(r.start >= k2[0].end || r.end <= k2[0].start || (r.start <= k2[0].start && r.end >= k2[0].end)).toBe(true);
  });

  it('gives nothing for white space only', () => {
    expect(splitSentences(' \n\n ', 100)).toEqual([]);
  });
});
