import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTransformersTranslator } from '../lib/translate/transformersTranslator.ts';
import { makeTinyNllb } from './make-tiny-nllb.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'raqib-make-nllb-'));
  await makeTinyNllb(join(dir, 'tiny/nllb'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The raw transformers.js pipeline on the tiny model, to look at token ids. */
interface RawPipeline {
  tokenizer: {
    _build_translation_inputs(t: string[], o: object, g: Record<string, unknown>): { input_ids: { tolist(): bigint[][] } };
    convert_tokens_to_ids?: unknown;
    model: { convert_tokens_to_ids(t: string[]): number[] };
    decode(ids: number[], o?: object): string;
  };
  model: { generate(ids: unknown, o: Record<string, unknown>): Promise<number[][]> };
  dispose(): Promise<void>;
}

describe('makeTinyNllb', () => {
  it('writes an m2m_100 model with an NllbTokenizer whose special tokens are the language codes, the same bytes every run', async () => {
    const files = await makeTinyNllb(join(dir, 'again/nllb'));
    for (const f of files) expect(Buffer.compare(await readFile(join(dir, 'tiny/nllb', f)), await readFile(join(dir, 'again/nllb', f)))).toBe(0);
    const config = JSON.parse(await readFile(join(dir, 'tiny/nllb/config.json'), 'utf8'));
    expect(config).toMatchObject({ model_type: 'm2m_100', is_encoder_decoder: true, decoder_start_token_id: 2, eos_token_id: 2, pad_token_id: 1 });
    const tok = JSON.parse(await readFile(join(dir, 'tiny/nllb/tokenizer.json'), 'utf8'));
    expect(tok.added_tokens.map((t: { content: string }) => t.content)).toEqual([
      '<s>',
      '<pad>',
      '</s>',
      '<unk>',
      'arb_Arab',
      'ckb_Arab',
      'eng_Latn',
      'pes_Arab',
      'urd_Arab',
      '<mask>',
    ]);
  });

  it('runs through the translator with src/tgt codes: the source code goes first and the target code is forced', async () => {
    const t = await loadTransformersTranslator('tiny/nllb', { modelsDir: dir, batchSize: 2 });
    expect(t.languageCodes).toEqual(['arb_Arab', 'ckb_Arab', 'eng_Latn', 'pes_Arab', 'urd_Arab']);
    const fa = t.forLanguages('pes_Arab', 'eng_Latn');
    const ckb = t.forLanguages('ckb_Arab');
    expect(fa.model).toBe('tiny/nllb:pes_Arab>eng_Latn');
    expect(ckb.model).toBe('tiny/nllb:ckb_Arab>eng_Latn');
    // without the forced target token the tiny model would begin with "#"
    expect(await fa.translate(['پیام قیس خزعلی در تهران', 'ژن', ''])).toEqual(['pyam qys khzʿly dr thran', 'zhn', '']);
    expect(await ckb.translate(['قەیس خەزعەلی لە بەغدا'])).toEqual(['qeys khezʿely le beghda']);
    await t.close?.();

    const { pipeline } = await import('@xenova/transformers');
    const raw = (await pipeline('translation', 'tiny/nllb')) as unknown as RawPipeline;
    const kwargs: Record<string, unknown> = { src_lang: 'pes_Arab', tgt_lang: 'eng_Latn', max_new_tokens: 10 };
    const ids = raw.tokenizer._build_translation_inputs(['قیس'], {}, kwargs).input_ids;
    const [pes, eng] = raw.tokenizer.model.convert_tokens_to_ids(['pes_Arab', 'eng_Latn']);
    expect(Number(ids.tolist()[0][0])).toBe(pes);
    expect(kwargs.forced_bos_token_id).toBe(eng);
    const forced = await raw.model.generate(ids, kwargs);
    expect(forced[0].slice(0, 2)).toEqual([2, eng]);
    const unforced = await raw.model.generate(ids, { max_new_tokens: 10 });
    expect(raw.tokenizer.decode(unforced[0], { skip_special_tokens: true })).toBe('# qys');
    await raw.dispose();
  });

  it('says what is wrong when a code is missing or unknown, naming the model', async () => {
    const t = await loadTransformersTranslator('tiny/nllb', { modelsDir: dir });
    await expect(t.translate(['قیس'])).rejects.toThrow(/model tiny\/nllb is multilingual: it needs the source language's code/);
    expect(() => t.forLanguages('fra_Latn')).toThrow(/model tiny\/nllb does not know the language code fra_Latn/);
    expect(() => t.forLanguages('pes_Arab', 'deu_Latn')).toThrow(/does not know the language code deu_Latn/);
    await t.close?.();
  });
});
