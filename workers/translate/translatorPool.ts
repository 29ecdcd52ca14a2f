import type { Translator } from '../../lib/translate/translator.ts';

export interface TranslatorPool<T extends Translator = Translator> {
  /** The model's translator, loaded on first use and kept for the life of the process. */
  get(model: string): Promise<T>;
  close(): Promise<void>;
}

/**
 * One loaded translator per model. A load that fails is forgotten, not cached, so the next job tries again:
 * that is how jobs start succeeding once `raqib models fetch` has put the model in the folder.
 */
export function translatorPool<T extends Translator>(load: (model: string) => Promise<T>): TranslatorPool<T> {
  const loaded = new Map<string, Promise<T>>();
  return {
    get(model) {
      let p = loaded.get(model);
      if (!p) {
        p = load(model);
        loaded.set(model, p);
        p.catch(() => loaded.delete(model));
      }
      return p;
    },
    async close() {
      const all = await Promise.allSettled(loaded.values());
      loaded.clear();
      for (const r of all) if (r.status === 'fulfilled') await r.value.close?.();
    },
  };
}
