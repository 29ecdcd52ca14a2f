/**
 * One table, indexed by UTF-16 code unit, that says what each unit becomes when text is matched: a word
 * character (folded to its canonical form), a mark to drop, or a separator. Normalization and the matcher
 * both read it, so an alias and a text are always cut and folded the same way. Built once at load (~20 ms).
 */

/** Ends a word; the next word may continue a name (space, hyphen, hashtag underscore, `#`, `@`). */
export const SOFT_SEPARATOR = 0;
/** Ends a word and a name: punctuation, quotes, emoji (surrogates), symbols. */
export const HARD_SEPARATOR = 1;
/** Dropped, and belongs to the letter before it (tashkeel, tatweel, combining accents). */
export const MARK = 2;
/** Dropped without belonging anywhere (ZWNJ, ZWJ, bidi controls, BOM). */
export const IGNORABLE = 3;
/** Apostrophes and ayn/hamza signs of transliterations (Khaz'ali, Khazʿali); dropped inside a word. */
export const APOSTROPHE = 4;
/** Values at or above this are word characters: the value is the folded code unit. */
export const FIRST_WORD_CHAR = 0x20;

const ALEF = 0x627;
const YEH = 0x64a;
const HEH = 0x647;
const KAF = 0x643;
const WAW = 0x648;

/** Arabic-script letters folded to one Arabic form, so Persian/Urdu/Kurdish spellings meet the Arabic ones. */
const ARABIC_FOLDS: Record<number, number> = {
  0x623: ALEF,
  0x625: ALEF,
  0x622: ALEF,
  0x671: ALEF,
  0x672: ALEF,
  0x673: ALEF,
  0x675: ALEF, // أ إ آ ٱ ٲ ٳ ٵ
  0x649: YEH,
  0x6cc: YEH,
  0x6d0: YEH,
  0x6ce: YEH,
  0x6d2: YEH,
  0x6d3: YEH,
  0x626: YEH,
  0x678: YEH, // ى ی ې ێ ے ۓ ئ
  0x629: HEH,
  0x6c0: HEH,
  0x6c1: HEH,
  0x6c2: HEH,
  0x6c3: HEH,
  0x6d5: HEH,
  0x6be: HEH, // ة ۀ ہ ۂ ۃ ە ھ
  0x6a9: KAF,
  0x6aa: KAF,
  0x6af: 0x6af, // ک ڪ → ك; گ stays (a different sound)
  0x624: WAW,
  0x676: WAW,
  0x677: WAW, // ؤ ٶ ٷ
};

export const FOLD: Uint16Array = buildFoldTable();

function buildFoldTable(): Uint16Array {
  const t = new Uint16Array(0x10000).fill(HARD_SEPARATOR);
  const letterOrNumber = /[\p{L}\p{N}]/u;
  const mark = /\p{M}/u;
  const space = /\s/u;
  for (let c = 0; c < 0x10000; c++) {
    if (c >= 0xd800 && c <= 0xdfff) continue; // astral characters (emoji) separate words
    const ch = String.fromCharCode(c);
    if (mark.test(ch)) t[c] = MARK;
    else if (letterOrNumber.test(ch)) t[c] = foldLetter(c, ch);
    else if (space.test(ch)) t[c] = SOFT_SEPARATOR;
  }
  for (const c of [0x2d, 0x5f, 0x23, 0x40, 0x2010, 0x2011, 0xfe63, 0xff0d]) t[c] = SOFT_SEPARATOR; // - _ # @ ‐ ‑
  t[0x640] = MARK; // tatweel stretches the letter before it
  for (const c of [0x200b, 0x200c, 0x200d, 0x200e, 0x200f, 0x061c, 0x2060, 0xfeff, 0x00ad]) t[c] = IGNORABLE;
  for (let c = 0x202a; c <= 0x202e; c++) t[c] = IGNORABLE;
  for (let c = 0x2066; c <= 0x2069; c++) t[c] = IGNORABLE;
  for (const c of [0x27, 0x60, 0xb4, 0x2018, 0x2019, 0x201b, 0x2bb, 0x2bc, 0x2bd, 0x2be, 0x2bf, 0x2c8, 0x2032]) t[c] = APOSTROPHE;
  return t;
}

function foldLetter(c: number, ch: string): number {
  if (c >= 0x660 && c <= 0x669) return 0x30 + (c - 0x660); // Arabic-Indic digits
  if (c >= 0x6f0 && c <= 0x6f9) return 0x30 + (c - 0x6f0); // Persian/Urdu digits
  const arabic = ARABIC_FOLDS[c];
  if (arabic !== undefined) return arabic;
  // Presentation forms (ﻗ ﻴ ﺲ) and full-width Latin become their plain letters when that is one unit.
  const compat = ch.normalize('NFKC');
  const base = compat.length === 1 ? compat : ch;
  // Latin with diacritics: Ḥ → h, ā → a, é → e (the first unit of the decomposition is the base letter).
  const lower = base.toLowerCase();
  const decomposed = lower.length === 1 ? lower.normalize('NFD') : lower;
  const first = decomposed.charCodeAt(0);
  if (decomposed.length > 1 && first < 0x80) return first;
  if (lower.length === 1) {
    const l = lower.charCodeAt(0);
    const folded = ARABIC_FOLDS[l];
    return folded ?? Math.max(l, FIRST_WORD_CHAR);
  }
  return Math.max(c, FIRST_WORD_CHAR);
}
