import { describe, expect, it } from 'vitest';
import { loadTranslationConfig, TranslationConfig } from '../../config/translationSchema.ts';
import { parseConfig } from '../../config/load.ts';
import { configuredModels, modelFor } from './modelFor.ts';

describe('modelFor', () => {
  const config = TranslationConfig.parse({ models: { arb: 'Xenova/opus-mt-ar-en', pes: 'Xenova/opus-mt-mul-en', ckb: null } });

  it("picks the language's model, says when there is none, and leaves English alone", () => {
    expect(modelFor(config, 'arb')).toEqual({ kind: 'translate', model: 'Xenova/opus-mt-ar-en' });
    expect(modelFor(config, 'ckb')).toEqual({ kind: 'no_model', lang: 'ckb' });
    expect(modelFor(config, 'urd')).toEqual({ kind: 'no_model', lang: 'urd' });
    expect(modelFor(config, null)).toEqual({ kind: 'no_model', lang: 'und' });
    expect(modelFor(config, 'eng')).toEqual({ kind: 'english' });
    // not a prototype key
    expect(modelFor(config, 'constructor')).toEqual({ kind: 'no_model', lang: 'constructor' });
  });

  it('lists each configured model once', () => {
    expect(configuredModels(TranslationConfig.parse({ models: { arb: 'a/x', pes: 'a/y', urd: 'a/x', ckb: null } }))).toEqual(['a/x', 'a/y']);
  });

  it('ships a default config that maps Arabic to opus-mt-ar-en', () => {
    const c = loadTranslationConfig('config/translation.yaml');
    expect(modelFor(c, 'arb')).toEqual({ kind: 'translate', model: 'Xenova/opus-mt-ar-en' });
    expect(c.batchSize).toBeGreaterThan(0);
  });

  it('names the file and field of a bad config', () => {
    expect(() => parseConfig('t.yaml', 'models:\n  arabic: x/y\n', TranslationConfig)).toThrow(/t\.yaml: models\.arabic: /);
    expect(() => parseConfig('t.yaml', 'models: {arb: "bad id!"}\n', TranslationConfig)).toThrow(/t\.yaml: models\.arb: must be a model id/);
  });
});
