import { languageName } from './languages.ts';

/**
 * "No model" is a state of a language, not an error of an item: either no model is configured for it, or
 * the configured one is not usable (files missing, or they do not load). These say so in words a person can
 * act on, the same way everywhere (logs, `raqib status`, `raqib models check`, the API, pushed alerts).
 */
export interface NoModel {
  /** the language label (`arb`, `ckb`, `und`) */
  lang: string;
  /** the configured model, or null when none is configured */
  model: string | null;
  /** why a configured model is not usable (its load error, or the files it lacks) */
  detail?: string | null;
}

/** "no model for Arabic" / "model Xenova/opus-mt-ar-en for Arabic is not installed". */
export function noModelNote(n: NoModel): string {
  const language = languageName(n.lang);
  return n.model ? `model ${n.model} for ${language} is not installed or does not load` : `no model for ${language}`;
}

/** The command (and edit) that fixes it. */
export function noModelFix(n: NoModel): string {
  if (n.model) return 'raqib models fetch (where there is internet), then raqib models check';
  if (n.lang === 'und') return 'none: the language of these items was not recognised';
  return `map ${n.lang} to a model in config/translation.yaml, then raqib models fetch`;
}
