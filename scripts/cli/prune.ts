import type { Command } from 'commander';

/** `raqib prune [--days N] [--batch N] [--json]`: drops item bodies past retention; alerts and snippets stay. */
export function register(program: Command): void {
  program
    .command('prune')
    .description('prune item bodies older than RAQIB_RETENTION_DAYS (or --days) in small batches; alerts and snippets are kept')
    .option('--days <n>', 'retention in days (default RAQIB_RETENTION_DAYS; 0 keeps everything)')
    .option('--batch <n>', 'rows per statement', '500')
    .option('--json', 'print the result as JSON')
    .action(async (opts: { days?: string; batch: string; json?: boolean }) => {
      const { settings } = await import('../../config/settings.ts');
      const { createPool, describeDbUrl } = await import('../../db/pool.ts');
      const { pruneOnce } = await import('../../lib/retention.ts');
      const days = opts.days === undefined ? settings().RAQIB_RETENTION_DAYS : wholeNumber('--days', opts.days, 0);
      const batch = wholeNumber('--batch', opts.batch, 1);
      const url = settings().DATABASE_URL;
      const pool = createPool(url, 1);
      try {
        const t0 = Date.now();
        const r = await pruneOnce(pool, days, batch).catch((e: Error) => {
          throw new Error(`prune: database ${describeDbUrl(url)}: ${e.message.split('\n')[0]}`);
        });
        const seconds = (Date.now() - t0) / 1000;
        if (opts.json) {
          process.stdout.write(
            JSON.stringify({ days, cutoff: days > 0 ? r.cutoff.toISOString() : null, pruned: r.pruned, statements: r.batches.length, seconds }) +
              '\n',
          );
        } else if (days === 0) {
          process.stdout.write('retention is 0 days: nothing pruned\n');
        } else {
          process.stdout.write(
            `pruned ${r.pruned} item bodies fetched before ${r.cutoff.toISOString()} in ${r.batches.length} statements (${seconds.toFixed(1)} s)\n`,
          );
        }
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
