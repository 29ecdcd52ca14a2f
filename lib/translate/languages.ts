/**
 * The languages Raqib labels (lib/text/detectLanguage.ts) by their English names, and their codes in NLLB-200
 * (FLORES-200 codes, which transformers.js's NllbTokenizer takes as `src_lang`/`tgt_lang`). These are fixed
 * standards, not tuning data.
 */
const LANGUAGES: Readonly<Record<string, { name: string; nllb: string }>> = {
  arb: { name: 'Arabic', nllb: 'arb_Arab' },
  pes: { name: 'Persian', nllb: 'pes_Arab' },
  ckb: { name: 'Kurdish (Sorani)', nllb: 'ckb_Arab' },
  urd: { name: 'Urdu', nllb: 'urd_Arab' },
  eng: { name: 'English', nllb: 'eng_Latn' },
};

/** "Arabic" for `arb`; a label Raqib does not name is shown as itself, `und` as "an unknown language". */
export function languageName(label: string | null | undefined): string {
  if (!label || label === 'und') return 'an unknown language';
  return Object.hasOwn(LANGUAGES, label) ? LANGUAGES[label].name : label;
}

/** The NLLB-200 code of a language label (`pes` -> `pes_Arab`); a code given as such is kept. */
export function nllbCode(labelOrCode: string): string | undefined {
  if (/^[a-z]{3}_[A-Z][a-z]{3}$/.test(labelOrCode)) return labelOrCode;
  return Object.hasOwn(LANGUAGES, labelOrCode) ? LANGUAGES[labelOrCode].nllb : undefined;
}
