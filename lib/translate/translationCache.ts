import { createHash } from 'node:crypto';

/** A stored translation: the model input's hash, the input itself, and the model's output. */
export interface CachedTranslation {
  hash: string;
  source: string;
  translation: string;
}

/**
 * Translations already made, keyed by (hash of the exact model input, model): the same sentence carried by
 * twenty outlets goes through the model once. The worker's is the Postgres table `translations`.
 */
export interface TranslationCache {
  get(model: string, hashes: string[]): Promise<Map<string, string>>;
  put(model: string, entries: CachedTranslation[]): Promise<void>;
}

export function contentHash(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** A cache in this process's memory, for the CLI and benchmarks. */
export function memoryCache(): TranslationCache {
  const store = new Map<string, string>();
  return {
    async get(model, hashes) {
      const out = new Map<string, string>();
      for (const h of hashes) {
        const t = store.get(`${model}\u0000${h}`);
        if (t !== undefined) out.set(h, t);
      }
      return out;
    },
    async put(model, entries) {
      for (const e of entries) store.set(`${model}\u0000${e.hash}`, e.translation);
    },
  };
}

/** No cache at all: every call reaches the model (for measuring the model itself). */
export const noCache: TranslationCache = {
  get: async () => new Map(),
  put: async () => {},
};
