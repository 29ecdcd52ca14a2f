import type { TranslationConfig } from '../../config/translationSchema.ts';

/** A model to run and, for a multilingual model, the source and target language codes it is given. */
export interface ModelRoute {
  model: string;
  /** multilingual models only: the source language's code in the model (NLLB-200: `pes_Arab`) */
  source?: string;
  /** multilingual models only: the target's code (`eng_Latn`) */
  target?: string;
}

/** What to do with a text in language `lang`. */
export type ModelChoice =
  | ({ kind: 'translate' } & ModelRoute)
  /** already English */
  | { kind: 'english' }
  /** no model configured for the language (or the language is unknown): left untranslated, and said so */
  | { kind: 'no_model'; lang: string };

export function modelFor(config: Pick<TranslationConfig, 'models' | 'english'>, lang: string | null | undefined): ModelChoice {
  const label = lang ?? 'und';
  if (config.english.includes(label)) return { kind: 'english' };
  const entry = Object.hasOwn(config.models, label) ? config.models[label] : null;
  if (!entry) return { kind: 'no_model', lang: label };
  return typeof entry === 'string'
    ? { kind: 'translate', model: entry }
    : { kind: 'translate', model: entry.model, source: entry.code, target: entry.target };
}

/** Every distinct model the config names, for `models check|fetch`. */
export function configuredModels(config: Pick<TranslationConfig, 'models'>): string[] {
  return [...new Set(Object.values(config.models).flatMap((m) => (m ? [typeof m === 'string' ? m : m.model] : [])))];
}

/**
 * The key translations of a route are cached under (and the model an item records): the model id, plus the
 * language pair for a multilingual model, since the same sentence read as Persian or as Sorani may differ.
 */
export function routeKey(r: ModelRoute): string {
  return r.source ? `${r.model}:${r.source}>${r.target ?? 'eng_Latn'}` : r.model;
}
