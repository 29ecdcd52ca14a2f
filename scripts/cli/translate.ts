import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { Command } from 'commander';
import type { TranslationConfig } from '../../config/translationSchema.ts';
import type { Place } from '../../config/placesSchema.ts';
import type { Watchlist } from '../../config/watchlistSchema.ts';
import type { ModelChoice, ModelRoute } from '../../lib/translate/modelFor.ts';
import type { NameSpan } from '../../lib/translate/protectNames.ts';
import type { Translator } from '../../lib/translate/translator.ts';
import { parseInputLine } from './analyze.ts';

/**
 * `raqib translate [--model ID] [--lang CODE]`: JSON Lines `{"id", "text"}` on stdin, `{"id", "lang",
 * "translation"}` on stdout, for checking a model by hand. The model comes from the language map
 * (config/translation.yaml) unless --model names one, and is read from the model folder only; a missing model
 * fails with one line naming the model and the folder. --lang (a label such as `pes`, or a model code such as
 * `pes_Arab`) sets every line's language and skips detection; a multilingual model (NLLB-200) is given that
 * language's code (the configured one, else the standard NLLB-200 code of the label). Tracked figures and
 * gazetteer places keep their canonical English names, as in the worker.
 * A language with no model gives `"translation": null, "status": "no_model"`.
 */
export function register(program: Command): void {
  program
    .command('translate')
    .description('English for JSON Lines {"id","text"} on stdin, through the local translation models')
    .option('--model <id>', "model id (a sub-folder of RAQIB_MODELS_DIR); default: the model configured for each line's language")
    .option('--lang <code>', 'source language of every line, a label (pes, ckb) or a model code (pes_Arab); skips detection')
    .option('--watchlist <file>', 'watchlist whose figures keep their English names (default: RAQIB_WATCHLIST)')
    .action(async (opts: { model?: string; lang?: string; watchlist?: string }) => {
      const { settings } = await import('../../config/settings.ts');
      const { loadTranslationConfig } = await import('../../config/translationSchema.ts');
      const { loadWatchlist } = await import('../../config/watchlistSchema.ts');
      const { loadPlaces } = await import('../../config/placesSchema.ts');
      const s = settings();
      const counts = await runTranslate(process.stdin, process.stdout, {
        config: loadTranslationConfig(s.RAQIB_TRANSLATION),
        modelsDir: s.RAQIB_MODELS_DIR,
        model: opts.model,
        lang: opts.lang,
        namesIn: await trackedNameFinder(
          loadWatchlist(opts.watchlist ?? s.RAQIB_WATCHLIST),
          existsSync(s.RAQIB_PLACES) ? loadPlaces(s.RAQIB_PLACES) : [],
        ),
      });
      if (counts.errors > 0) process.stderr.write(`translate: ${counts.errors} of ${counts.lines} input lines were malformed\n`);
    });
}

export interface TranslateCliOptions {
  config: TranslationConfig;
  modelsDir: string;
  /** one model for every line, whatever its language */
  model?: string;
  /** every line's language (a label such as `pes`, or a model code such as `pes_Arab`); skips detection */
  lang?: string;
  /** the spans of a text that must come out as fixed English names (tracked figures, places) */
  namesIn?: (text: string) => NameSpan[];
  /** lines translated together (the translator batches within) */
  chunkLines?: number;
}

interface Pending {
  id: string | number;
  text: string;
  lang: string;
}

/** Reads JSON Lines from `input`, writes one line per non-blank input line to `output`, in order. */
export async function runTranslate(input: Readable, output: Writable, opts: TranslateCliOptions): Promise<{ lines: number; errors: number }> {
  const { detectLanguage } = await import('../../lib/text/detectLanguage.ts');
  const { modelFor, routeKey } = await import('../../lib/translate/modelFor.ts');
  const { nllbCode } = await import('../../lib/translate/languages.ts');
  const { translateTexts } = await import('../../lib/translate/translateTexts.ts');
  const { memoryCache } = await import('../../lib/translate/translationCache.ts');
  const { loadTransformersTranslator } = await import('../../lib/translate/transformersTranslator.ts');
  const { translatorPool } = await import('../../workers/translate/translatorPool.ts');

  const c = opts.config;
  const given = opts.lang === undefined ? null : parseLangOption(opts.lang);
  const pool = translatorPool((model) =>
    loadTransformersTranslator(model, {
      modelsDir: resolve(opts.modelsDir),
      batchSize: c.batchSize,
      maxNewTokens: c.maxNewTokens,
      quantized: c.quantized,
    }),
  );
  const cache = memoryCache();
  // with --model the model must load before anything is read
  if (opts.model) await pool.get(opts.model);

  /** The model (and, for a multilingual one, the language codes) a line in language `lang` goes through. */
  const routeFor = (lang: string): ModelChoice => {
    if (!opts.model) return modelFor(c, lang);
    const entry = Object.hasOwn(c.models, lang) ? c.models[lang] : null;
    const configured = entry && typeof entry !== 'string' ? entry : null;
    return { kind: 'translate', model: opts.model, source: given?.code ?? configured?.code ?? nllbCode(lang), target: configured?.target };
  };
  /** The translator of a route: a multilingual model through its language pair, a one-pair model as it is. */
  const translatorFor = async (route: ModelRoute): Promise<Translator> => {
    const base = await pool.get(route.model);
    if (!base.languageCodes.length) return base;
    if (!route.source) throw new Error(`translate: model ${route.model} is multilingual: give the source language with --lang (e.g. --lang pes)`);
    return base.forLanguages(route.source, route.target);
  };

  const write = async (line: object) => {
    if (!output.write(JSON.stringify(line) + '\n')) await once(output, 'drain');
  };
  const flush = async (batch: Array<Pending | { line: number; error: string }>) => {
    // one translateTexts call per model and language pair keeps the model's batches full
    const results = new Map<Pending, string | null>();
    const byRoute = new Map<string, { route: ModelRoute; items: Pending[] }>();
    for (const p of batch) {
      if ('error' in p) continue;
      const choice = routeFor(p.lang);
      if (choice.kind === 'english') results.set(p, p.text);
      else if (choice.kind === 'no_model') results.set(p, null);
      else {
        const key = routeKey(choice);
        const group = byRoute.get(key) ?? { route: choice, items: [] };
        group.items.push(p);
        byRoute.set(key, group);
      }
    }
    for (const { route, items } of byRoute.values()) {
      const translator = await translatorFor(route);
      const sources = items.map((p) => ({ text: p.text, spans: namesIn(p.text) }));
      const { texts } = await translateTexts(sources, { translator, cache, maxSentenceChars: c.maxSentenceChars });
      items.forEach((p, i) => results.set(p, texts[i].translation));
    }
    for (const p of batch) {
      if ('error' in p) await write(p);
      else {
        const translation = results.get(p) ?? null;
        await write(translation === null ? { id: p.id, lang: p.lang, translation, status: 'no_model' } : { id: p.id, lang: p.lang, translation });
      }
    }
  };
  const namesIn = opts.namesIn ?? (() => []);

  let lineNo = 0;
  let errors = 0;
  let batch: Array<Pending | { line: number; error: string }> = [];
  try {
    for await (const raw of createInterface({ input, crlfDelay: Infinity })) {
      lineNo++;
      if (raw.trim() === '') continue;
      const parsed = parseInputLine(raw);
      if ('error' in parsed) {
        errors++;
        batch.push({ line: lineNo, error: parsed.error });
      } else batch.push({ id: parsed.id, text: parsed.text, lang: given?.label ?? detectLanguage(parsed.text) });
      if (batch.length >= (opts.chunkLines ?? 64)) {
        await flush(batch);
        batch = [];
      }
    }
    await flush(batch);
  } finally {
    await pool.close();
  }
  return { lines: lineNo, errors };
}

/** Finds tracked figures (with an English name) and gazetteer places in a text, as spans to protect. */
export async function trackedNameFinder(watchlist: Watchlist, places: readonly Place[]): Promise<(text: string) => NameSpan[]> {
  const { compileWatchlist, matchFigures } = await import('../../lib/text/matchFigures.ts');
  const { compilePlaces, matchPlaces } = await import('../../lib/statements/matchPlaces.ts');
  const figures = compileWatchlist(watchlist);
  const gazetteer = compilePlaces(places);
  const figureNames = new Map(watchlist.figures.flatMap((f) => (f.nameEn ? [[f.id, f.nameEn] as const] : [])));
  const placeNames = new Map(places.map((p) => [p.id, p.name]));
  return (text) => [
    ...matchFigures(figures, text).flatMap((m) =>
      figureNames.has(m.figureId) ? [{ start: m.start, end: m.end, name: figureNames.get(m.figureId)! }] : [],
    ),
    ...matchPlaces(gazetteer, text).flatMap((p) =>
      placeNames.has(p.placeId) ? [{ start: p.start, end: p.end, name: placeNames.get(p.placeId)! }] : [],
    ),
  ];
}

/** `--lang pes` (a label) or `--lang pes_Arab` (a model code, whose first part is the label). */
export function parseLangOption(v: string): { label: string; code: string | null } {
  if (/^[a-z]{3}$/.test(v)) return { label: v, code: null };
  if (/^[a-z]{3}_[A-Z][a-z]{3}$/.test(v)) return { label: v.slice(0, 3), code: v };
  throw new Error(`translate: --lang must be a language label such as pes or a model code such as pes_Arab (got "${v.slice(0, 40)}")`);
}
