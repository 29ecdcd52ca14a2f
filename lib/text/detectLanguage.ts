import { franc } from 'franc';

/** ISO 639-3 labels Raqib uses; dialectal Arabic (Iraqi, Levantine, Gulf) is `arb`, Dari is `pes`. */
export type Lang = 'arb' | 'pes' | 'ckb' | 'urd' | 'pbu' | 'eng' | 'tur' | 'heb' | 'rus' | 'und';

export const LANGS: readonly Lang[] = ['arb', 'pes', 'ckb', 'urd', 'pbu', 'eng', 'tur', 'heb', 'rus', 'und'];

/** Letters counted for script evidence; a long article is decided on its start. */
const SAMPLE_CHARS = 2000;
/** franc is slower than the matcher (~2.5 MB/s), so it sees at most this much. */
const FRANC_CHARS = 300;

/**
 * What franc's trigram models cannot see. Sorani (ckb) writes ە ێ ۆ ڕ ڵ, which neither Persian nor Arabic
 * use (franc's ckb model is Latin-script Kurdish, so it calls Arabic-script Sorani Persian). Urdu has ٹ ڈ ڑ
 * ں ے ہ and ھ (in تھ کھ بھ; Sorani's ھ is caught first by its own letters); Pashto ټ ډ ړ ږ ښ ځ څ ې ۍ ڼ. Persian keyboards give ی ک and پ چ ژ گ, Arabic ones ي ك ة ى.
 */
const SORANI = new Set([0x6d5, 0x6ce, 0x6c6, 0x695, 0x6b5, 0x6ca]);
const URDU = new Set([0x6be, 0x679, 0x688, 0x691, 0x6ba, 0x6d2, 0x6d3, 0x6c1, 0x6c3]);
const PASHTO = new Set([0x67c, 0x689, 0x693, 0x696, 0x69a, 0x681, 0x685, 0x6d0, 0x6cd, 0x6bc]);
const PERSIAN_LETTERS = new Set([0x67e, 0x686, 0x698, 0x6af]); // پ چ ژ گ
const PERSIAN_KEYBOARD = new Set([0x6cc, 0x6a9, 0x200c]); // ی ک ZWNJ
const ARABIC_ONLY = new Set([0x629, 0x649, 0x64a, 0x643]); // ة ى ي ك

interface Evidence {
  arabicScript: number;
  latin: number;
  hebrew: number;
  cyrillic: number;
  sorani: number;
  urdu: number;
  pashto: number;
  persian: number;
  persianKeyboard: number;
  arabicOnly: number;
}

function countEvidence(text: string): Evidence {
  const e: Evidence = {
    arabicScript: 0,
    latin: 0,
    hebrew: 0,
    cyrillic: 0,
    sorani: 0,
    urdu: 0,
    pashto: 0,
    persian: 0,
    persianKeyboard: 0,
    arabicOnly: 0,
  };
  const n = Math.min(text.length, SAMPLE_CHARS);
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) {
      if ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a) e.latin++;
    } else if ((c >= 0x620 && c <= 0x64a) || (c >= 0x66e && c <= 0x6d5) || (c >= 0x750 && c <= 0x77f)) {
      e.arabicScript++;
      // a word-initial ئ carries a vowel in Sorani («ئازادی»); Arabic and Persian words do not start with it
      if (SORANI.has(c) || (c === 0x626 && (i === 0 || text.charCodeAt(i - 1) <= 0x40))) e.sorani++;
      else if (URDU.has(c)) e.urdu++;
      else if (PASHTO.has(c)) e.pashto++;
      else if (PERSIAN_LETTERS.has(c)) e.persian++;
      else if (PERSIAN_KEYBOARD.has(c)) e.persianKeyboard++;
      else if (ARABIC_ONLY.has(c)) e.arabicOnly++;
    } else if (c === 0x200c) e.persianKeyboard++;
    else if (c >= 0xc0 && c <= 0x24f) e.latin++;
    else if (c >= 0x5d0 && c <= 0x5ea) e.hebrew++;
    else if (c >= 0x400 && c <= 0x4ff) e.cyrillic++;
  }
  return e;
}

/**
 * The language of a text: script evidence first, then franc restricted to the languages of the script,
 * then franc's answer corrected by the letters it ignores. `und` for empty, digit-only or one-letter text.
 */
export function detectLanguage(text: string): Lang {
  const e = countEvidence(text);
  const top = Math.max(e.arabicScript, e.latin, e.hebrew, e.cyrillic);
  if (top < 2) return 'und';
  if (top === e.hebrew) return 'heb';
  if (top === e.cyrillic) return 'rus';
  if (top === e.latin && e.latin > e.arabicScript) return detectLatin(text);
  return detectArabicScript(text, e);
}

function detectLatin(text: string): Lang {
  // In this region Latin script is overwhelmingly English; franc only gets to overrule that on a real sentence.
  // franc calls many short English lines French or Scots; Turkish shows itself by ğ ş ı.
  if (!/[ğşıİĞŞ]/.test(text.slice(0, SAMPLE_CHARS))) return 'eng';
  const f = franc(text.slice(0, FRANC_CHARS), { only: ['eng', 'sco', 'tur'], minLength: 1 });
  return f === 'tur' ? 'tur' : 'eng';
}

function detectArabicScript(text: string, e: Evidence): Lang {
  const letters = e.arabicScript;
  if (e.sorani >= 2 || (e.sorani === 1 && letters < 60)) return 'ckb';
  if (e.urdu >= 2 || (e.urdu === 1 && letters < 60)) return 'urd';
  if (e.pashto >= 2) return 'pbu';
  // Persian writes ی ک in almost every sentence; a text with none of them and none of پ چ ژ گ is Arabic
  // (franc calls short dialectal lines Persian because they lack «ال»).
  const persianEvidence = e.persian * 2 + e.persianKeyboard;
  if (persianEvidence === 0) return persianWords(text) > 0 ? 'pes' : 'arb';
  if (e.arabicOnly === 0) return 'pes';
  // both kinds of letters (Persian typed on an Arabic keyboard, Arabic quoting a Persian name): ask franc
  const f = franc(text.slice(0, FRANC_CHARS), { only: ['arb', 'pes', 'prs'], minLength: 1 });
  return f === 'arb' ? 'arb' : 'pes';
}

/** Persian function words that Arabic does not use; decides short lines without any Persian-only letter. */
const PERSIAN_WORDS = new Set(['است', 'را', 'در', 'از', 'این', 'آن', 'برای', 'شد', 'شده', 'هر', 'بود', 'نیز', 'اگر', 'یا']);

function persianWords(text: string): number {
  let n = 0;
  for (const w of text.slice(0, SAMPLE_CHARS).split(/[\s.,:;!?،؛؟«»()"]+/)) if (PERSIAN_WORDS.has(w)) n++;
  return n;
}
