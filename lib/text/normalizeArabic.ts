import { APOSTROPHE, FIRST_WORD_CHAR, FOLD, IGNORABLE, MARK, SOFT_SEPARATOR } from './foldTable.ts';

/**
 * A folded copy of a text that still knows where each of its characters came from: normalized[i] was made
 * from original.slice(start[i], end[i]). Use `originalSpan` to turn a span of the normalized text back into
 * a span of the original, so highlights land on what the reader sees.
 */
export interface NormalizedText {
  text: string;
  /** Original UTF-16 index of each normalized character. */
  start: Int32Array;
  /** Original UTF-16 index just after each normalized character, dropped marks after it included. */
  end: Int32Array;
}

/**
 * Folds for matching, keeping offsets: tashkeel and tatweel dropped; أ إ آ ٱ → ا; ى ی ئ → ي; ة ۀ ہ ە ھ → ه;
 * ک → ك; ؤ → و; Arabic-Indic and Persian digits → 0-9; ZWNJ/ZWJ and bidi marks dropped; presentation forms
 * to plain letters; Latin lower-cased without diacritics (Ḥ → h); apostrophes and ayn signs inside a word
 * dropped (Khazʿali → khazali); spaces, hyphens and hashtag underscores become one space each. Other
 * punctuation stays as it is. The Latin article (al-) is kept here; the matcher drops it at word level.
 */
export function normalizeArabic(original: string): NormalizedText {
  const n = original.length;
  const out = new Uint16Array(n);
  const start = new Int32Array(n);
  const end = new Int32Array(n);
  let len = 0;
  for (let i = 0; i < n; i++) {
    const c = original.charCodeAt(i);
    const v = FOLD[c];
    if (v >= FIRST_WORD_CHAR) {
      out[len] = v;
      start[len] = i;
      end[len] = i + 1;
      len++;
    } else if (v === MARK) {
      if (len > 0 && out[len - 1] !== 0x20 && end[len - 1] === i) end[len - 1] = i + 1;
    } else if (v === APOSTROPHE) {
      const inWord = len > 0 && out[len - 1] !== 0x20 && end[len - 1] === i && i + 1 < n && FOLD[original.charCodeAt(i + 1)] >= FIRST_WORD_CHAR;
      if (!inWord) push(0x20, i);
    } else if (v !== IGNORABLE) {
      push(v === SOFT_SEPARATOR ? 0x20 : c, i);
    }
  }
  return { text: decode(out, len), start: start.slice(0, len), end: end.slice(0, len) };

  function push(unit: number, i: number): void {
    out[len] = unit;
    start[len] = i;
    end[len] = i + 1;
    len++;
  }
}

function decode(units: Uint16Array, len: number): string {
  let s = '';
  for (let i = 0; i < len; i += 8192) s += String.fromCharCode(...units.subarray(i, Math.min(len, i + 8192)));
  return s;
}

/** The folded text alone, for comparing two strings as the matcher would. */
export function foldText(original: string): string {
  return normalizeArabic(original).text;
}

/** Maps normalized [from, to) back to the original text's [start, end) (UTF-16 indices). */
export function originalSpan(nt: NormalizedText, from: number, to: number): { start: number; end: number } {
  if (from >= to) {
    const at = from < nt.start.length ? nt.start[from] : from > 0 ? nt.end[from - 1] : 0;
    return { start: at, end: at };
  }
  return { start: nt.start[from], end: nt.end[to - 1] };
}
