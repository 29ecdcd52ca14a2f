import { inTransaction } from '../../db/pool.ts';
import { loadItemsToAnalyze } from '../../db/sql/loadItemsToAnalyze.ts';
import { markItemsAnalyzed } from '../../db/sql/markItemsAnalyzed.ts';
import { replaceItemPlaces, type ItemPlaceInput } from '../../db/sql/replaceItemPlaces.ts';
import { replaceItemSignals, type ItemSignalInput } from '../../db/sql/replaceItemSignals.ts';
import { replaceMentions, type MentionInput } from '../../db/sql/replaceMentions.ts';
import { analyzedText } from '../../lib/text/analyzedText.ts';
import { analyzeText } from '../../lib/text/analyzeText.ts';
import { analyzeStatements } from '../../lib/statements/analyzeStatements.ts';
import { storedSignalFields } from '../../lib/events/signalFields.ts';
import { enqueueItemBatches } from '../../queues/enqueue.ts';
import { defineStage } from '../stage.ts';
import { analysisContextLoader, type AnalysisContext } from './analysisContext.ts';

const NO_STATEMENTS = { places: [], signals: [], debunk: false } as const;

/** Language, tracked figures, places and statement signals for a batch of new or edited items. */
export default defineStage({
  stage: 'analyze',
  concurrency: 2,
  async setup(ctx) {
    return { context: analysisContextLoader(ctx.pool) };
  },
  async handle(job, ctx, res: { context: () => Promise<AnalysisContext> }) {
    const items = await loadItemsToAnalyze(ctx.pool, job.data.itemIds);
    if (items.length === 0) return { analyzed: 0 };
    const { figures, places } = await res.context();
    const mentions: MentionInput[] = [];
    const placeRows: ItemPlaceInput[] = [];
    const signals: ItemSignalInput[] = [];
    const marks: Array<{ id: number; revision: number; lang: string }> = [];
    for (const it of items) {
      const text = analyzedText(it.title, it.body ?? '');
      const a = analyzeText(text, figures);
      // places and statements only matter about a tracked figure: most items name none, and skip the work
      const st = a.mentions.length > 0 ? analyzeStatements(text, a.lang, a.mentions, places) : NO_STATEMENTS;
      for (const m of a.mentions)
        mentions.push({ itemId: it.id, figureId: m.figureId, start: m.start, end: m.end, text: m.text, alias: m.alias, revision: it.revision });
      for (const p of st.places) placeRows.push({ itemId: it.id, placeId: p.placeId, start: p.start, end: p.end });
      for (const s of st.signals)
        signals.push({ itemId: it.id, figureId: s.figureId, type: s.type, placeId: s.placeId ?? null, ...storedSignalFields(s) });
      marks.push({ id: it.id, revision: it.revision, lang: a.lang });
    }
    const ids = items.map((i) => i.id);
    await inTransaction(ctx.pool, async (c) => {
      await replaceMentions(c, ids, mentions);
      await replaceItemPlaces(c, ids, placeRows);
      await replaceItemSignals(c, ids, signals);
      await markItemsAnalyzed(c, marks);
    });
    await enqueueItemBatches(ctx.queues, 'alert', ids);
    return { analyzed: items.length, mentions: mentions.length, signals: signals.length };
  },
});
