import type { Command } from 'commander';

/** `raqib prune [--only RULES] [--days N] [--batch N] [--json]`: runs every retention rule of lib/retention.ts. */
export function register(program: Command): void {
  program
    .command('prune')
    .description(
      'run every retention rule in small batches (lib/retention.ts): fetch runs (rolled up into daily counts), ' +
        "daily counts, story matching data, item bodies; each rule's age is its RAQIB_*_DAYS setting (0 keeps everything)",
    )
    .option('--only <rules>', 'comma-separated rule names (fetch_runs, fetch_run_days, story_matching, item_bodies)')
    .option('--days <n>', 'retention of item bodies in days (default RAQIB_RETENTION_DAYS; 0 keeps everything)')
    .option('--batch <n>', "rows per statement (default: each rule's own)")
    .option('--json', 'one JSON object per rule')
    .action(async (opts: { only?: string; days?: string; batch?: string; json?: boolean }) => {
      const { settings } = await import('../../config/settings.ts');
      const { createPool, describeDbUrl } = await import('../../db/pool.ts');
      const { runRetention, RETENTION_RULES } = await import('../../lib/retention.ts');
      const s = settings();
      const only = opts.only
        ?.split(',')
        .map((x) => x.trim())
        .filter(Boolean);
      const days: Record<string, number> = opts.days === undefined ? {} : { item_bodies: wholeNumber('--days', opts.days, 0) };
      const batch = opts.batch === undefined ? undefined : wholeNumber('--batch', opts.batch, 1);
      const pool = createPool(s.DATABASE_URL, 1);
      try {
        const t0 = Date.now();
        const runs = await runRetention(pool, s, { only, days, batch }).catch((e: Error) => {
          if (e.message.startsWith('no retention rule')) throw e;
          throw new Error(`prune: database ${describeDbUrl(s.DATABASE_URL)}: ${e.message.split('\n')[0]}`);
        });
        const seconds = (Date.now() - t0) / 1000;
        for (const r of runs) {
          const rule = RETENTION_RULES.find((x) => x.name === r.rule)!;
          if (opts.json) {
            process.stdout.write(
              JSON.stringify({
                rule: r.rule,
                days: r.days,
                cutoff: r.cutoff?.toISOString() ?? null,
                pruned: r.pruned,
                statements: r.batches.length,
              }) + '\n',
            );
          } else if (!r.cutoff) {
            process.stdout.write(`${r.rule}: ${rule.setting} is 0, everything kept\n`);
          } else {
            process.stdout.write(
              `${r.rule}: ${r.pruned} rows older than ${r.days} days (before ${r.cutoff.toISOString()}) in ${r.batches.length} statements\n`,
            );
          }
        }
        if (!opts.json) process.stdout.write(`done in ${seconds.toFixed(1)} s\n`);
      } finally {
        await pool.end();
      }
    });
}

function wholeNumber(flag: string, v: string, min: number): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) throw new Error(`${flag} must be a whole number of at least ${min} (got "${v}")`);
  return n;
}
