import { describe, expect, it } from 'vitest';
import { highlight } from './highlight.ts';
import { html } from './html.ts';

describe('highlight', () => {
  it('marks ranges and escapes everything else', () => {
    const text = '<script>x</script> قال أبو فدك';
    const start = text.indexOf('أبو');
    expect(highlight(text, [[start, text.length]]).value).toBe('&lt;script&gt;x&lt;/script&gt; قال <mark>أبو فدك</mark>');
  });
  it('merges overlapping ranges, sorts them and clamps ones past the end', () => {
    expect(
      highlight('abcdef', [
        [4, 99],
        [0, 2],
        [1, 3],
      ]).value,
    ).toBe('<mark>abc</mark>d<mark>ef</mark>');
  });
  it('escapes a mark that itself holds markup', () => {
    expect(highlight('a<b>c', [[1, 4]]).value).toBe('a<mark>&lt;b&gt;</mark>c');
  });
  it('html escapes interpolated strings but keeps nested html', () => {
    const inner = html`<b>${'<i>'}</b>`;
    expect(html`<p title="${'"x"'}">${inner}${['<', 1]}</p>`.value).toBe('<p title="&quot;x&quot;"><b>&lt;i&gt;</b>&lt;1</p>');
  });
});
