import type { Command } from 'commander';
import { settings } from '../../config/settings.ts';
import { describeDbUrl } from '../../db/pool.ts';
import { checkPostgres } from './services.ts';

export function register(program: Command): void {
  program
    .command('migrate')
    .description('apply database migrations (idempotent, safe to run concurrently) and add new watchlist figures')
    .option('--watchlist <file>', 'watchlist to seed figures from', settings().RAQIB_WATCHLIST)
    .option('--overwrite-figures', 'replace figures ops edited with the watchlist file', false)
    .action(async (o: { watchlist: string; overwriteFigures: boolean }) => {
      const url = settings().DATABASE_URL;
      await checkPostgres(url);
      const { migrateAndSeed } = await import('../../db/setup.ts');
      const r = await migrateAndSeed(url, o.watchlist, o.overwriteFigures);
      process.stdout.write(
        `${describeDbUrl(url)}: ${r.applied.length ? `applied ${r.applied.join(', ')}` : 'schema up to date'}; ${r.figures} figures added or updated from ${o.watchlist}\n`,
      );
    });
}
