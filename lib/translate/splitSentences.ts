/** A half-open range of UTF-16 offsets, [start, end). */
export interface TextRange {
  start: number;
  end: number;
}

// sentence ends in Arabic, Persian, Urdu and English; ؛ closes a clause long enough to stand alone
const TERMINATORS = new Set(['.', '!', '?', '؟', '۔', '؛', '…']);
// closing marks that stay with the sentence they end: «…» ”…“ (…)
const CLOSERS = new Set(['"', "'", '»', '”', '’', ')', ']']);
const isSpace = (c: string | undefined) => c !== undefined && /\s/.test(c);

/**
 * Splits text into sentences for the model, as trimmed ranges in order: after a terminator followed by white
 * space, and at every line break. A sentence still longer than `maxChars` is cut at the last white space
 * before the limit, or, for one endless word, at the limit itself: split, never truncated, so every
 * non-space character of `text` lies in exactly one range. No break falls inside a range of `keepWhole`
 * (protected names), which may make that one sentence longer than `maxChars`.
 */
export function splitSentences(text: string, maxChars: number, keepWhole: readonly TextRange[] = []): TextRange[] {
  const inside = (pos: number) => keepWhole.some((r) => r.start < pos && pos < r.end);
  const out: TextRange[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    let cut = -1;
    if (c === '\n' || c === '\r') cut = i;
    else if (TERMINATORS.has(c)) {
      let j = i + 1;
      while (j < text.length && (TERMINATORS.has(text[j]) || CLOSERS.has(text[j]))) j++;
      if (j === text.length || isSpace(text[j])) {
        cut = j;
        i = j - 1;
      }
    }
    if (cut >= 0 && !inside(cut)) {
      pushTrimmed(text, start, cut, maxChars, inside, out);
      start = cut;
    }
  }
  pushTrimmed(text, start, text.length, maxChars, inside, out);
  return out;
}

function pushTrimmed(text: string, start: number, end: number, maxChars: number, inside: (pos: number) => boolean, out: TextRange[]): void {
  while (start < end && isSpace(text[start])) start++;
  while (end > start && isSpace(text[end - 1])) end--;
  while (end - start > maxChars) {
    const cut = wordCut(text, start, start + maxChars, inside);
    out.push({ start, end: trimEnd(text, start, cut) });
    start = cut;
    while (start < end && isSpace(text[start])) start++;
  }
  if (end > start) out.push({ start, end });
}

/** The last white space in (start, limit] outside protected ranges; else the limit, moved off a surrogate pair or out of a name. */
function wordCut(text: string, start: number, limit: number, inside: (pos: number) => boolean): number {
  for (let p = limit; p > start; p--) if (isSpace(text[p]) && !inside(p)) return p;
  let p = limit;
  // never split a surrogate pair
  if (/[\uDC00-\uDFFF]/.test(text[p] ?? '')) p--;
  while (inside(p) && p < text.length) p++;
  return p;
}

function trimEnd(text: string, start: number, end: number): number {
  while (end > start && isSpace(text[end - 1])) end--;
  return end;
}
