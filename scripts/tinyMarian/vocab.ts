/**
 * The tiny model's shared vocabulary and the letter-by-letter transliteration its weights encode.
 *
 * Every source piece maps to exactly one target piece, so the generated decoder can emit "the target of
 * source position n" at step n and a test can know the exact output: قيس الخزعلي → "qys alkhzʿly".
 */

export const EOS = '</s>';
export const UNK = '<unk>';
export const PAD = '<pad>';
export const BOS = '<s>';
export const MASK = '<mask>';
/** SentencePiece's word-boundary mark, as the Metaspace pre-tokenizer writes spaces. */
export const METASPACE = '\u2581';

const ARABIC_TO_LATIN: Record<string, string> = {
  ا: 'a',
  أ: 'a',
  إ: 'i',
  آ: 'a',
  ٱ: 'a',
  ء: 'ʾ',
  ؤ: 'ʾ',
  ئ: 'ʾ',
  ب: 'b',
  ت: 't',
  ث: 'th',
  ج: 'j',
  ح: 'h',
  خ: 'kh',
  د: 'd',
  ذ: 'dh',
  ر: 'r',
  ز: 'z',
  س: 's',
  ش: 'sh',
  ص: 's',
  ض: 'd',
  ط: 't',
  ظ: 'z',
  ع: 'ʿ',
  غ: 'gh',
  ف: 'f',
  ق: 'q',
  ك: 'k',
  ل: 'l',
  م: 'm',
  ن: 'n',
  ه: 'h',
  ة: 'h',
  و: 'w',
  ي: 'y',
  ى: 'a',
  // Persian and Sorani letters
  پ: 'p',
  چ: 'ch',
  ژ: 'zh',
  گ: 'g',
  ک: 'k',
  ی: 'y',
  ە: 'e',
  ێ: 'e',
  ۆ: 'o',
  ڕ: 'r',
  ڵ: 'l',
  ھ: 'h',
  ڤ: 'v',
  // punctuation
  '،': ',',
  '؛': ';',
  '؟': '?',
  '۔': '.',
};
for (let d = 0; d < 10; d++) {
  ARABIC_TO_LATIN[String.fromCharCode(0x0660 + d)] = String(d);
  ARABIC_TO_LATIN[String.fromCharCode(0x06f0 + d)] = String(d);
}

export interface TinyVocab {
  /** pieces in id order */
  pieces: string[];
  /** source piece id -> the target piece id the model emits for it */
  targetOf: Int32Array;
  eosId: number;
  unkId: number;
  padId: number;
  /** the special pieces (in id order): what the tokenizer lists as added tokens and decoding skips */
  special: string[];
}

/**
 * What a language code token (NLLB: `pes_Arab` first in the source) turns into when nothing forces the first
 * generated token: a visible mark, so a test can tell that the target language token was forced.
 */
export const UNFORCED_LANGUAGE_MARK = '#';

/**
 * The vocabulary in one of two layouts:
 * - `marian`: `</s>` first, `<unk>` second, `<pad>` last (pad is also the decoder start token), as opus-mt;
 * - `nllb`: `<s>`, `<pad>`, `</s>`, `<unk>` first, the language code tokens after the pieces, `<mask>` last,
 *   as NLLB-200's (decoder start `</s>`).
 */
export function buildVocab(layout: 'marian' | 'nllb' = 'marian', languageCodes: readonly string[] = []): TinyVocab {
  const latin: string[] = [];
  for (let c = 0x21; c <= 0x7e; c++) latin.push(String.fromCharCode(c));
  const targets = [...new Set([METASPACE, ...latin, ...Object.values(ARABIC_TO_LATIN)])];
  const sources = Object.keys(ARABIC_TO_LATIN);
  const [head, tail] =
    layout === 'marian'
      ? [[EOS, UNK], [PAD]]
      : [
          [BOS, PAD, EOS, UNK],
          [...languageCodes, MASK],
        ];
  const pieces = [...head, ...targets, ...sources, ...tail];
  const id = new Map(pieces.map((p, i) => [p, i]));
  const targetOf = new Int32Array(pieces.length);
  const codes = new Set(languageCodes);
  pieces.forEach((p, i) => {
    // Latin pieces, the space mark and the special tokens copy themselves
    targetOf[i] = codes.has(p) ? id.get(UNFORCED_LANGUAGE_MARK)! : (id.get(ARABIC_TO_LATIN[p] ?? p) ?? i);
  });
  return {
    pieces,
    targetOf,
    eosId: id.get(EOS)!,
    unkId: id.get(UNK)!,
    padId: id.get(PAD)!,
    special: [...head, ...tail],
  };
}
