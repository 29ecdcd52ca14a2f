import type pg from 'pg';
import type { TranslationConfig } from '../../config/translationSchema.ts';
import { inTransaction } from '../../db/pool.ts';
import { loadAlertsForTranslation } from '../../db/sql/loadAlertsForTranslation.ts';
import { loadItemForTranslation } from '../../db/sql/loadItemForTranslation.ts';
import { loadTranslationSpans } from '../../db/sql/loadTranslationSpans.ts';
import { updateAlertsTranslation } from '../../db/sql/updateAlertsTranslation.ts';
import { updateItemTranslation } from '../../db/sql/updateItemTranslation.ts';
import { bodyOffset } from '../../lib/text/analyzedText.ts';
import { modelFor } from '../../lib/translate/modelFor.ts';
import type { NameSpan } from '../../lib/translate/protectNames.ts';
import { ModelUnavailableError } from '../../lib/translate/translator.ts';
import { translateTexts, type TranslatedText, type TranslationStats } from '../../lib/translate/translateTexts.ts';
import { pgTranslationCache } from './pgTranslationCache.ts';
import type { TranslatorPool } from './translatorPool.ts';

export interface TranslateResources {
  config: TranslationConfig;
  /** place id -> English name, from the gazetteer */
  placeNames: Map<string, string>;
  translators: TranslatorPool;
}

/**
 * translated | no_model (no model configured for the language) | english (nothing to do) | skipped (feed
 * mode) | model_missing (the configured model is not in the model folder or does not load: the job fails
 * and is retried, and db/sql/findItemsAwaitingTranslation.ts finds the item again later)
 */
export type TranslationStatus = 'translated' | 'no_model' | 'english' | 'skipped' | 'model_missing';

export interface TranslateItemResult {
  itemId: number;
  status: TranslationStatus | 'gone' | 'changed';
  model?: string;
  alertsUpdated?: number;
  stats?: TranslationStats;
}

/**
 * Translates one item's title and body (names protected, sentences through the cache), writes them to the
 * item and gives the alerts it raised their English snippet. A missing model throws (the job retries).
 */
export async function translateItem(pool: pg.Pool, itemId: number, r: TranslateResources): Promise<TranslateItemResult> {
  const item = await loadItemForTranslation(pool, itemId);
  if (!item) return { itemId, status: 'gone' };
  const record = async (status: TranslationStatus) => {
    const ok = await updateItemTranslation(pool, { itemId, revision: item.revision, titleEn: null, bodyEn: null, model: null, status });
    return { itemId, status: ok ? status : 'changed' } as const;
  };
  if (item.translate_mode === 'none' || (item.translate_mode === 'mentions' && !item.has_mentions)) return record('skipped');
  const choice = modelFor(r.config, item.lang);
  if (choice.kind !== 'translate') return record(choice.kind);

  const translator = await r.translators.get(choice.model).catch(async (e: unknown) => {
    if (e instanceof ModelUnavailableError) await record('model_missing');
    throw e;
  });
  const spans = await loadTranslationSpans(pool, itemId);
  const title = item.title;
  const body = item.body ?? '';
  const offset = bodyOffset(title);
  const named: Array<NameSpan & { figureId: string | null }> = [];
  for (const s of spans) {
    const name = s.kind === 'figure' ? s.name_en : r.placeNames.get(s.ref);
    // a figure with no English name on file (only its Arabic one) is left to the model
    if (name && LATIN.test(name)) named.push({ start: s.start_pos, end: s.end_pos, name, figureId: s.kind === 'figure' ? s.ref : null });
  }
  const { texts, stats } = await translateTexts(
    [
      { text: title, spans: named.filter((s) => s.end <= title.length) },
      { text: body, spans: named.filter((s) => s.start >= offset).map((s) => ({ ...s, start: s.start - offset, end: s.end - offset })) },
    ],
    { translator, cache: pgTranslationCache(pool), maxSentenceChars: r.config.maxSentenceChars },
  );
  const [titleEn, bodyEn] = texts;

  return inTransaction(pool, async (c) => {
    const ok = await updateItemTranslation(c, {
      itemId,
      revision: item.revision,
      titleEn: titleEn.translation,
      bodyEn: bodyEn.translation,
      model: choice.model,
      status: 'translated',
    });
    if (!ok) return { itemId, status: 'changed' as const };
    const alerts = await loadAlertsForTranslation(c, itemId);
    const snippets = alerts.map((a) => {
      const first = named.find((s) => s.figureId === a.figure_id);
      return { id: a.id, snippetEn: (first && sentenceAt(first.start, titleEn, bodyEn, offset)) || titleEn.translation || bodyEn.translation };
    });
    const alertsUpdated = await updateAlertsTranslation(
      c,
      snippets.filter((s) => s.snippetEn),
    );
    return { itemId, status: 'translated' as const, model: choice.model, alertsUpdated, stats };
  });
}

const LATIN = /[A-Za-z]/;

/** The English of the sentence holding analyzed-text position `pos`: the alert's snippet, in English. */
function sentenceAt(pos: number, title: TranslatedText, body: TranslatedText, offset: number): string | undefined {
  const [t, p] = pos < offset ? [title, pos] : [body, pos - offset];
  return t.sentences.find((s) => s.start <= p && p < s.end)?.translation;
}
