import { mkdtemp, rm, unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTinyMarian } from '../../scripts/make-tiny-marian.ts';
import { loadTransformersTranslator } from './transformersTranslator.ts';
import { ModelUnavailableError } from './translator.ts';

let dir: string;
const MODEL = 'tiny/opus-mt-ar-en';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'raqib-tiny-'));
  await makeTinyMarian(join(dir, MODEL));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('loadTransformersTranslator with the tiny model', () => {
  it('loads from the local folder with remote loading off and runs the real generation', async () => {
    const t = await loadTransformersTranslator(MODEL, { modelsDir: dir });
    const { env } = await import('@xenova/transformers');
    expect(env.allowRemoteModels).toBe(false);
    expect(t.model).toBe(MODEL);
    expect(await t.translate(['قيس الخزعلي', 'Hello, world.', 'پیام ژن گل'])).toEqual(['qys alkhzʿly', 'Hello, world.', 'pyam zhn gl']);
    await t.close?.();
  });

  it('gives the same output in batches as one by one', async () => {
    const texts = ['قيس الخزعلي', 'نفى مكتب الأمين العام أنباء مقتله في طهران', 'ليث', 'Baghdad ٢٠٢٦', 'عصائب أهل الحق'];
    const batched = await loadTransformersTranslator(MODEL, { modelsDir: dir, batchSize: 4 });
    const single = await loadTransformersTranslator(MODEL, { modelsDir: dir, batchSize: 1 });
    const a = await batched.translate(texts);
    const b: string[] = [];
    for (const x of texts) b.push(...(await single.translate([x])));
    expect(a).toEqual(b);
    expect(a[1]).toBe('nfa mktb alamyn alʿam anbaʾ mqtlh fy thran');
    expect(batched.batches).toBe(2);
    expect(single.batches).toBe(5);
  });

  it('asks for enough new tokens that a long sentence is not cut short', async () => {
    const t = await loadTransformersTranslator(MODEL, { modelsDir: dir, maxNewTokens: 1024 });
    const long = Array.from({ length: 40 }, () => 'قيس').join(' ');
    expect(await t.translate([long])).toEqual([Array.from({ length: 40 }, () => 'qys').join(' ')]);
  });

  it('splits a text longer than the model takes instead of letting the pipeline truncate it', async () => {
    const small = join(dir, 'small');
    await makeTinyMarian(join(small, MODEL), { modelMaxLength: 16 });
    const t = await loadTransformersTranslator(MODEL, { modelsDir: small });
    const text = 'قيس الخزعلي في بغداد وليث الخزعلي في طهران';
    expect(await t.translate([text, ''])).toEqual(['qys alkhzʿly fy bghdad wlyth alkhzʿly fy thran', '']);
  });

  it('names the model and the folder when the model is missing', async () => {
    const err = await loadTransformersTranslator('Xenova/opus-mt-ar-en', { modelsDir: dir }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ModelUnavailableError);
    const msg = (err as Error).message;
    expect(msg).toContain('Xenova/opus-mt-ar-en');
    expect(msg).toContain(dir);
    expect(msg).not.toContain('\n');
  });

  it('names the model and the folder when a file does not load', async () => {
    const broken = join(dir, 'broken');
    await makeTinyMarian(join(broken, MODEL));
    await unlink(join(broken, MODEL, 'onnx/decoder_model_merged_quantized.onnx'));
    const missing = await loadTransformersTranslator(MODEL, { modelsDir: broken }).catch((e: Error) => e.message);
    expect(missing).toMatch(/model tiny\/opus-mt-ar-en is not in the model folder \(missing onnx\/decoder_model_merged_quantized\.onnx/);
    const { writeFile } = await import('node:fs/promises');
    await writeFile(join(broken, MODEL, 'onnx/decoder_model_merged_quantized.onnx'), 'not onnx');
    const bad = await loadTransformersTranslator(MODEL, { modelsDir: broken }).catch((e: Error) => e.message);
    expect(bad).toContain(`model ${MODEL} failed to load`);
    expect(bad).toContain(broken);
  });
});
