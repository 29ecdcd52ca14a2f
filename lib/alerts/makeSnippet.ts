export interface Snippet {
  snippet: string;
  /** [start, end] of each mention inside the snippet */
  marks: Array<[number, number]>;
}

const isLowSurrogate = (c: number) => c >= 0xdc00 && c <= 0xdfff;

/**
 * A window of `radius` characters either side of the first mention, widened to word boundaries, with every
 * mention that falls inside it marked. Never cuts a surrogate pair, so the snippet stays valid text.
 */
export function makeSnippet(text: string, spans: Array<{ start: number; end: number }>, radius = 160): Snippet {
  if (spans.length === 0) return { snippet: text.slice(0, radius * 2).trim(), marks: [] };
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  const first = sorted[0];
  let from = Math.max(0, first.start - radius);
  let to = Math.min(text.length, first.end + radius);
  while (from > 0 && from > first.start - radius - 20 && !/\s/.test(text[from - 1])) from--;
  while (to < text.length && to < first.end + radius + 20 && !/\s/.test(text[to])) to++;
  if (from > 0 && isLowSurrogate(text.charCodeAt(from))) from--;
  if (to < text.length && isLowSurrogate(text.charCodeAt(to))) to++;
  const prefix = from > 0 ? '…' : '';
  const suffix = to < text.length ? '…' : '';
  const body = text.slice(from, to);
  const marks: Array<[number, number]> = [];
  for (const s of sorted) {
    if (s.start >= from && s.end <= to) marks.push([s.start - from + prefix.length, s.end - from + prefix.length]);
  }
  return { snippet: prefix + body + suffix, marks };
}
