import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TranslationConfig } from '../../config/translationSchema.ts';
import { loadPlaces } from '../../config/placesSchema.ts';
import { loadWatchlist } from '../../config/watchlistSchema.ts';
import { makeTinyMarian } from '../make-tiny-marian.ts';
import { makeTinyNllb } from '../make-tiny-nllb.ts';
import { runTranslate, trackedNameFinder } from './translate.ts';

const MODEL = 'tiny/opus-mt-ar-en';
const NLLB = 'tiny/nllb-200-shaped';
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'raqib-translate-cli-'));
  await makeTinyMarian(join(dir, MODEL));
  await makeTinyNllb(join(dir, NLLB));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function run(lines: string[], extra: { model?: string; lang?: string; config?: TranslationConfig } = {}) {
  const chunks: string[] = [];
  const output = new Writable({
    write(c, _e, cb) {
      chunks.push(String(c));
      cb();
    },
  });
  const counts = await runTranslate(Readable.from(lines.map((l) => l + '\n')), output, {
    config: extra.config ?? TranslationConfig.parse({ models: { arb: MODEL, ckb: null } }),
    modelsDir: dir,
    namesIn: await trackedNameFinder(loadWatchlist('config/watchlist.yaml'), loadPlaces('config/places.yaml')),
    chunkLines: 2,
    ...extra,
  });
  return {
    counts,
    out: chunks
      .join('')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l)),
  };
}

describe('raqib translate', () => {
  it('translates each line with the model for its language, keeps tracked names, and reports bad lines', async () => {
    const { counts, out } = await run([
      JSON.stringify({ id: 1, text: 'نفى مكتب قيس الخزعلي في طهران أنباء مقتله' }),
      'not json',
      JSON.stringify({ id: 'b', text: 'Qais al-Khazali said on Tuesday that the reports were false.' }),
      JSON.stringify({ id: 3, text: 'ئەم هەواڵە درۆیە و قەیس خەزعەلی لە ژیاندایە و بە تەندروستییەکی باشە' }),
    ]);
    expect(counts).toEqual({ lines: 4, errors: 1 });
    expect(out).toEqual([
      { id: 1, lang: 'arb', translation: 'nfa mktb Qais al-Khazali fy Tehran anbaʾ mqtlh' },
      { line: 2, error: expect.stringContaining('not JSON') },
      { id: 'b', lang: 'eng', translation: 'Qais al-Khazali said on Tuesday that the reports were false.' },
      { id: 3, lang: 'ckb', translation: null, status: 'no_model' },
    ]);
  });

  it('uses --model for every line whatever its language', async () => {
    const { out } = await run([JSON.stringify({ id: 1, text: 'Hello. قيس الخزعلي' })], { model: MODEL });
    expect(out).toEqual([{ id: 1, lang: expect.any(String), translation: 'Hello. Qais al-Khazali' }]);
  });

  it('--model <multilingual> --lang pes: every line is read as Persian, through the pes_Arab code, names kept', async () => {
    const { out } = await run(
      [
        JSON.stringify({ id: 1, text: 'دفتر قیس خزعلی خبر کشته شدن او را تکذیب کرد و گفت او در تهران است' }),
        // Arabic text, but --lang says Persian: no detection
        JSON.stringify({ id: 2, text: 'قيس' }),
      ],
      { model: NLLB, lang: 'pes' },
    );
    expect(out).toEqual([
      { id: 1, lang: 'pes', translation: 'dftr Qais al-Khazali khbr kshth shdn aw ra tkdhyb krd w gft aw dr Tehran ast' },
      { id: 2, lang: 'pes', translation: 'qys' },
    ]);
  });

  it('routes each language to its configured code on a multilingual model, and a model code works as --lang', async () => {
    const config = TranslationConfig.parse({
      models: { arb: MODEL, pes: { model: NLLB, code: 'pes_Arab' }, ckb: { model: NLLB, code: 'ckb_Arab' } },
    });
    const { out } = await run(
      [
        JSON.stringify({ id: 'fa', text: 'دفتر قیس خزعلی خبر کشته شدن او را تکذیب کرد و گفت او در تهران است' }),
        JSON.stringify({ id: 'ckb', text: 'ئەم هەواڵە درۆیە و قەیس خەزعەلی لە ژیاندایە و بە تەندروستییەکی باشە' }),
      ],
      { config },
    );
    expect(out).toEqual([
      { id: 'fa', lang: 'pes', translation: 'dftr Qais al-Khazali khbr kshth shdn aw ra tkdhyb krd w gft aw dr Tehran ast' },
      { id: 'ckb', lang: 'ckb', translation: 'ʾem hewale droye w Qais al-Khazali le zhyandaye w be tendrwstyyeky bashe' },
    ]);
    const coded = await run([JSON.stringify({ id: 1, text: 'قەیس' })], { model: NLLB, lang: 'ckb_Arab' });
    expect(coded.out).toEqual([{ id: 1, lang: 'ckb', translation: 'qeys' }]);
  });

  it('refuses a --lang that is neither a label nor a model code, and a code the model does not know', async () => {
    await expect(run([], { model: NLLB, lang: 'Persian' })).rejects.toThrow(
      /--lang must be a language label such as pes or a model code such as pes_Arab \(got "Persian"\)/,
    );
    await expect(run([JSON.stringify({ id: 1, text: 'x' })], { model: NLLB, lang: 'tur' })).rejects.toThrow(
      /model tiny\/nllb-200-shaped is multilingual: give the source language with --lang/,
    );
    await expect(run([JSON.stringify({ id: 1, text: 'x' })], { model: NLLB, lang: 'fra_Latn' })).rejects.toThrow(
      /model tiny\/nllb-200-shaped does not know the language code fra_Latn/,
    );
  });

  it('fails before reading input when the model is missing, naming model and folder in one line', async () => {
    const err = await run([JSON.stringify({ id: 1, text: 'قيس' })], { model: 'Xenova/opus-mt-ar-en' }).catch((e: Error) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toMatch(new RegExp(`^model Xenova/opus-mt-ar-en is not in the model folder .*\\(model folder ${dir}\\)$`));
  });
});

const jsonLines = (text: string) =>
  text
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));

/** `npm run --silent raqib -- <args>` with `stdin`, as ops run it. */
function raqib(args: string[], stdin: string, env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const p = spawn('npm', ['run', '--silent', 'raqib', '--', ...args], { env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d) => (stdout += d));
    p.stderr.on('data', (d) => (stderr += d));
    p.on('close', (code) => done({ code, stdout, stderr }));
    p.stdin.end(stdin);
  });
}

describe('raqib translate as a command', () => {
  it('prints one JSON line per input line', async () => {
    const r = await raqib(['translate', '--model', MODEL], JSON.stringify({ id: 7, text: 'قال قيس الخزعلي' }) + '\n', { RAQIB_MODELS_DIR: dir });
    expect(r.code).toBe(0);
    expect(jsonLines(r.stdout)).toEqual([{ id: 7, lang: 'arb', translation: 'qal Qais al-Khazali' }]);
  });

  it('--model <tiny NLLB> --lang pes: JSON Lines in and out', async () => {
    const input = [
      JSON.stringify({ id: 1, text: 'هادی عامری در بغداد دیده شد' }),
      JSON.stringify({ id: 2, text: 'خبر بازداشت اکرم کعبی تکذیب شد.' }),
    ];
    const r = await raqib(['translate', '--model', NLLB, '--lang', 'pes'], input.join('\n') + '\n', { RAQIB_MODELS_DIR: dir });
    expect(r.code).toBe(0);
    expect(jsonLines(r.stdout)).toEqual([
      { id: 1, lang: 'pes', translation: 'Hadi al-Amiri dr Baghdad dydh shd' },
      { id: 2, lang: 'pes', translation: 'khbr bazdasht Akram al-Kaabi tkdhyb shd.' },
    ]);
  });

  it('exits 1 with one line naming the model and the folder when the model is missing', async () => {
    const r = await raqib(['translate'], JSON.stringify({ id: 1, text: 'نفى مكتب قيس الخزعلي أنباء مقتله' }) + '\n', {
      RAQIB_MODELS_DIR: join(dir, 'empty'),
    });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(
      new RegExp(`^raqib: model Xenova/opus-mt-ar-en is not in the model folder .*\\(model folder ${join(dir, 'empty')}\\)\\n$`),
    );
  });
});
