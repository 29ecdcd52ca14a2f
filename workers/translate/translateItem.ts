import type pg from 'pg';
import type { TranslationConfig } from '../../config/translationSchema.ts';
import { inTransaction } from '../../db/pool.ts';
import { loadAlertsForTranslation } from '../../db/sql/loadAlertsForTranslation.ts';
import { loadItemForTranslation } from '../../db/sql/loadItemForTranslation.ts';
import { loadTranslationSpans } from '../../db/sql/loadTranslationSpans.ts';
import { releaseDeliveriesAwaitingEnglish } from '../../db/sql/releaseDeliveriesAwaitingEnglish.ts';
import { updateAlertsTranslation } from '../../db/sql/updateAlertsTranslation.ts';
import { updateItemTitleTranslation } from '../../db/sql/updateItemTitleTranslation.ts';
import { updateItemTranslation } from '../../db/sql/updateItemTranslation.ts';
import { bodyOffset } from '../../lib/text/analyzedText.ts';
import { modelFor, routeKey } from '../../lib/translate/modelFor.ts';
import type { NameSpan } from '../../lib/translate/protectNames.ts';
import { translateTexts, type TranslatedText, type TranslationStats } from '../../lib/translate/translateTexts.ts';
import type { LanguageStates } from './languageStates.ts';
import { pgTranslationCache } from './pgTranslationCache.ts';

export interface TranslateResources {
  config: TranslationConfig;
  /** place id -> English name, from the gazetteer */
  placeNames: Map<string, string>;
  /** each language's model (or its absence), recorded once */
  languages: LanguageStates;
}

/**
 * translated | no_model (no usable model for the language: none configured, or its files missing or not
 * loading; recorded once per language in translation_languages, and the item is translated when the model
 * appears) | english (nothing to do) | skipped (feed mode)
 */
export type TranslationStatus = 'translated' | 'no_model' | 'english' | 'skipped';

export interface TranslateItemResult {
  itemId: number;
  status: TranslationStatus | 'gone' | 'changed';
  model?: string;
  alertsUpdated?: number;
  stats?: TranslationStats;
  /** alerts whose English changed or whose deliveries were waiting for it: the deliver stage's next work */
  alertsToDeliver?: number[];
}

/** An alert of the item and where its figure is first named (analyzed-text offset), if it has a name on file. */
interface ItemAlert {
  id: number;
  figureFirstAt: number | null;
}

/**
 * Translates one item: the title first, so the alerts show an English headline while the body is still in
 * the model, then the body; names protected, sentences through the cache. Each alert's English snippet is
 * the sentence of its figure's first mention (until the body is done, the English headline stands in).
 * Deliveries waiting for the English are released as soon as an alert's snippet is final, and when the
 * translation ends without English (no model) too: nothing waits for English that will not come.
 */
export async function translateItem(pool: pg.Pool, itemId: number, r: TranslateResources): Promise<TranslateItemResult> {
  const item = await loadItemForTranslation(pool, itemId);
  if (!item) return { itemId, status: 'gone' };
  const record = async (status: TranslationStatus, model: string | null = null) => {
    const ok = await updateItemTranslation(pool, { itemId, revision: item.revision, titleEn: null, bodyEn: null, model, status });
    if (!ok) return { itemId, status: 'changed' as const };
    const released = await releaseDeliveriesAwaitingEnglish(
      pool,
      (await loadAlertsForTranslation(pool, itemId)).map((a) => a.id),
    );
    return { itemId, status, alertsToDeliver: released };
  };
  if (item.translate_mode === 'none' || (item.translate_mode === 'mentions' && !item.has_mentions)) return record('skipped');
  const lang = item.lang ?? 'und';
  const choice = modelFor(r.config, lang);
  if (choice.kind === 'english') return record('english');
  if (choice.kind === 'no_model') {
    await r.languages.noModelConfigured(lang);
    return record('no_model');
  }
  const translator = await r.languages.translatorFor(lang, choice);
  if (!translator) return record('no_model', routeKey(choice));

  const spans = await loadTranslationSpans(pool, itemId);
  const title = item.title;
  const offset = bodyOffset(title);
  const named: Array<NameSpan & { figureId: string | null }> = [];
  for (const s of spans) {
    const name = s.kind === 'figure' ? s.name_en : r.placeNames.get(s.ref);
    // a figure with no English name on file (only its Arabic one) is left to the model
    if (name && LATIN.test(name)) named.push({ start: s.start_pos, end: s.end_pos, name, figureId: s.kind === 'figure' ? s.ref : null });
  }
  const alerts: ItemAlert[] = (await loadAlertsForTranslation(pool, itemId)).map((a) => ({
    id: a.id,
    figureFirstAt: named.find((s) => s.figureId === a.figure_id)?.start ?? null,
  }));
  const inTitle = (a: ItemAlert) => a.figureFirstAt !== null && a.figureFirstAt < offset;
  const translate = (text: string, textSpans: NameSpan[]) =>
    translateTexts([{ text, spans: textSpans }], { translator, cache: pgTranslationCache(pool), maxSentenceChars: r.config.maxSentenceChars });

  // the headline first: its English goes to the item and, as a stand-in snippet, to alerts that have none yet
  const head = await translate(
    title,
    named.filter((s) => s.end <= title.length),
  );
  const titleEn = head.texts[0];
  if (!(await updateItemTitleTranslation(pool, { itemId, revision: item.revision, titleEn: titleEn.translation, model: translator.model })))
    return { itemId, status: 'changed' };
  const early = alerts.map((a) => ({
    id: a.id,
    snippetEn: (inTitle(a) && sentenceAt(a.figureFirstAt!, titleEn, titleEn, offset)) || titleEn.translation,
  }));
  const earlyChanged = await updateAlertsTranslation(
    pool,
    early.filter((x) => x.snippetEn),
    { onlyWhereMissing: true },
  );
  const earlyReleased = await releaseDeliveriesAwaitingEnglish(
    pool,
    alerts.filter(inTitle).map((a) => a.id),
  );

  const tail = await translate(
    item.body ?? '',
    named.filter((s) => s.start >= offset).map((s) => ({ ...s, start: s.start - offset, end: s.end - offset })),
  );
  const bodyEn = tail.texts[0];
  const stats = sumStats(head.stats, tail.stats);
  return inTransaction(pool, async (c) => {
    const ok = await updateItemTranslation(c, {
      itemId,
      revision: item.revision,
      titleEn: titleEn.translation,
      bodyEn: bodyEn.translation,
      model: translator.model,
      status: 'translated',
    });
    if (!ok) return { itemId, status: 'changed' as const };
    const snippets = alerts.map((a) => ({
      id: a.id,
      snippetEn: (a.figureFirstAt !== null && sentenceAt(a.figureFirstAt, titleEn, bodyEn, offset)) || titleEn.translation || bodyEn.translation,
    }));
    const changed = await updateAlertsTranslation(
      c,
      snippets.filter((s) => s.snippetEn),
    );
    const released = await releaseDeliveriesAwaitingEnglish(
      c,
      alerts.map((a) => a.id),
    );
    const alertsToDeliver = [...new Set([...earlyChanged, ...earlyReleased, ...changed, ...released])];
    return {
      itemId,
      status: 'translated' as const,
      model: translator.model,
      alertsUpdated: new Set([...earlyChanged, ...changed]).size,
      stats,
      alertsToDeliver,
    };
  });
}

const LATIN = /[A-Za-z]/;

/** The English of the sentence holding analyzed-text position `pos`: the alert's snippet, in English. */
function sentenceAt(pos: number, title: TranslatedText, body: TranslatedText, offset: number): string | undefined {
  const [t, p] = pos < offset ? [title, pos] : [body, pos - offset];
  return t.sentences.find((s) => s.start <= p && p < s.end)?.translation;
}

function sumStats(a: TranslationStats, b: TranslationStats): TranslationStats {
  return { sentences: a.sentences + b.sentences, inputs: a.inputs + b.inputs, cacheHits: a.cacheHits + b.cacheHits, spliced: a.spliced + b.spliced };
}
