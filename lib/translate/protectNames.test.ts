import { describe, expect, it } from 'vitest';
import { orderedSpans, protectNames, restoreNames, spliceNames } from './protectNames.ts';

describe('protectNames', () => {
  const text = 'نفى مكتب قيس الخزعلي في طهران أنباء مقتله';
  const q = { start: text.indexOf('قيس'), end: text.indexOf(' في'), name: 'Qais al-Khazali' };
  const t = { start: text.indexOf('طهران'), end: text.indexOf('طهران') + 5, name: 'Tehran' };

  it('puts the English names into the source and keeps the text between them', () => {
    const p = protectNames(text, [t, q]);
    expect(p.source).toBe('نفى مكتب Qais al-Khazali في Tehran أنباء مقتله');
    expect(p.names).toEqual(['Qais al-Khazali', 'Tehran']);
    expect(p.segments).toEqual(['نفى مكتب ', ' في ', ' أنباء مقتله']);
  });

  it('separates a clitic glued to the name', () => {
    const s = 'وللخزعلي رأي';
    expect(protectNames(s, [{ start: 3, end: 9, name: 'al-Khazali' }]).source).toBe('ولل al-Khazali رأي');
  });

  it('drops overlapping spans, keeping the earlier and longer', () => {
    expect(
      orderedSpans([
        { start: 4, end: 8, name: 'B' },
        { start: 0, end: 8, name: 'A' },
        { start: 8, end: 9, name: 'C' },
      ]).map((s) => s.name),
    ).toEqual(['A', 'C']);
  });

  it('restores names the model re-cased or re-spaced, exactly', () => {
    expect(restoreNames('The office of qais Al Khazali denied it', ['Qais al-Khazali'])).toBe('The office of Qais al-Khazali denied it');
    expect(restoreNames('Tehran and tehran', ['Tehran', 'Tehran'])).toBe('Tehran and Tehran');
  });

  it('refuses an output that lost a name, or has it fewer times than the source', () => {
    expect(restoreNames('The office of Qays al-Khazaalee denied it', ['Qais al-Khazali'])).toBeNull();
    expect(restoreNames('Tehran only once', ['Tehran', 'Tehran'])).toBeNull();
    // a name inside a longer word is not the name
    expect(restoreNames('Tehranis say', ['Tehran'])).toBeNull();
  });

  it('splices names between translated segments', () => {
    expect(spliceNames(['The office of ', ' in ', ' denied his death .'], ['Qais al-Khazali', 'Tehran'])).toBe(
      'The office of Qais al-Khazali in Tehran denied his death.',
    );
    expect(spliceNames(['', ' said'], ['Qais al-Khazali'])).toBe('Qais al-Khazali said');
  });
});
