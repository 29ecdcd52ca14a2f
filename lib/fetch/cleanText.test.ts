import { describe, expect, it } from 'vitest';
import { cleanText, htmlToText } from './cleanText.ts';

describe('htmlToText', () => {
  it('keeps paragraphs as blank lines and line breaks as newlines, decodes entities', () => {
    expect(htmlToText('<p>الأول&nbsp;هنا</p><p>second &amp; <b>bold</b><br>next&#x21;</p>')).toBe('الأول هنا\n\nsecond & bold\nnext!');
  });

  it('drops script, style and the like, keeping the text around them', () => {
    expect(htmlToText('<script>alert("x")</script>Hello <style>p{color:red}</style><noscript>nojs</noscript>world')).toBe('Hello world');
  });

  it('shows escaped markup as text', () => {
    expect(htmlToText('&lt;script&gt;alert(1)&lt;/script&gt;')).toBe('<script>alert(1)</script>');
  });

  it('collapses whitespace and table cells', () => {
    expect(htmlToText('<table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></table>  x \t y')).toBe('a b\nc\n\nx y');
  });

  it('handles deep nesting and a huge single line in linear time', () => {
    const deep = `${'<div>'.repeat(200_000)}core${'</div>'.repeat(200_000)}`;
    expect(htmlToText(deep)).toBe('core');
    const line = '<'.repeat(500_000);
    expect(htmlToText(line, 1000).length).toBeLessThanOrEqual(1000);
  });

  it('caps the output at maxChars', () => {
    expect(htmlToText(`<p>${'word '.repeat(10_000)}</p>`, 100).length).toBeLessThanOrEqual(100);
  });
});

describe('cleanText', () => {
  it('removes NUL and other control characters Postgres or readers choke on', () => {
    expect(cleanText('a\u0000b\u0007c\u001bd\u007fe\u0085f\uFFFEg')).toBe('abcdefg');
  });

  it('replaces lone surrogates and keeps valid pairs', () => {
    expect(cleanText('x\uD800y\uDC00z 😀')).toBe('x\uFFFDy\uFFFDz 😀');
  });

  it('keeps zero-width non-joiners (meaningful in Persian) and normalises newlines', () => {
    expect(cleanText('می\u200Cخواهم\r\n\r\n\r\n\r\nبعد')).toBe('می\u200Cخواهم\n\nبعد');
  });

  it('never splits a surrogate pair at the cap', () => {
    expect(cleanText('ab😀cd', 3)).toBe('ab');
    expect(cleanText('ab😀cd', 4)).toBe('ab😀');
  });
});
