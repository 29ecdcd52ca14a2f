import type { ModelChoice } from '../translate/modelFor.ts';
import { noModelNote } from '../translate/noModel.ts';

/** What the deliver stage knows of an alert's English (getAlert's fields). */
export interface AlertEnglishFacts {
  item_id: number | null;
  /** the item's language, or the alert's */
  lang: string | null;
  item_translation_status: string | null;
  item_translate_mode: string | null;
  lang_state: 'ready' | 'no_model' | null;
  lang_model: string | null;
}

/**
 * Where an alert's English stands when it is pushed:
 * - complete: the item is translated;
 * - not_needed: English already, or nothing to translate (surge and silence alerts);
 * - pending: a model is configured (and not known to be missing) and the translation is not done yet;
 * - none: there will be no English (no model, or the feed is not translated), with the reason.
 */
export type EnglishState = { kind: 'complete' } | { kind: 'not_needed' } | { kind: 'pending' } | { kind: 'none'; note: string };

/** `choice` is modelFor(translation config, lang): what the translate stage will do with the item. */
export function englishState(a: AlertEnglishFacts, choice: ModelChoice): EnglishState {
  if (a.item_id === null) return { kind: 'not_needed' };
  const status = a.item_translation_status;
  if (status === 'translated') return { kind: 'complete' };
  if (status === 'english' || choice.kind === 'english') return { kind: 'not_needed' };
  if (status === 'skipped' || a.item_translate_mode === 'none') return { kind: 'none', note: "no English: this outlet's feed is not translated" };
  const lang = a.lang ?? 'und';
  if (choice.kind === 'no_model') return { kind: 'none', note: `no English: ${noModelNote({ lang, model: null })}` };
  if (status === 'no_model' || a.lang_state === 'no_model')
    return { kind: 'none', note: `no English: ${noModelNote({ lang, model: choice.model })}` };
  return { kind: 'pending' };
}

/** The words a pushed alert carries when its English is missing; null when nothing is missing. */
export function noEnglishNote(s: EnglishState): string | null {
  if (s.kind === 'none') return s.note;
  if (s.kind === 'pending') return 'no English yet: still being translated';
  return null;
}

/** Whether what is pushed in this state carries all the English there will be (else an update may follow). */
export const carriesEnglish = (s: EnglishState): boolean => s.kind === 'complete' || s.kind === 'not_needed';
