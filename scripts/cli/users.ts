import type { Command } from 'commander';
import type { Db } from '../../db/pool.ts';

const readStdin = async (): Promise<string> => {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
};

/** Runs one account action against the database, closing the pool; AccountError messages name the command. */
async function withDb<T>(command: string, f: (db: Db) => Promise<T>): Promise<T> {
  const [{ createPool }, { AccountError }] = await Promise.all([import('../../db/pool.ts'), import('../../web/auth/accounts.ts')]);
  const pool = createPool(undefined, 1);
  try {
    return await f(pool);
  } catch (e) {
    if (e instanceof AccountError) throw new Error(`users ${command}: ${e.message}`);
    throw e;
  } finally {
    await pool.end();
  }
}

const accounts = () => import('../../web/auth/accounts.ts');
const iso = (d: Date | null | undefined): string => (d ? (d.getTime() >= 8.64e15 ? 'until unlocked' : d.toISOString()) : '-');
const out = (line: string) => process.stdout.write(`${line}\n`);
const table = (rows: string[][]) => {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  for (const r of rows)
    out(
      r
        .map((c, i) => c.padEnd(widths[i]))
        .join('  ')
        .trimEnd(),
    );
};

/**
 * `raqib users list|add|disable|enable|passwd|sessions|revoke-sessions|token|tokens|revoke-token|unlock`.
 * What ends access (disable, passwd, revoke-sessions, revoke-token) takes effect on the next request; live
 * streams in a running web process end within its 15-second recheck.
 */
export function register(program: Command): void {
  const users = program.command('users').description('web app accounts, sessions and API tokens');

  users
    .command('list')
    .description('every account: role, status (active, disabled, locked), live sessions and tokens')
    .option('--json', 'one JSON object per account')
    .action(async (opts: { json?: boolean }) => {
      const { listUsers } = await import('../../db/sql/listUsers.ts');
      const rows = await withDb('list', (db) => listUsers(db));
      if (opts.json) for (const u of rows) out(JSON.stringify({ ...u, locked_until: u.locked_until ? iso(u.locked_until) : null }));
      else
        table([
          ['NAME', 'ROLE', 'STATUS', 'SESSIONS', 'TOKENS', 'FAILED LOGINS'],
          ...rows.map((u) => [
            u.name,
            u.role,
            u.disabled ? 'disabled' : u.locked_until ? `locked ${iso(u.locked_until)}` : 'active',
            String(u.sessions),
            String(u.tokens),
            String(u.failed_logins),
          ]),
        ]);
    });

  users
    .command('add <name>')
    .description('add an account (or reset its role and password); prints a generated password unless --password-stdin')
    .requiredOption('--role <role>', 'analyst, editor or ops')
    .option('--password-stdin', 'read the password from stdin instead of generating one')
    .action(async (name: string, opts: { role: string; passwordStdin?: boolean }) => {
      const [{ addAccount, checkName, checkRole }, { generatePassword }] = await Promise.all([accounts(), import('../../web/auth/password.ts')]);
      await withDb('add', async (db) => {
        checkRole(opts.role);
        checkName(name);
        const password = opts.passwordStdin ? await readStdin() : generatePassword();
        const u = await addAccount(db, name, opts.role, password, true);
        process.stderr.write(`user ${u.name} (${u.role}) saved\n`);
        if (!opts.passwordStdin) out(password);
      });
    });

  users
    .command('disable <name>')
    .description('disable an account: its sessions end, its tokens stop working until it is enabled')
    .action(async (name: string) => {
      const { disableAccount } = await accounts();
      const r = await withDb('disable', (db) => disableAccount(db, name));
      out(`user ${r.user.name}: disabled, ${r.endedSessions.length} sessions ended`);
    });

  users
    .command('enable <name>')
    .description('enable an account again')
    .action(async (name: string) => {
      const { enableAccount } = await accounts();
      const u = await withDb('enable', (db) => enableAccount(db, name));
      out(`user ${u.name}: enabled`);
    });

  users
    .command('passwd <name>')
    .description('set a new password (prints a generated one unless --password-stdin); the account is logged out everywhere')
    .option('--password-stdin', 'read the password from stdin instead of generating one')
    .action(async (name: string, opts: { passwordStdin?: boolean }) => {
      const { resetPassword } = await accounts();
      const password = opts.passwordStdin ? await readStdin() : null;
      const r = await withDb('passwd', (db) => resetPassword(db, name, password));
      process.stderr.write(`user ${name}: password set, ${r.endedSessions.length} sessions ended\n`);
      if (!opts.passwordStdin) out(r.password);
    });

  users
    .command('sessions <name>')
    .description("an account's live sessions: id (hash prefix), started, expires, address, browser")
    .option('--json', 'one JSON object per session')
    .action(async (name: string, opts: { json?: boolean }) => {
      const [{ requireUser }, { listSessions }] = await Promise.all([accounts(), import('../../db/sql/listSessions.ts')]);
      const rows = await withDb('sessions', async (db) => listSessions(db, (await requireUser(db, name)).id));
      if (opts.json) for (const s of rows) out(JSON.stringify(s));
      else
        table([
          ['ID', 'STARTED', 'EXPIRES', 'ADDRESS', 'BROWSER'],
          ...rows.map((s) => [s.id, iso(s.created_at), iso(s.expires_at), s.address ?? '-', (s.user_agent ?? '-').slice(0, 60)]),
        ]);
    });

  users
    .command('revoke-sessions <name>')
    .description('end every session of an account (it logs in again; its API tokens are untouched)')
    .action(async (name: string) => {
      const { revokeSessions } = await accounts();
      const r = await withDb('revoke-sessions', (db) => revokeSessions(db, name));
      out(`user ${r.user.name}: ${r.endedSessions.length} sessions ended`);
    });

  users
    .command('token <name>')
    .description('create an API token for an account; prints it once (only its hash is stored)')
    .option('--label <text>', 'what the token is for', '')
    .option('--days <n>', 'expire after this many days (default: never)')
    .action(async (name: string, opts: { label: string; days?: string }) => {
      const { issueToken } = await accounts();
      const days = opts.days === undefined ? null : /^\d{1,6}$/.test(opts.days) ? Number(opts.days) : NaN;
      if (days !== null && !(days >= 1)) throw new Error(`users token: --days must be a whole number of days (got "${opts.days}")`);
      const { token } = await withDb('token', (db) => issueToken(db, name, opts.label, days));
      out(token);
    });

  users
    .command('tokens <name>')
    .description("an account's API tokens: id, label, created, expires, last used, revoked (never the token)")
    .option('--json', 'one JSON object per token')
    .action(async (name: string, opts: { json?: boolean }) => {
      const [{ requireUser }, { listApiTokens }] = await Promise.all([accounts(), import('../../db/sql/listApiTokens.ts')]);
      const rows = await withDb('tokens', async (db) => listApiTokens(db, (await requireUser(db, name)).id));
      if (opts.json) for (const t of rows) out(JSON.stringify(t));
      else
        table([
          ['ID', 'LABEL', 'CREATED', 'EXPIRES', 'LAST USED', 'REVOKED'],
          ...rows.map((t) => [
            String(t.id),
            t.label || '-',
            iso(t.created_at),
            t.expires_at ? iso(t.expires_at) : 'never',
            iso(t.last_used_at),
            iso(t.revoked_at),
          ]),
        ]);
    });

  users
    .command('revoke-token <id>')
    .description('revoke an API token by its id (see raqib users tokens <name>)')
    .action(async (idText: string) => {
      const { revokeToken } = await accounts();
      const id = /^\d{1,15}$/.test(idText) ? Number(idText) : NaN;
      if (!(id > 0)) throw new Error(`users revoke-token: the token id must be a positive whole number (got "${idText.slice(0, 40)}")`);
      await withDb('revoke-token', (db) => revokeToken(db, id));
      out(`token ${id}: revoked`);
    });

  users
    .command('unlock <name>')
    .description('lift a login lock on an account name and forget its failed logins')
    .action(async (name: string) => {
      const { unlockAccount, requireUser } = await accounts();
      const had = await withDb('unlock', async (db) => {
        await requireUser(db, name);
        return unlockAccount(db, name);
      });
      out(had ? `user ${name}: unlocked` : `user ${name}: was not locked`);
    });
}
