import { resolve } from 'node:path';
import { settings } from '../../config/settings.ts';
import { loadTranslationConfig } from '../../config/translationSchema.ts';
import { loadTransformersTranslator } from '../../lib/translate/transformersTranslator.ts';
import { DELIVER_ENGLISH_JOB } from '../../queues/names.ts';
import { defineStage } from '../stage.ts';
import { languageStates } from './languageStates.ts';
import { loadPlaceNames } from './placeNames.ts';
import { translateItem, type TranslateResources } from './translateItem.ts';
import { translatorPool, type TranslatorPool } from './translatorPool.ts';
import type { TransformersTranslator } from '../../lib/translate/transformersTranslator.ts';

export interface TranslateStageResources extends TranslateResources {
  translators: TranslatorPool<TransformersTranslator>;
  stopChecks(): Promise<void>;
}

/**
 * English for alerts. CPU-heavy, so it has its own queue and a concurrency of 1 per process: alerts are
 * written first with the original text, and updated (and announced again by the alerts trigger) when the
 * translation lands; the deliver stage is told, so pushed alerts carry the English. A language without a
 * usable model is a state, recorded once (translation_languages): its items are marked `no_model` and their
 * jobs succeed; a check every RAQIB_MODEL_CHECK_MS hands them back when the model appears.
 */
export default defineStage<'translate', TranslateStageResources>({
  stage: 'translate',
  concurrency: 1,
  async setup(ctx) {
    const s = settings();
    const config = loadTranslationConfig(s.RAQIB_TRANSLATION);
    const modelsDir = resolve(s.RAQIB_MODELS_DIR);
    ctx.log.info({ modelsDir, models: config.models }, 'translate: models are read from the model folder only');
    const translators = translatorPool((model) =>
      loadTransformersTranslator(model, { modelsDir, batchSize: config.batchSize, maxNewTokens: config.maxNewTokens, quantized: config.quantized }),
    );
    const handOn = (jobs: Array<{ itemId: number; jobId: string }>) =>
      ctx.queues.translate.addBulk(jobs.map((j) => ({ name: 'translate', data: { itemId: j.itemId }, opts: { jobId: j.jobId } })));
    const languages = languageStates({ pool: ctx.pool, handOn, log: ctx.log, config, modelsDir, translators });
    let stopped = false;
    let running: Promise<unknown> = Promise.resolve();
    let timer: NodeJS.Timeout;
    const tick = () => {
      running = languages
        .check()
        .catch((e: Error) => ctx.log.warn({ stage: 'translate', err: e.message }, 'translate: model check failed'))
        .finally(() => {
          if (!stopped) timer = setTimeout(tick, s.RAQIB_MODEL_CHECK_MS);
        });
    };
    // the first check at once, but not in the way of start-up: a Postgres still coming up only delays it
    timer = setTimeout(tick, 0);
    return {
      config,
      placeNames: loadPlaceNames(s.RAQIB_PLACES),
      translators,
      languages,
      async stopChecks() {
        stopped = true;
        clearTimeout(timer);
        await running;
      },
    };
  },
  async teardown(r) {
    await r.stopChecks();
    await r.translators.close();
  },
  async handle(job, ctx, r) {
    const out = await translateItem(ctx.pool, job.data.itemId, r);
    if (out.alertsToDeliver?.length) await ctx.queues.deliver.addBulk(out.alertsToDeliver.map((alertId) => ({ name: 'deliver', data: { alertId } })));
    ctx.log.debug(out, `translate item ${out.itemId}: ${out.status}`);
    return out;
  },
});
