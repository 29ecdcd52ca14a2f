import type pg from 'pg';
import { insertTranslations } from '../../db/sql/insertTranslations.ts';
import { selectCachedTranslations } from '../../db/sql/selectCachedTranslations.ts';
import type { TranslationCache } from '../../lib/translate/translationCache.ts';

/** The translation cache in Postgres (table `translations`), shared by every translate worker. */
export function pgTranslationCache(pool: pg.Pool): TranslationCache {
  return {
    get: (model, hashes) => selectCachedTranslations(pool, model, hashes),
    put: (model, entries) => insertTranslations(pool, model, entries),
  };
}
