import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { Command } from 'commander';
import type { TranslationConfig } from '../../config/translationSchema.ts';
import type { Place } from '../../config/placesSchema.ts';
import type { Watchlist } from '../../config/watchlistSchema.ts';
import type { NameSpan } from '../../lib/translate/protectNames.ts';
import type { Translator } from '../../lib/translate/translator.ts';
import { parseInputLine } from './analyze.ts';

/**
 * `raqib translate [--model ID]`: JSON Lines `{"id", "text"}` on stdin, `{"id", "lang", "translation"}` on
 * stdout, for checking a model by hand. The model comes from the language map (config/translation.yaml)
 * unless --model names one, and is read from the model folder only; a missing model fails with one line
 * naming the model and the folder. Tracked figures and gazetteer places keep their canonical English names,
 * as in the worker.
 * A language with no model gives `"translation": null, "status": "no_model"`.
 */
export function register(program: Command): void {
  program
    .command('translate')
    .description('English for JSON Lines {"id","text"} on stdin, through the local translation models')
    .option('--model <id>', "model id (a sub-folder of RAQIB_MODELS_DIR); default: the model configured for each line's language")
    .option('--watchlist <file>', 'watchlist whose figures keep their English names (default: RAQIB_WATCHLIST)')
    .action(async (opts: { model?: string; watchlist?: string }) => {
      const { settings } = await import('../../config/settings.ts');
      const { loadTranslationConfig } = await import('../../config/translationSchema.ts');
      const { loadWatchlist } = await import('../../config/watchlistSchema.ts');
      const { loadPlaces } = await import('../../config/placesSchema.ts');
      const s = settings();
      const counts = await runTranslate(process.stdin, process.stdout, {
        config: loadTranslationConfig(s.RAQIB_TRANSLATION),
        modelsDir: s.RAQIB_MODELS_DIR,
        model: opts.model,
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
  const { modelFor } = await import('../../lib/translate/modelFor.ts');
  const { translateTexts } = await import('../../lib/translate/translateTexts.ts');
  const { memoryCache } = await import('../../lib/translate/translationCache.ts');
  const { loadTransformersTranslator } = await import('../../lib/translate/transformersTranslator.ts');
  const { translatorPool } = await import('../../workers/translate/translatorPool.ts');

  const c = opts.config;
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

  const write = async (line: object) => {
    if (!output.write(JSON.stringify(line) + '\n')) await once(output, 'drain');
  };
  const flush = async (batch: Array<Pending | { line: number; error: string }>) => {
    // one translateTexts call per model keeps the model's batches full
    const results = new Map<Pending, string | null>();
    const byModel = new Map<string, Pending[]>();
    for (const p of batch) {
      if ('error' in p) continue;
      const choice = opts.model ? ({ kind: 'translate', model: opts.model } as const) : modelFor(c, p.lang);
      if (choice.kind === 'english') results.set(p, p.text);
      else if (choice.kind === 'no_model') results.set(p, null);
      else byModel.set(choice.model, [...(byModel.get(choice.model) ?? []), p]);
    }
    for (const [model, items] of byModel) {
      const translator: Translator = await pool.get(model);
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
      } else batch.push({ id: parsed.id, text: parsed.text, lang: detectLanguage(parsed.text) });
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
