import type { Command } from 'commander';

const readStdin = async (): Promise<string> => {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
};

export function register(program: Command): void {
  const users = program.command('users').description('web app accounts and API tokens');

  users
    .command('add <name>')
    .description('add an account (or reset its role and password); prints a generated password unless --password-stdin')
    .requiredOption('--role <role>', 'analyst, editor or ops')
    .option('--password-stdin', 'read the password from stdin instead of generating one')
    .action(async (name: string, opts: { role: string; passwordStdin?: boolean }) => {
      const [{ createPool }, { createUser }, { ROLES }, { hashPassword, generatePassword }] = await Promise.all([
        import('../../db/pool.ts'),
        import('../../db/sql/createUser.ts'),
        import('../../db/sql/webRows.ts'),
        import('../../web/auth/password.ts'),
      ]);
      const role = ROLES.find((r) => r === opts.role);
      if (!role) throw new Error(`users add: --role must be one of ${ROLES.join(', ')} (got "${opts.role}")`);
      if (!/^[\p{L}\p{N}._@-]{1,64}$/u.test(name))
        throw new Error(`users add: name must be 1-64 letters, digits, . _ @ - (got "${name.slice(0, 80)}")`);
      const password = opts.passwordStdin ? await readStdin() : generatePassword();
      if (password.length < 10) throw new Error('users add: the password must be at least 10 characters');
      const pool = createPool(undefined, 1);
      try {
        const u = await createUser(pool, name, role, await hashPassword(password));
        process.stderr.write(`user ${u.name} (${u.role}) saved\n`);
        if (!opts.passwordStdin) process.stdout.write(`${password}\n`);
      } finally {
        await pool.end();
      }
    });

  users
    .command('token <name>')
    .description('create an API token for an account; prints it once (only its hash is stored)')
    .option('--label <text>', 'what the token is for', '')
    .option('--days <n>', 'expire after this many days (default: never)')
    .action(async (name: string, opts: { label: string; days?: string }) => {
      const [{ createPool }, { getUserByName }, { createApiToken }, { newApiToken, hashSecret }] = await Promise.all([
        import('../../db/pool.ts'),
        import('../../db/sql/getUserByName.ts'),
        import('../../db/sql/createApiToken.ts'),
        import('../../web/auth/secrets.ts'),
      ]);
      const days = opts.days === undefined ? null : Number(opts.days);
      if (days !== null && (!Number.isInteger(days) || days < 1))
        throw new Error(`users token: --days must be a whole number of days (got "${opts.days}")`);
      const pool = createPool(undefined, 1);
      try {
        const user = await getUserByName(pool, name);
        if (!user) throw new Error(`users token: no account named "${name}" (add it with: raqib users add ${name} --role analyst)`);
        const token = newApiToken();
        await createApiToken(pool, user.id, hashSecret(token), opts.label, days === null ? null : new Date(Date.now() + days * 86_400_000));
        process.stdout.write(`${token}\n`);
      } finally {
        await pool.end();
      }
    });
}
