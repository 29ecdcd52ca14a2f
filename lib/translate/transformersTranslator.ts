import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { TranslationPipelineType } from '@xenova/transformers';
import { modelFiles } from './modelFiles.ts';
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
  /** Pipeline calls made so far (one per batch). */
  readonly batches: number;
}

interface Measured {
  text: string;
  tokens: number;
}

interface TokenizerLike {
  (texts: string | string[], opts?: { padding?: boolean; truncation?: boolean }): { input_ids: { dims: number[] } };
  model_max_length?: number;
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

  let batches = 0;
  // each input is tokenized once here (the pipeline does it again): the counts size max_new_tokens and
  // find inputs over model_max_length
  const run = async (batch: Measured[]): Promise<string[]> => {
    const longest = Math.max(...batch.map((m) => m.tokens));
    const maxNew = Math.min(cap, Math.ceil(longest * 1.5) + 8);
    batches++;
    const out = (await pipe(
      batch.map((m) => m.text),
      { max_new_tokens: maxNew, num_beams: 1, do_sample: false },
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

  return {
    model,
    get batches() {
      return batches;
    },
    async translate(texts) {
      const pieces = texts.map((t) => (t.trim() ? fit(t) : []));
      const flat = pieces.flat();
      const done: string[] = [];
      for (let i = 0; i < flat.length; i += batchSize) done.push(...(await run(flat.slice(i, i + batchSize))));
      let k = 0;
      return pieces.map((p) => p.map(() => done[k++]).join(' '));
    },
    async close() {
      await pipe.dispose();
    },
  };
}
