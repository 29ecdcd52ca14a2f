import { statSync } from 'node:fs';
import { join } from 'node:path';
import type pg from 'pg';
import type { TranslationConfig } from '../../config/translationSchema.ts';
import { findItemsAwaitingModel } from '../../db/sql/findItemsAwaitingModel.ts';
import { recordLanguageState } from '../../db/sql/recordLanguageState.ts';
import type { Logger } from '../../lib/log.ts';
import { languageName } from '../../lib/translate/languages.ts';
import { modelFiles } from '../../lib/translate/modelFiles.ts';
import { modelFor, routeKey, type ModelRoute } from '../../lib/translate/modelFor.ts';
import { noModelFix, noModelNote } from '../../lib/translate/noModel.ts';
import { ModelUnavailableError, type Translator } from '../../lib/translate/translator.ts';
import type { TransformersTranslator } from '../../lib/translate/transformersTranslator.ts';
import type { TranslatorPool } from './translatorPool.ts';

/** Items handed back to the translate queue per statement when a language's model appears. */
const REQUEUE_PAGE = 500;

export interface LanguageStatesOptions {
  pool: pg.Pool;
  /** hands items back to the translate queue (job ids given: a repeated hand-off is one job) */
  handOn(jobs: Array<{ itemId: number; jobId: string }>): Promise<unknown>;
  log: Logger;
  config: TranslationConfig;
  modelsDir: string;
  translators: TranslatorPool<TransformersTranslator>;
}

export interface LanguageStates {
  /**
   * The translator for a language's route, or null when the language has no usable model: recorded once
   * (translation_languages, one log line per change), not retried per item.
   */
  translatorFor(lang: string, route: ModelRoute): Promise<Translator | null>;
  /** Records that a language has no model configured (once). */
  noModelConfigured(lang: string): Promise<void>;
  /**
   * Looks again at the languages without a usable model: a model whose files appeared (or changed) is loaded,
   * and when it loads the language becomes ready and its waiting items go back to the translate queue.
   * Runs at start-up and on a timer: a check, not a retry of every item. Returns the languages made ready.
   */
  check(): Promise<string[]>;
}

interface Known {
  route: string | null;
  state: 'ready' | 'no_model';
  /** the model files' newest mtime when a load last failed: the model is tried again only once they change */
  failedFiles?: number;
}

/**
 * What this translate process knows of each language's model, kept in step with translation_languages. An
 * item of a language without a model costs one look-up here, not a model load, a failed job and 8 retries.
 */
export function languageStates(o: LanguageStatesOptions): LanguageStates {
  const known = new Map<string, Known>();

  const record = async (lang: string, route: string | null, state: 'ready' | 'no_model', detail: string | null) => {
    known.set(lang, { ...known.get(lang), route, state });
    const changed = await recordLanguageState(o.pool, { lang, model: route, state, detail });
    if (!changed) return false;
    if (state === 'ready') o.log.info({ lang, model: route }, `translate: ${languageName(lang)} (${lang}) is translated by ${route}`);
    else {
      const n = { lang, model: route, detail };
      o.log.warn(
        { lang, model: route, detail, fix: noModelFix(n) },
        `translate: ${noModelNote(n)} (${lang}); its items stay untranslated until then${detail ? ` (${detail})` : ''}; fix: ${noModelFix(n)}`,
      );
    }
    return true;
  };

  /** Hands a language's waiting items back to the translate queue, newest first. */
  const requeue = async (lang: string) => {
    const tag = Date.now();
    let before: number | null = null;
    let n = 0;
    for (;;) {
      const page = await findItemsAwaitingModel(o.pool, lang, before, REQUEUE_PAGE);
      if (page.length === 0) break;
      await o.handOn(page.map((i) => ({ itemId: i.id, jobId: `translate-${i.id}-${i.revision}-model${tag}` })));
      n += page.length;
      before = page[page.length - 1].id;
    }
    if (n) o.log.info({ lang, items: n }, `translate: ${n} ${languageName(lang)} items waiting for a model handed on`);
  };

  const newestFile = (model: string): number | null => {
    let newest = 0;
    for (const f of modelFiles(o.config.quantized)) {
      try {
        newest = Math.max(newest, statSync(join(o.modelsDir, model, f)).mtimeMs);
      } catch {
        return null;
      }
    }
    return newest;
  };

  const load = async (lang: string, route: ModelRoute): Promise<Translator | null> => {
    const key = routeKey(route);
    try {
      const base = await o.translators.get(route.model);
      const t = route.source ? base.forLanguages(route.source, route.target) : base;
      if (known.get(lang)?.state !== 'ready' || known.get(lang)?.route !== key) {
        const wasWaiting = await record(lang, key, 'ready', null);
        if (wasWaiting) await requeue(lang);
      }
      return t;
    } catch (e) {
      if (!(e instanceof ModelUnavailableError)) throw e;
      await record(lang, key, 'no_model', e.message);
      known.set(lang, { route: key, state: 'no_model', failedFiles: newestFile(route.model) ?? undefined });
      return null;
    }
  };

  return {
    async translatorFor(lang, route) {
      const k = known.get(lang);
      if (k && k.state === 'no_model' && k.route === routeKey(route)) return null;
      return load(lang, route);
    },
    async noModelConfigured(lang) {
      const k = known.get(lang);
      if (k?.state === 'no_model' && k.route === null) return;
      await record(lang, null, 'no_model', null);
    },
    async check() {
      const ready: string[] = [];
      for (const lang of Object.keys(o.config.models)) {
        const choice = modelFor(o.config, lang);
        if (choice.kind !== 'translate') {
          await this.noModelConfigured(lang);
          continue;
        }
        const key = routeKey(choice);
        const k = known.get(lang);
        if (k?.state === 'ready' && k.route === key) continue;
        const files = newestFile(choice.model);
        if (files === null) {
          const missing = modelFiles(o.config.quantized).filter((f) => newestFileOf(o.modelsDir, choice.model, f) === null);
          await record(lang, key, 'no_model', `missing ${missing.join(', ')} in ${join(o.modelsDir, choice.model)}`);
          continue;
        }
        // a model that failed to load is tried again only once its files change
        if (k?.state === 'no_model' && k.route === key && k.failedFiles === files) continue;
        // the files are there: ready, and loaded when its first item comes (a load that fails says so then)
        if (await record(lang, key, 'ready', null)) {
          ready.push(lang);
          await requeue(lang);
        }
      }
      return ready;
    },
  };
}

function newestFileOf(dir: string, model: string, file: string): number | null {
  try {
    return statSync(join(dir, model, file)).mtimeMs;
  } catch {
    return null;
  }
}
