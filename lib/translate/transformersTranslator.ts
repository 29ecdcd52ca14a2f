import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { TranslationPipelineType } from '@xenova/transformers';
import { modelFiles } from './modelFiles.ts';
import { routeKey } from './modelFor.ts';
import { ModelUnavailableError, type Translator } from './translator.ts';

export interface TransformersTranslatorOptions {
  /** The model folder (env.localModelPath); the model id is a sub-folder. */
  modelsDir: string;
  /** Sentences per pipeline call. @defaultValue 8 */
  batchSize?: number;
  /** Cap on max_new_tokens; each batch asks for about 1.5x its longest input. @defaultValue 256 */
  maxNewTokens?: number;
  /** Load onnx/*_quantized.onnx. @defaultValue true */
  quantized?: boolean;
}

export interface TransformersTranslator extends Translator {
  /** Pipeline calls made so far (one per batch), for every language pair of the model. */
  readonly batches: number;
  /** A multilingual model's language codes (NLLB-200: `arb_Arab`, `eng_Latn`, …); empty for a one-pair model. */
  readonly languageCodes: readonly string[];
  /**
   * The same loaded model for one language pair: what a multilingual model is used through (the tokenizer
   * puts the source code first and generation is forced to start with the target code). Its `model` is the
   * route key (lib/translate/modelFor.ts), so the cache keeps the pairs apart. Throws ModelUnavailableError
   * naming the code when the model does not know it.
   */
  forLanguages(source: string, target?: string): Translator;
}

interface Languages {
  source: string;
  target: string;
}

interface Measured {
  text: string;
  tokens: number;
}

interface TokenizerLike {
  (texts: string | string[], opts?: { padding?: boolean; truncation?: boolean }): { input_ids: { dims: number[] } };
  model_max_length?: number;
  /** NllbTokenizer and M2M100Tokenizer: the language codes of a multilingual model */
  language_codes?: string[];
}

/**
 * A Translator on transformers.js: `pipeline('translation', model)` read from the local model folder only
 * (remote loading stays off: `raqib models fetch` is the one place that downloads). Greedy decoding, and
 * `max_new_tokens` always set, since the default lets a confused model run to 512 tokens.
 * A model that is missing or does not load throws ModelUnavailableError naming the model and the folder.
 */
export async function loadTransformersTranslator(model: string, opts: TransformersTranslatorOptions): Promise<TransformersTranslator> {
  const folder = resolve(opts.modelsDir);
  const quantized = opts.quantized ?? true;
  const batchSize = opts.batchSize ?? 8;
  const cap = opts.maxNewTokens ?? 256;
  const missing = modelFiles(quantized).filter((f) => !existsSync(join(folder, model, f)));
  if (missing.length) {
    throw new ModelUnavailableError(
      model,
      folder,
      `is not in the model folder (missing ${missing.join(', ')}; run "raqib models fetch" where there is internet)`,
    );
  }

  const { env, pipeline } = await import('@xenova/transformers');
  env.localModelPath = folder + '/';
  env.allowLocalModels = true;
  env.allowRemoteModels = false;
  let pipe: TranslationPipelineType;
  try {
    pipe = (await pipeline('translation', model, { quantized })) as TranslationPipelineType;
  } catch (e) {
    throw new ModelUnavailableError(model, folder, `failed to load: ${String((e as Error).message ?? e).split('\n')[0]}`);
  }
  const tokenizer = pipe.tokenizer as unknown as TokenizerLike;
  const maxInputTokens = tokenizer.model_max_length ?? 512;
  const tokenCount = (text: string) => tokenizer(text).input_ids.dims[1];

  const languageCodes = Array.isArray(tokenizer.language_codes) ? [...tokenizer.language_codes] : [];

  let batches = 0;
  // each input is tokenized once here (the pipeline does it again): the counts size max_new_tokens and
  // find inputs over model_max_length
  const run = async (batch: Measured[], languages: Languages | null): Promise<string[]> => {
    const longest = Math.max(...batch.map((m) => m.tokens));
    const maxNew = Math.min(cap, Math.ceil(longest * 1.5) + 8);
    batches++;
    const out = (await pipe(
      batch.map((m) => m.text),
      // src_lang/tgt_lang: the tokenizer puts the source code first and sets forced_bos_token_id to the target's
      { max_new_tokens: maxNew, num_beams: 1, do_sample: false, ...(languages ? { src_lang: languages.source, tgt_lang: languages.target } : {}) },
    )) as Array<{ translation_text: string }>;
    return out.map((o) => o.translation_text.trim());
  };

  // the pipeline truncates inputs over model_max_length without a word: halve such a text and translate both halves
  const fit = (text: string): Measured[] => {
    const tokens = tokenCount(text);
    if (tokens <= maxInputTokens) return [{ text, tokens }];
    const mid = text.lastIndexOf(' ', text.length >> 1);
    const cut = mid > 0 ? mid : text.length >> 1;
    return [...fit(text.slice(0, cut).trim()), ...fit(text.slice(cut).trim())];
  };

  const translate = async (texts: string[], languages: Languages | null): Promise<string[]> => {
    if (languageCodes.length && !languages)
      throw new ModelUnavailableError(
        model,
        folder,
        `is multilingual: it needs the source language's code (config/translation.yaml {model, code}, or --lang), e.g. ${languageCodes.slice(0, 3).join(', ')}`,
      );
    const pieces = texts.map((t) => (t.trim() ? fit(t) : []));
    const flat = pieces.flat();
    const done: string[] = [];
    for (let i = 0; i < flat.length; i += batchSize) done.push(...(await run(flat.slice(i, i + batchSize), languages)));
    let k = 0;
    return pieces.map((p) => p.map(() => done[k++]).join(' '));
  };

  return {
    model,
    languageCodes,
    get batches() {
      return batches;
    },
    translate: (texts) => translate(texts, null),
    forLanguages(source, target = 'eng_Latn') {
      if (!languageCodes.length)
        throw new ModelUnavailableError(model, folder, `translates one language pair only and takes no language code (got ${source})`);
      for (const code of [source, target])
        if (!languageCodes.includes(code))
          throw new ModelUnavailableError(
            model,
            folder,
            `does not know the language code ${code} (it knows ${languageCodes.length} codes, e.g. ${languageCodes.slice(0, 4).join(', ')})`,
          );
      const languages = { source, target };
      return { model: routeKey({ model, source, target }), translate: (texts) => translate(texts, languages) };
    },
    async close() {
      await pipe.dispose();
    },
  };
}
