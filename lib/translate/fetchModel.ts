import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { modelFiles } from './modelFiles.ts';

export interface FetchModelOptions {
  /** The model folder; files land in `<modelsDir>/<model id>/…`, the layout the translator reads. */
  modelsDir: string;
  /** Where models are downloaded from. @defaultValue the Hugging Face hub */
  remoteHost?: string;
  /** @defaultValue true */
  quantized?: boolean;
}

/**
 * Downloads one model into the model folder: the one place Raqib turns transformers.js's remote loading on.
 * transformers.js's file cache is pointed at the model folder, and its keys are `<model id>/<file>`, so what
 * it downloads is exactly what the offline translator later reads; files already there are not fetched
 * again. Remote loading is switched off again afterwards, whatever happens.
 */
export async function fetchModel(model: string, opts: FetchModelOptions): Promise<string[]> {
  const folder = resolve(opts.modelsDir);
  const quantized = opts.quantized ?? true;
  const { env, AutoTokenizer, AutoModelForSeq2SeqLM } = await import('@xenova/transformers');
  const saved = {
    remoteHost: env.remoteHost,
    allowRemoteModels: env.allowRemoteModels,
    allowLocalModels: env.allowLocalModels,
    useFSCache: env.useFSCache,
    cacheDir: env.cacheDir,
  };
  Object.assign(env, {
    remoteHost: opts.remoteHost ?? 'https://huggingface.co/',
    allowRemoteModels: true,
    // the cache (the model folder) is still consulted; skipping the local-path probe avoids a warning per missing file
    allowLocalModels: false,
    useFSCache: true,
    cacheDir: folder,
  });
  try {
    await AutoTokenizer.from_pretrained(model);
    const m = await AutoModelForSeq2SeqLM.from_pretrained(model, { quantized });
    await m.dispose();
  } catch (e) {
    throw new Error(`model ${model}: download from ${env.remoteHost} into ${folder} failed: ${String((e as Error).message ?? e).split('\n')[0]}`);
  } finally {
    Object.assign(env, { ...saved, allowRemoteModels: false });
  }
  const missing = modelFiles(quantized).filter((f) => !existsSync(join(folder, model, f)));
  if (missing.length) throw new Error(`model ${model}: downloaded, but ${missing.join(', ')} missing in ${join(folder, model)}`);
  return modelFiles(quantized);
}
