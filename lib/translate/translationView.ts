import { noModelFix, noModelNote } from './noModel.ts';

/** What is stored about an item's translation and its language's model. */
export interface TranslationFacts {
  lang: string | null;
  /** items.translation_status: translated | no_model | english | skipped | null (not yet) */
  translation_status: string | null;
  translation_model: string | null;
  /** translation_languages.state of the item's language, null when never recorded */
  lang_state: 'ready' | 'no_model' | null;
  lang_model: string | null;
}

/** An item's (and so its alerts') English, as the API and pages show it: where it stands, why, and the fix. */
export interface TranslationView {
  status: 'translated' | 'english' | 'skipped' | 'no_model' | 'pending';
  /** the model (with a multilingual model's codes) that made it, or the one configured but not usable */
  model: string | null;
  /** a sentence for people: "no model for Arabic", "not translated yet" */
  note: string | null;
  /** for no_model: the command (or edit) that fixes it, e.g. "raqib models fetch …" */
  fix: string | null;
}

export function translationView(f: TranslationFacts): TranslationView {
  const lang = f.lang ?? 'und';
  switch (f.translation_status) {
    case 'translated':
      return { status: 'translated', model: f.translation_model, note: null, fix: null };
    case 'english':
      return { status: 'english', model: null, note: 'the original is in English', fix: null };
    case 'skipped':
      return { status: 'skipped', model: null, note: "this outlet's feed is not translated (feed setting translate)", fix: null };
  }
  // no_model as recorded for the item, or known for its language before the item's turn came
  if (f.translation_status === 'no_model' || f.lang_state === 'no_model') {
    const n = { lang, model: f.translation_model ?? f.lang_model };
    return { status: 'no_model', model: n.model, note: noModelNote(n), fix: noModelFix(n) };
  }
  return { status: 'pending', model: null, note: 'not translated yet', fix: null };
}
