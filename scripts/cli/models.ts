import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import type { TranslationConfig } from '../../config/translationSchema.ts';

/**
 * `raqib models check`: per configured language, are its model's files in the model folder, and do they
 * load and translate? Prints a table (or JSON); exits non-zero when a configured model is not usable.
 * `raqib models fetch`: downloads the configured models into the model folder, the one place remote
 * loading is allowed (the Dockerfile runs it at build time so deployed workers start offline).
 */
export function register(program: Command): void {
  const models = program.command('models').description('the local translation models (RAQIB_MODELS_DIR)');
  models
    .command('check')
    .description('per configured language: model files present? model loads?')
    .option('--json', 'one JSON array instead of a table')
    .action(async (opts: { json?: boolean }) => {
      const { config, modelsDir } = await load();
      const rows = await checkModels(config, modelsDir);
      process.stdout.write(opts.json ? JSON.stringify(rows) + '\n' : renderTable(rows, modelsDir));
      const bad = rows.filter((r) => r.model && !r.ok);
      if (bad.length) {
        throw new Error(
          `models check: ${[...new Set(bad.map((r) => r.model))].join(', ')} not usable in ${resolve(modelsDir)} (run "raqib models fetch" where there is internet)`,
        );
      }
    });
  models
    .command('fetch')
    .description('download the configured models into the model folder (needs internet)')
    .option('--model <id...>', 'only these models (default: every model in config/translation.yaml)')
    .option('--remote-host <url>', 'a hub mirror to download from (default: https://huggingface.co/)')
    .action(async (opts: { model?: string[]; remoteHost?: string }) => {
      const { config, modelsDir } = await load();
      const { configuredModels } = await import('../../lib/translate/modelFor.ts');
      const { fetchModel } = await import('../../lib/translate/fetchModel.ts');
      for (const model of opts.model ?? configuredModels(config)) {
        process.stderr.write(`fetching ${model} into ${resolve(modelsDir)} …\n`);
        await fetchModel(model, { modelsDir, remoteHost: opts.remoteHost, quantized: config.quantized });
        process.stdout.write(`${model}\t${join(resolve(modelsDir), model)}\n`);
      }
    });
}

async function load(): Promise<{ config: TranslationConfig; modelsDir: string }> {
  const { settings } = await import('../../config/settings.ts');
  const { loadTranslationConfig } = await import('../../config/translationSchema.ts');
  return { config: loadTranslationConfig(settings().RAQIB_TRANSLATION), modelsDir: settings().RAQIB_MODELS_DIR };
}

export interface ModelCheckRow {
  lang: string;
  /** null: the language is configured as "no model" */
  model: string | null;
  missingFiles: string[];
  /** null when not tried (no model or files missing) */
  loads: boolean | null;
  /** the load error, or the sample translation when it loaded */
  detail: string;
  ok: boolean;
}

const SAMPLE = 'مرحبا بكم في بغداد';

export async function checkModels(config: TranslationConfig, modelsDir: string): Promise<ModelCheckRow[]> {
  const { modelFiles } = await import('../../lib/translate/modelFiles.ts');
  const { loadTransformersTranslator } = await import('../../lib/translate/transformersTranslator.ts');
  const folder = resolve(modelsDir);
  // each model is loaded once, whatever number of languages share it
  const tried = new Map<string, Promise<{ loads: boolean; detail: string }>>();
  const tryLoad = async (model: string) => {
    try {
      const t = await loadTransformersTranslator(model, { modelsDir: folder, quantized: config.quantized, maxNewTokens: 32 });
      const started = performance.now();
      const [out] = await t.translate([SAMPLE]);
      await t.close?.();
      return { loads: true, detail: `"${out}" (${Math.round(performance.now() - started)} ms)` };
    } catch (e) {
      return { loads: false, detail: (e as Error).message };
    }
  };
  const rows: ModelCheckRow[] = [];
  for (const [lang, model] of Object.entries(config.models)) {
    if (!model) {
      rows.push({ lang, model: null, missingFiles: [], loads: null, detail: 'left untranslated (no_model)', ok: true });
      continue;
    }
    const missingFiles = modelFiles(config.quantized).filter((f) => !existsSync(join(folder, model, f)));
    if (missingFiles.length) {
      rows.push({ lang, model, missingFiles, loads: null, detail: `missing ${missingFiles.join(', ')}`, ok: false });
      continue;
    }
    if (!tried.has(model)) tried.set(model, tryLoad(model));
    const r = await tried.get(model)!;
    rows.push({ lang, model, missingFiles, ...r, ok: r.loads });
  }
  return rows;
}

function renderTable(rows: ModelCheckRow[], modelsDir: string): string {
  const cells = [
    ['LANG', 'MODEL', 'FILES', 'LOADS', 'DETAIL'],
    ...rows.map((r) => [
      r.lang,
      r.model ?? '-',
      r.model ? (r.missingFiles.length ? 'missing' : 'ok') : '-',
      r.loads === null ? '-' : r.loads ? 'ok' : 'FAILED',
      r.detail,
    ]),
  ];
  const widths = cells[0].map((_, i) => Math.max(...cells.map((c) => c[i].length)));
  const lines = cells.map((c) => c.map((x, i) => (i === c.length - 1 ? x : x.padEnd(widths[i]))).join('  '));
  return `model folder: ${resolve(modelsDir)}\n${lines.join('\n')}\n`;
}
