import { describe, expect, it } from 'vitest';
import { translationView } from './translationView.ts';

const facts = { lang: 'arb', translation_status: null, translation_model: null, lang_state: null, lang_model: null };

describe('translationView', () => {
  it('says where the English stands, and for no_model why and what fixes it', () => {
    expect(translationView({ ...facts, translation_status: 'translated', translation_model: 'Xenova/opus-mt-ar-en' })).toEqual({
      status: 'translated',
      model: 'Xenova/opus-mt-ar-en',
      note: null,
      fix: null,
    });
    expect(translationView({ ...facts, lang: 'ckb', translation_status: 'no_model' })).toEqual({
      status: 'no_model',
      model: null,
      note: 'no model for Kurdish (Sorani)',
      fix: 'map ckb to a model in config/translation.yaml, then raqib models fetch',
    });
    expect(translationView({ ...facts, lang_state: 'no_model', lang_model: 'Xenova/opus-mt-ar-en' })).toMatchObject({
      status: 'no_model',
      note: 'model Xenova/opus-mt-ar-en for Arabic is not installed or does not load',
      fix: 'raqib models fetch (where there is internet), then raqib models check',
    });
    expect(translationView(facts)).toMatchObject({ status: 'pending', note: 'not translated yet' });
    expect(translationView({ ...facts, lang_state: 'ready' })).toMatchObject({ status: 'pending' });
    expect(translationView({ ...facts, translation_status: 'skipped' }).status).toBe('skipped');
    expect(translationView({ ...facts, translation_status: 'english' }).status).toBe('english');
  });
});
