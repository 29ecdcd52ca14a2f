import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import type { TranslationConfig } from '../../config/translationSchema.ts';
import type { ModelRoute } from '../../lib/translate/modelFor.ts';

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
      const { modelLicence } = await import('../../lib/translate/modelLicence.ts');
      for (const model of opts.model ?? configuredModels(config)) {
        process.stderr.write(`fetching ${model} into ${resolve(modelsDir)} (licence: ${modelLicence(model)}) …\n`);
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
  /** a multilingual model's code for the language (NLLB-200: `pes_Arab`) */
  code: string | null;
  missingFiles: string[];
  /** null when not tried (no model or files missing) */
  loads: boolean | null;
  /** the load error, or the sample translation when it loaded */
  detail: string;
  /** `ready`, or `no_model`: the language's items are left untranslated until the fix is made */
  state: 'ready' | 'no_model';
  /** what to run (or edit) to leave the no_model state */
  fix: string | null;
  /** what the model's licence allows */
  licence: string | null;
  /** false when a configured model is not usable */
  ok: boolean;
}

/** A short sentence per language, to see that the model loads and translates. */
const SAMPLES: Record<string, string> = {
  arb: 'مرحبا بكم في بغداد',
  pes: 'به تهران خوش آمدید',
  ckb: 'بەخێربێن بۆ هەولێر',
  urd: 'بغداد میں خوش آمدید',
};

export async function checkModels(config: TranslationConfig, modelsDir: string): Promise<ModelCheckRow[]> {
  const { modelFiles } = await import('../../lib/translate/modelFiles.ts');
  const { modelFor } = await import('../../lib/translate/modelFor.ts');
  const { modelLicence } = await import('../../lib/translate/modelLicence.ts');
  const { noModelFix } = await import('../../lib/translate/noModel.ts');
  const { loadTransformersTranslator } = await import('../../lib/translate/transformersTranslator.ts');
  const folder = resolve(modelsDir);
  // each model is loaded once, whatever number of languages share it
  const loaded = new Map<string, ReturnType<typeof loadTransformersTranslator>>();
  const tryTranslate = async (lang: string, route: ModelRoute) => {
    if (!loaded.has(route.model))
      loaded.set(route.model, loadTransformersTranslator(route.model, { modelsDir: folder, quantized: config.quantized, maxNewTokens: 32 }));
    try {
      const base = await loaded.get(route.model)!;
      const t = route.source ? base.forLanguages(route.source, route.target) : base;
      const started = performance.now();
      const [out] = await t.translate([SAMPLES[lang] ?? SAMPLES.arb]);
      return { loads: true, detail: `"${out}" (${Math.round(performance.now() - started)} ms)` };
    } catch (e) {
      return { loads: false, detail: (e as Error).message };
    }
  };
  const rows: ModelCheckRow[] = [];
  try {
    for (const lang of Object.keys(config.models)) {
      const choice = modelFor(config, lang);
      if (choice.kind !== 'translate') {
        const fix = noModelFix({ lang, model: null });
        rows.push({
          lang,
          model: null,
          code: null,
          missingFiles: [],
          loads: null,
          detail: 'left untranslated',
          state: 'no_model',
          fix,
          licence: null,
          ok: true,
        });
        continue;
      }
      const base = { lang, model: choice.model, code: choice.source ?? null, licence: modelLicence(choice.model) };
      const missingFiles = modelFiles(config.quantized).filter((f) => !existsSync(join(folder, choice.model, f)));
      const r = missingFiles.length ? { loads: null, detail: `missing ${missingFiles.join(', ')}` } : await tryTranslate(lang, choice);
      const ok = r.loads === true;
      rows.push({ ...base, missingFiles, ...r, state: ok ? 'ready' : 'no_model', fix: ok ? null : noModelFix({ lang, model: choice.model }), ok });
    }
  } finally {
    for (const p of loaded.values()) await p.then((t) => t.close?.()).catch(() => {});
  }
  return rows;
}

function renderTable(rows: ModelCheckRow[], modelsDir: string): string {
  const cells = [
    ['LANG', 'MODEL', 'FILES', 'LOADS', 'STATE', 'DETAIL'],
    ...rows.map((r) => [
      r.lang,
      r.model ? `${r.model}${r.code ? ` (${r.code})` : ''}` : '-',
      r.model ? (r.missingFiles.length ? 'missing' : 'ok') : '-',
      r.loads === null ? '-' : r.loads ? 'ok' : 'FAILED',
      r.state,
      r.fix ? `${r.detail}; fix: ${r.fix}` : r.detail,
    ]),
  ];
  const widths = cells[0].map((_, i) => Math.max(...cells.map((c) => c[i].length)));
  const lines = cells.map((c) => c.map((x, i) => (i === c.length - 1 ? x : x.padEnd(widths[i]))).join('  '));
  const licences = [...new Map(rows.flatMap((r) => (r.model && r.licence ? [[r.model, r.licence] as const] : []))).entries()];
  return `model folder: ${resolve(modelsDir)}\n${lines.join('\n')}\n${licences.map(([m, l]) => `licence of ${m}: ${l}\n`).join('')}`;
}
