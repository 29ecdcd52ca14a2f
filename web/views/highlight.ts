import { html, type SafeHtml } from './html.ts';

/**
 * Escaped text with the given [start, end) UTF-16 ranges wrapped in <mark>. Ranges may overlap, come unsorted
 * or run past the text (an edited item, a stale offset): they are clamped and merged, never trusted.
 */
export function highlight(text: string, ranges: ReadonlyArray<readonly [number, number]>): SafeHtml {
  const clean = ranges
    .map(([s, e]) => [Math.max(0, Math.min(s, text.length)), Math.max(0, Math.min(e, text.length))] as [number, number])
    .filter(([s, e]) => e > s)
    .sort((a, b) => a[0] - b[0]);
  const merged: Array<[number, number]> = [];
  for (const r of clean) {
    const last = merged[merged.length - 1];
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else merged.push([r[0], r[1]]);
  }
  const parts: SafeHtml[] = [];
  let at = 0;
  for (const [s, e] of merged) {
    parts.push(html`${text.slice(at, s)}<mark>${text.slice(s, e)}</mark>`);
    at = e;
  }
  parts.push(html`${text.slice(at)}`);
  return html`${parts}`;
}
