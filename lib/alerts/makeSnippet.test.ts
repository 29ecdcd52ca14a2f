import { describe, expect, it } from 'vitest';
import { makeSnippet } from './makeSnippet.ts';

describe('makeSnippet', () => {
  it('marks the mention exactly in a short text', () => {
    const text = 'نفى مكتب الشيخ قيس الخزعلي أنباء مقتله';
    const start = text.indexOf('قيس');
    const s = makeSnippet(text, [{ start, end: start + 'قيس الخزعلي'.length }]);
    expect(s.snippet).toBe(text);
    expect(s.snippet.slice(...s.marks[0])).toBe('قيس الخزعلي');
  });

  it('cuts a long text around the first mention, marks the ones inside, and says it cut', () => {
    const pad = 'كلام '.repeat(200);
    const text = pad + 'ليث الخزعلي' + ' و ' + 'قيس الخزعلي' + pad;
    const a = pad.length;
    const b = text.indexOf('قيس');
    const s = makeSnippet(
      text,
      [
        { start: b, end: b + 11 },
        { start: a, end: a + 11 },
      ],
      60,
    );
    expect(s.snippet.startsWith('…')).toBe(true);
    expect(s.snippet.endsWith('…')).toBe(true);
    expect(s.marks.map((m) => s.snippet.slice(...m))).toEqual(['ليث الخزعلي', 'قيس الخزعلي']);
    expect(s.snippet.length).toBeLessThan(220);
  });

  it('never splits a surrogate pair at the edges', () => {
    const text = '😀'.repeat(100) + 'قيس' + '😀'.repeat(100);
    const start = 200;
    const s = makeSnippet(text, [{ start, end: start + 3 }], 15);
    expect(s.snippet.slice(...s.marks[0])).toBe('قيس');
    expect(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(s.snippet)).toBe(false);
  });
});
