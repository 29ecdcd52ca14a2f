import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTransformersTranslator } from '../lib/translate/transformersTranslator.ts';
import { makeTinyMarian } from './make-tiny-marian.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'raqib-make-tiny-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('makeTinyMarian', () => {
  it('writes the files transformers.js loads, the same bytes on every run', async () => {
    const files = await makeTinyMarian(join(dir, 'a/m'));
    await makeTinyMarian(join(dir, 'b/m'));
    expect(files.sort()).toEqual([
      'config.json',
      'generation_config.json',
      'onnx/decoder_model_merged.onnx',
      'onnx/decoder_model_merged_quantized.onnx',
      'onnx/encoder_model.onnx',
      'onnx/encoder_model_quantized.onnx',
      'tokenizer.json',
      'tokenizer_config.json',
    ]);
    for (const f of files) expect(Buffer.compare(await readFile(join(dir, 'a/m', f)), await readFile(join(dir, 'b/m', f)))).toBe(0);
    const config = JSON.parse(await readFile(join(dir, 'a/m/config.json'), 'utf8'));
    expect(config).toMatchObject({ model_type: 'marian', is_encoder_decoder: true, decoder_layers: 2 });
  });

  it('loads unquantized too, with another number of decoder layers', async () => {
    await makeTinyMarian(join(dir, 'c/m'), { decoderLayers: 3 });
    const t = await loadTransformersTranslator('m', { modelsDir: join(dir, 'c'), quantized: false });
    expect(await t.translate(['ليث الخزعلي'])).toEqual(['lyth alkhzʿly']);
  });

  it('with random weights still runs end to end: gibberish, bounded by max_new_tokens', async () => {
    await makeTinyMarian(join(dir, 'r/m'), { random: true, seed: 7 });
    const t = await loadTransformersTranslator('m', { modelsDir: join(dir, 'r'), maxNewTokens: 12 });
    const [out] = await t.translate(['قيس الخزعلي']);
    expect(typeof out).toBe('string');
    expect(out).not.toBe('qys alkhzʿly');
  });

  it('runs as a script', async () => {
    const { stdout } = await promisify(execFile)('npx', ['tsx', 'scripts/make-tiny-marian.ts', join(dir, 'cli/m')]);
    expect(stdout).toBe(`8 files written to ${join(dir, 'cli/m')}\n`);
  });
});
