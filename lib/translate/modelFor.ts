import type { TranslationConfig } from '../../config/translationSchema.ts';

/** What to do with a text in language `lang`. */
export type ModelChoice =
  | { kind: 'translate'; model: string }
  /** already English */
  | { kind: 'english' }
  /** no model configured for the language (or the language is unknown): left untranslated, and said so */
  | { kind: 'no_model'; lang: string };

export function modelFor(config: Pick<TranslationConfig, 'models' | 'english'>, lang: string | null | undefined): ModelChoice {
  const label = lang ?? 'und';
  if (config.english.includes(label)) return { kind: 'english' };
  const model = Object.hasOwn(config.models, label) ? config.models[label] : null;
  return model ? { kind: 'translate', model } : { kind: 'no_model', lang: label };
}

/** Every distinct model the config names, for `models check|fetch`. */
export function configuredModels(config: Pick<TranslationConfig, 'models'>): string[] {
  return [...new Set(Object.values(config.models).filter((m): m is string => !!m))];
}
