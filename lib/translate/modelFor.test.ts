import { describe, expect, it } from 'vitest';
import { loadTranslationConfig, TranslationConfig } from '../../config/translationSchema.ts';
import { parseConfig } from '../../config/load.ts';
import { languageName, nllbCode } from './languages.ts';
import { configuredModels, modelFor, routeKey } from './modelFor.ts';

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
    expect(
      configuredModels(
        TranslationConfig.parse({ models: { arb: 'a/x', pes: { model: 'a/nllb', code: 'pes_Arab' }, ckb: { model: 'a/nllb', code: 'ckb_Arab' } } }),
      ),
    ).toEqual(['a/x', 'a/nllb']);
  });

  it('routes a language to a multilingual model with its code, English as the default target', () => {
    const c = TranslationConfig.parse({ models: { arb: 'a/x', pes: { model: 'a/nllb', code: 'pes_Arab' } } });
    const choice = modelFor(c, 'pes');
    expect(choice).toEqual({ kind: 'translate', model: 'a/nllb', source: 'pes_Arab', target: 'eng_Latn' });
    expect(routeKey(choice as { model: string; source: string })).toBe('a/nllb:pes_Arab>eng_Latn');
    expect(routeKey({ model: 'a/x' })).toBe('a/x');
  });

  it('names languages and their NLLB-200 codes', () => {
    expect(languageName('arb')).toBe('Arabic');
    expect(languageName('ckb')).toBe('Kurdish (Sorani)');
    expect(languageName(null)).toBe('an unknown language');
    expect(languageName('tur')).toBe('tur');
    expect(nllbCode('pes')).toBe('pes_Arab');
    expect(nllbCode('ckb_Arab')).toBe('ckb_Arab');
    expect(nllbCode('xyz')).toBeUndefined();
  });

  it('ships a default config: Arabic to opus-mt-ar-en, Persian, Sorani and Urdu to NLLB-200 with their codes', () => {
    const c = loadTranslationConfig('config/translation.yaml');
    expect(modelFor(c, 'arb')).toEqual({ kind: 'translate', model: 'Xenova/opus-mt-ar-en' });
    for (const [lang, code] of [
      ['pes', 'pes_Arab'],
      ['ckb', 'ckb_Arab'],
      ['urd', 'urd_Arab'],
    ])
      expect(modelFor(c, lang)).toEqual({ kind: 'translate', model: 'Xenova/nllb-200-distilled-600M', source: code, target: 'eng_Latn' });
    expect(c.batchSize).toBeGreaterThan(0);
  });

  it('names the file and field of a bad config', () => {
    expect(() => parseConfig('t.yaml', 'models:\n  arabic: x/y\n', TranslationConfig)).toThrow(/t\.yaml: models\.arabic: /);
    expect(() => parseConfig('t.yaml', 'models: {arb: "bad id!"}\n', TranslationConfig)).toThrow(/t\.yaml: models\.arb: must be a model id/);
    expect(() => parseConfig('t.yaml', 'models: {pes: {model: a/nllb, code: fa}}\n', TranslationConfig)).toThrow(
      /t\.yaml: models\.pes\.code: must be a language code such as pes_Arab/,
    );
    // a multilingual entry without its code
    expect(() => parseConfig('t.yaml', 'models: {pes: {model: a/nllb}}\n', TranslationConfig)).toThrow(
      /models\.pes: .*\{model: <id>, code: <language code>\}/,
    );
    expect(() => parseConfig('t.yaml', 'models: {pes: {model: a/nllb, code: pes_Arab, lang: x}}\n', TranslationConfig)).toThrow(
      /t\.yaml: models\.pes: Unrecognized key: "lang"/,
    );
    expect(() => parseConfig('t.yaml', 'models: {pes: 5}\n', TranslationConfig)).toThrow(
      /t\.yaml: models\.pes: must be a model id .*or \{model: <id>, code: <language code>\}/,
    );
  });
});
