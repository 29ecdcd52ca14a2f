import { describe, expect, it } from 'vitest';
import { isFetchError } from './errors.ts';
import { assertHtmlDepth, htmlNestingDepth, MAX_HTML_DEPTH } from './htmlDepth.ts';

describe('htmlNestingDepth', () => {
  it('counts elements that need an end tag, not void or optional-end ones', () => {
    expect(htmlNestingDepth('<html><body><div><span><b>x</b></span></div></body></html>')).toBe(3);
    expect(htmlNestingDepth(`<ul>${'<li><p>item'.repeat(5000)}</ul>`)).toBe(1);
    expect(htmlNestingDepth(`<div>${'<br><img src=x><hr>'.repeat(1000)}</div>`)).toBe(1);
  });

  it('a stray end tag cannot hide depth; a slash does not close an HTML element, but does inside svg', () => {
    expect(htmlNestingDepth(`${'<div></span>'.repeat(50)}`)).toBe(50);
    expect(htmlNestingDepth(`${'<div/>'.repeat(50)}`)).toBe(50);
    expect(htmlNestingDepth(`<svg>${'<path/>'.repeat(50)}</svg>`)).toBe(1);
  });

  it('tags inside script, comments and attribute values are not elements', () => {
    expect(htmlNestingDepth(`<script>${'<div>'.repeat(5000)}</script><!-- ${'<div>'.repeat(5000)} --><a title="${'<div>'.repeat(100)}">x</a>`)).toBe(
      1,
    );
  });

  it('stops counting past the cap, and assertHtmlDepth names the URL', () => {
    expect(htmlNestingDepth('<div>'.repeat(100_000), 10)).toBe(11);
    const e = (() => {
      try {
        assertHtmlDepth('<div>'.repeat(MAX_HTML_DEPTH + 1), 'https://x.example/page');
      } catch (err) {
        return err;
      }
    })();
    expect(isFetchError(e) && e.kind).toBe('malformed');
    expect((e as Error).message).toBe(`https://x.example/page: HTML nested deeper than ${MAX_HTML_DEPTH} elements; refused before parsing`);
    expect(() => assertHtmlDepth('<div>'.repeat(MAX_HTML_DEPTH), 'https://x.example/page')).not.toThrow();
  });
});
