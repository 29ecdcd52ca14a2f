import { z } from 'zod';
import { loadYaml } from './load.ts';

/** A model id as transformers.js names it: a sub-folder of the model folder, e.g. `Xenova/opus-mt-ar-en`. */
const ModelId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*(\/[A-Za-z0-9][A-Za-z0-9._-]*)?$/, 'must be a model id such as Xenova/opus-mt-ar-en');

/** A language as a multilingual model's tokenizer names it (NLLB-200 / FLORES-200 codes: `pes_Arab`, `eng_Latn`). */
export const ModelLanguageCode = z
  .string()
  .regex(/^[a-z]{3}_[A-Z][a-z]{3}$/, 'must be a language code such as pes_Arab, ckb_Arab or eng_Latn (NLLB-200 codes)');

/**
 * A multilingual model (NLLB-200, an `m2m_100` model) serves many languages; each entry names the model and
 * the source language's code in it. The target is English (`eng_Latn`) unless `target` says otherwise.
 */
const MultilingualModel = z.strictObject({
  model: ModelId,
  code: ModelLanguageCode,
  target: ModelLanguageCode.default('eng_Latn'),
});
export type MultilingualModel = z.infer<typeof MultilingualModel>;

/** One language's model: a one-pair model's id (Marian opus-mt), or a multilingual model with its codes. */
const LanguageModel = z.union([ModelId, MultilingualModel], {
  error: 'must be a model id such as Xenova/opus-mt-ar-en, or {model: <id>, code: <language code>} for a multilingual model',
});

export const TranslationConfig = z.object({
  /**
   * Language label (as detectLanguage gives it) -> the model that translates it into English. `null` says
   * "no model for this language": its items are left untranslated with status `no_model`.
   */
  models: z.record(z.string().regex(/^[a-z]{3}$/, 'must be a three-letter language label such as arb'), LanguageModel.nullable()),
  /** Languages already in English: nothing to translate. */
  english: z.array(z.string()).default(['eng']),
  /** Sentences per call to the model. */
  batchSize: z.number().int().min(1).max(256).default(8),
  /**
   * Longest sentence sent to the model, in characters; longer ones are split at word boundaries, never cut.
   * Marian models take at most 512 tokens; 400 characters of Arabic stay far below that.
   */
  maxSentenceChars: z.number().int().min(20).max(4000).default(400),
  /** Upper bound of max_new_tokens; each batch asks for about 1.5x its longest input, up to this. */
  maxNewTokens: z.number().int().min(8).max(1024).default(256),
  /** Load onnx/*_quantized.onnx (transformers.js's default; the files models fetch downloads). */
  quantized: z.boolean().default(true),
});
export type TranslationConfig = z.infer<typeof TranslationConfig>;

/** Reads and validates config/translation.yaml; errors name the file and the field. */
export function loadTranslationConfig(file: string): TranslationConfig {
  return loadYaml(file, TranslationConfig);
}
