#!/usr/bin/env -S npx tsx
/**
 * The `raqib` command. Each subcommand lives in scripts/cli/<command>.ts and registers itself; heavy
 * libraries (transformers, Playwright) are imported inside the actions so `raqib analyze` starts fast.
 * Data goes to stdout, diagnostics to stderr; a failure is one line naming the thing at fault.
 */
import { Command } from 'commander';
import { register as analyze } from './cli/analyze.ts';
import { register as feeds } from './cli/feeds.ts';
import { register as translate } from './cli/translate.ts';
import { register as models } from './cli/models.ts';
import { register as alerts } from './cli/alerts.ts';
import { register as figures } from './cli/figures.ts';
import { register as rumors } from './cli/rumors.ts';
import { register as status } from './cli/status.ts';
import { register as prune } from './cli/prune.ts';
import { register as migrate } from './cli/migrate.ts';
import { register as run } from './cli/run.ts';
import { register as web } from './cli/web.ts';
import { register as users } from './cli/users.ts';

const program = new Command('raqib')
  .description('Arabic-source media monitoring: watched feeds -> tracked figures -> English alerts')
  .option('--verbose', 'print stack traces on failure')
  .showHelpAfterError();

for (const reg of [analyze, feeds, alerts, figures, rumors, status, translate, models, migrate, run, web, users, prune]) reg(program);

const verbose = () => process.argv.includes('--verbose') || !!process.env.DEBUG;

process.on('unhandledRejection', (e) => fail(e));

function fail(e: unknown): never {
  const err = e as Error;
  process.stderr.write(`raqib: ${verbose() ? (err?.stack ?? String(e)) : (err?.message ?? String(e)).split('\n').join('; ')}\n`);
  process.exit(1);
}

try {
  await program.parseAsync(process.argv);
} catch (e) {
  fail(e);
}
