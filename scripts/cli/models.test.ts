import { readFile, mkdtemp, rm, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resetSettings } from '../../config/settings.ts';
import { TranslationConfig } from '../../config/translationSchema.ts';
import { fetchModel } from '../../lib/translate/fetchModel.ts';
import { loadTransformersTranslator } from '../../lib/translate/transformersTranslator.ts';
import { startLocalServer, type LocalServer } from '../../test/helpers/httpServer.ts';
import { makeTinyMarian } from '../make-tiny-marian.ts';
import { makeTinyNllb } from '../make-tiny-nllb.ts';
import { checkModels, register } from './models.ts';

const MODEL = 'tiny/opus-mt-ar-en';
const NLLB = 'tiny/nllb-shaped';
let dir: string;
let hub: LocalServer;

async function listFiles(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => relative(root, join(e.parentPath, e.name)))
    .sort();
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'raqib-models-'));
  await makeTinyMarian(join(dir, 'present', MODEL));
  await makeTinyNllb(join(dir, 'present', NLLB));
  // a stand-in for the hub on 127.0.0.1, laid out as <model>/resolve/<revision>/<file>
  const served = join(dir, 'present');
  hub = await startLocalServer({
    '*': async (req, res) => {
      const m = /^\/(.+)\/resolve\/main\/(.+)$/.exec(req.url ?? '');
      const body = m ? await readFile(join(served, decodeURIComponent(m[1]), decodeURIComponent(m[2]))).catch(() => null) : null;
      res.statusCode = body ? 200 : 404;
      res.end(body ?? 'not found');
    },
  });
});
afterAll(async () => {
  await hub.close();
  await rm(dir, { recursive: true, force: true });
});

describe('models check', () => {
  const config = TranslationConfig.parse({ models: { arb: MODEL, pes: 'absent/opus-mt-fa-en', ckb: null } });

  it('says per language whether the model is there and loads', async () => {
    const rows = await checkModels(config, join(dir, 'present'));
    expect(rows.map((r) => [r.lang, r.model, r.ok, r.loads])).toEqual([
      ['arb', MODEL, true, true],
      ['pes', 'absent/opus-mt-fa-en', false, null],
      ['ckb', null, true, null],
    ]);
    expect(rows[0].detail).toMatch(/^"mrhba bkm fy bghdad" \(\d+ ms\)$/);
    expect(rows[1].detail).toContain('missing config.json');
    expect(rows.map((r) => [r.lang, r.state, r.fix])).toEqual([
      ['arb', 'ready', null],
      ['pes', 'no_model', 'raqib models fetch (where there is internet), then raqib models check'],
      ['ckb', 'no_model', 'map ckb to a model in config/translation.yaml, then raqib models fetch'],
    ]);
  });

  it('checks a multilingual model once per language, with its code, and says what its licence allows', async () => {
    const multi = TranslationConfig.parse({
      models: {
        pes: { model: NLLB, code: 'pes_Arab' },
        ckb: { model: NLLB, code: 'ckb_Arab' },
        urd: { model: NLLB, code: 'urd_Arbc' },
        arb: 'Xenova/nllb-200-distilled-600M',
      },
    });
    const rows = await checkModels(multi, join(dir, 'present'));
    expect(rows.map((r) => [r.lang, r.model, r.code, r.state, r.loads])).toEqual([
      ['pes', NLLB, 'pes_Arab', 'ready', true],
      ['ckb', NLLB, 'ckb_Arab', 'ready', true],
      ['urd', NLLB, 'urd_Arbc', 'no_model', false],
      ['arb', 'Xenova/nllb-200-distilled-600M', null, 'no_model', null],
    ]);
    expect(rows[0].detail).toMatch(/^"bh thran khwsh amdyd" \(\d+ ms\)$/);
    expect(rows[1].detail).toMatch(/^"bekherben bo hewler" \(\d+ ms\)$/);
    expect(rows[2].detail).toContain('does not know the language code urd_Arbc');
    expect(rows[3].licence).toBe('CC-BY-NC-4.0: non-commercial use only');
  });

  it('fails in one line naming the unusable model and the folder', async () => {
    const yamlFile = join(dir, 'translation.yaml');
    await writeFile(yamlFile, `models:\n  arb: ${MODEL}\n  pes: absent/opus-mt-fa-en\n`);
    process.env.RAQIB_TRANSLATION = yamlFile;
    process.env.RAQIB_MODELS_DIR = join(dir, 'present');
    resetSettings();
    const program = new Command().exitOverride();
    register(program);
    const out: string[] = [];
    const write = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((s: string) => out.push(s) > 0) as typeof process.stdout.write;
    const err = await program.parseAsync(['node', 'raqib', 'models', 'check']).then(
      () => null,
      (e: Error) => e,
    );
    process.stdout.write = write;
    expect(err?.message).toBe(
      `models check: absent/opus-mt-fa-en not usable in ${join(dir, 'present')} (run "raqib models fetch" where there is internet)`,
    );
    expect(out.join('')).toMatch(/arb\s+tiny\/opus-mt-ar-en\s+ok\s+ok/);
    expect(out.join('')).toMatch(/pes\s+absent\/opus-mt-fa-en\s+missing\s+-/);
  });
});

describe('models fetch', () => {
  it('downloads a model into <models>/<id>/ from the remote host, and the offline translator then reads it', async () => {
    const target = join(dir, 'fetched');
    await fetchModel(MODEL, { modelsDir: target, remoteHost: `${hub.origin}/` });
    const { env } = await import('@xenova/transformers');
    expect(env.allowRemoteModels).toBe(false);
    expect(await listFiles(join(target, MODEL))).toEqual([
      'config.json',
      'generation_config.json',
      'onnx/decoder_model_merged_quantized.onnx',
      'onnx/encoder_model_quantized.onnx',
      'tokenizer.json',
      'tokenizer_config.json',
    ]);
    for (const f of ['tokenizer.json', 'onnx/decoder_model_merged_quantized.onnx']) {
      expect(Buffer.compare(await readFile(join(target, MODEL, f)), await readFile(join(dir, 'present', MODEL, f)))).toBe(0);
    }
    const t = await loadTransformersTranslator(MODEL, { modelsDir: target });
    expect(await t.translate(['قيس'])).toEqual(['qys']);
    // a second fetch finds everything in place and downloads nothing
    const before = hub.requests.length;
    await fetchModel(MODEL, { modelsDir: target, remoteHost: `${hub.origin}/` });
    expect(hub.requests.slice(before).filter((p) => p.endsWith('.onnx'))).toEqual([]);
  });

  it('downloads an NLLB-shaped model the same way', async () => {
    const target = join(dir, 'fetched-nllb');
    await fetchModel(NLLB, { modelsDir: target, remoteHost: `${hub.origin}/` });
    const t = await loadTransformersTranslator(NLLB, { modelsDir: target });
    expect(await t.forLanguages('pes_Arab').translate(['قیس'])).toEqual(['qys']);
    await t.close?.();
  });

  it('names the model, the host and the folder when the download fails', async () => {
    const target = join(dir, 'fetched-absent');
    const msg = await fetchModel('absent/model', { modelsDir: target, remoteHost: `${hub.origin}/` }).catch((e: Error) => e.message);
    expect(msg).toMatch(new RegExp(`^model absent/model: download from ${hub.origin}/ into ${target} failed: `));
    expect(msg).not.toContain('\n');
  });
});
