import { spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { connect } from 'node:net';

/**
 * What the test suite needs from the machine, checked once before any test file runs (vitest globalSetup),
 * so that `npm ci && npm test` on a fresh machine of ours (Postgres and Redis running, nothing else installed)
 * either sets itself up or stops at once with one line saying what to run, instead of failing in every
 * browser test. Debian packages it can install itself (when it runs as root with apt): Chromium, which the
 * browser tests drive, and redis-server, which tests that restart Redis run a private copy of.
 */
export interface Probes {
  /** is this file there and executable? */
  executable(path: string): boolean;
  /** is this command on PATH? */
  onPath(command: string): boolean;
  /** does something accept connections on this port of 127.0.0.1 (or host)? */
  listening(host: string, port: number): Promise<boolean>;
  isRoot(): boolean;
  /** runs a command, its output shown to the person waiting; returns its exit status */
  run(command: string, args: string[]): number;
  say(line: string): void;
}

/** Debian packages for what is missing, and how a person would install them. */
interface Need {
  what: string;
  present(p: Probes): boolean;
  aptPackage: string;
}

export interface RequirementsEnv {
  chromium: string;
  postgres: { host: string; port: number };
  redis: { host: string; port: number };
  pgBin: string;
}

export function requirementsFromEnv(env: NodeJS.ProcessEnv = process.env): RequirementsEnv {
  const pg = new URL(env.RAQIB_TEST_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  const redis = new URL(env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  return {
    chromium: env.RAQIB_CHROMIUM ?? '/usr/bin/chromium',
    postgres: { host: pg.hostname, port: Number(pg.port || 5432) },
    redis: { host: redis.hostname, port: Number(redis.port || 6379) },
    pgBin: env.RAQIB_PG_BIN ?? '/usr/lib/postgresql/15/bin',
  };
}

/** Resolves when everything is there (installing what it can); rejects with one line naming what to do. */
export async function ensureRequirements(env: RequirementsEnv, p: Probes): Promise<{ installed: string[] }> {
  const needs: Need[] = [
    { what: `Chromium at ${env.chromium} (browser tests)`, present: (x) => x.executable(env.chromium), aptPackage: 'chromium' },
    { what: 'redis-server (tests that restart a private Redis)', present: (x) => x.onPath('redis-server'), aptPackage: 'redis-server' },
  ];
  const missing = needs.filter((n) => !n.present(p));
  const installed: string[] = [];
  if (missing.length) {
    const pkgs = missing.map((n) => n.aptPackage);
    const command = (sudo: string) => `${sudo}apt-get update && ${sudo}apt-get install -y --no-install-recommends ${pkgs.join(' ')}`;
    if (!p.isRoot() || !p.onPath('apt-get')) {
      throw new Error(`missing ${missing.map((n) => n.what).join(' and ')}: run \`${command('sudo ')}\` (or \`bash .ci/run\`), then npm test again`);
    }
    p.say(`test set-up: installing ${pkgs.join(', ')} from Debian (${missing.map((n) => n.what).join('; ')})`);
    const ok = p.run('apt-get', ['update', '-qq']) === 0 && p.run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...pkgs]) === 0;
    const still = missing.filter((n) => !n.present(p));
    if (!ok || still.length) throw new Error(`could not install ${pkgs.join(' ')} with apt-get; run \`${command('')}\` and look at its output`);
    installed.push(...pkgs);
  }
  if (!p.executable(`${env.pgBin}/pg_ctl`))
    throw new Error(
      `missing Postgres server binaries in ${env.pgBin} (tests that crash and restart a private Postgres): install Debian's postgresql package or set RAQIB_PG_BIN`,
    );
  for (const [name, at, start] of [
    ['Postgres', env.postgres, 'pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql | head -n1) main start'],
    ['Redis', env.redis, 'redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no'],
  ] as const) {
    if (!(await p.listening(at.host, at.port)))
      throw new Error(`${name} is not reachable at ${at.host}:${at.port}: start it (\`${start}\`, or \`bash .ci/run\` does it), then npm test again`);
  }
  return { installed };
}

export const realProbes: Probes = {
  executable(path) {
    try {
      accessSync(path, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  },
  onPath(command) {
    return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
  },
  listening(host, port) {
    return new Promise((resolve) => {
      const s = connect({ host, port });
      s.setTimeout(2000);
      s.once('connect', () => (s.destroy(), resolve(true)));
      s.once('error', () => resolve(false));
      s.once('timeout', () => (s.destroy(), resolve(false)));
    });
  },
  isRoot: () => process.getuid?.() === 0,
  run(command, args) {
    return spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } }).status ?? 1;
  },
  say: (line) => process.stderr.write(`${line}\n`),
};
