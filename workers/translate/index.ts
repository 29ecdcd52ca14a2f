import { resolve } from 'node:path';
import { settings } from '../../config/settings.ts';
import { loadTranslationConfig } from '../../config/translationSchema.ts';
import { loadTransformersTranslator } from '../../lib/translate/transformersTranslator.ts';
import { defineStage } from '../stage.ts';
import { loadPlaceNames } from './placeNames.ts';
import { translateItem, type TranslateResources } from './translateItem.ts';
import { translatorPool } from './translatorPool.ts';

/**
 * English for alerts. CPU-heavy, so it has its own queue and a concurrency of 1 per process: alerts are
 * written first with the original text, and updated (and announced again by the alerts trigger) when the
 * translation lands. A missing model fails the job with the model and folder named; BullMQ retries it with
 * backoff, and it succeeds once the model is in the folder.
 */
export default defineStage<'translate', TranslateResources>({
  stage: 'translate',
  concurrency: 1,
  async setup(ctx) {
    const s = settings();
    const config = loadTranslationConfig(s.RAQIB_TRANSLATION);
    const modelsDir = resolve(s.RAQIB_MODELS_DIR);
    ctx.log.info({ modelsDir, models: config.models }, 'translate: models are read from the model folder only');
    return {
      config,
      placeNames: loadPlaceNames(s.RAQIB_PLACES),
      translators: translatorPool((model) =>
        loadTransformersTranslator(model, { modelsDir, batchSize: config.batchSize, maxNewTokens: config.maxNewTokens, quantized: config.quantized }),
      ),
    };
  },
  async teardown(r) {
    await r.translators.close();
  },
  async handle(job, ctx, r) {
    const out = await translateItem(ctx.pool, job.data.itemId, r);
    ctx.log.debug(out, `translate item ${out.itemId}: ${out.status}`);
    return out;
  },
});
