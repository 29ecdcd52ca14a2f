import { describe, expect, it } from 'vitest';
import { ensureRequirements, requirementsFromEnv, type Probes } from './helpers/requirements.ts';

// `npm ci && npm test` on a fresh machine: what is missing is installed when it can be, else named in one line.
const env = requirementsFromEnv({});

function machine(o: { files?: string[]; commands?: string[]; ports?: number[]; root?: boolean; aptInstalls?: Record<string, string[]> }) {
  const files = new Set(o.files ?? []);
  const commands = new Set(o.commands ?? []);
  const ran: string[] = [];
  const said: string[] = [];
  const probes: Probes = {
    executable: (path) => files.has(path),
    onPath: (c) => commands.has(c),
    listening: async (_h, port) => (o.ports ?? []).includes(port),
    isRoot: () => o.root ?? false,
    run(command, args) {
      ran.push([command, ...args].join(' '));
      // what installing a package puts on the machine
      for (const pkg of args) for (const f of o.aptInstalls?.[pkg] ?? []) (f.startsWith('/') ? files : commands).add(f);
      return 0;
    },
    say: (l) => said.push(l),
  };
  return { probes, ran, said };
}

const PG_CTL = '/usr/lib/postgresql/15/bin/pg_ctl';
const complete = { files: ['/usr/bin/chromium', PG_CTL], commands: ['redis-server', 'apt-get'], ports: [5432, 6379] };

describe('test set-up on a fresh machine', () => {
  it('does nothing when everything is there', async () => {
    const m = machine(complete);
    expect(await ensureRequirements(env, m.probes)).toEqual({ installed: [] });
    expect(m.ran).toEqual([]);
  });

  it("installs Debian's Chromium when it is missing and it runs as root with apt", async () => {
    const m = machine({ ...complete, files: [PG_CTL], root: true, aptInstalls: { chromium: ['/usr/bin/chromium'] } });
    expect(await ensureRequirements(env, m.probes)).toEqual({ installed: ['chromium'] });
    expect(m.ran).toEqual(['apt-get update -qq', 'apt-get install -y -qq --no-install-recommends chromium']);
    expect(m.said[0]).toBe('test set-up: installing chromium from Debian (Chromium at /usr/bin/chromium (browser tests))');
  });

  it('names the one command to run when it cannot install (not root)', async () => {
    const m = machine({ ...complete, files: [PG_CTL], commands: ['apt-get'] });
    await expect(ensureRequirements(env, m.probes)).rejects.toThrow(
      'missing Chromium at /usr/bin/chromium (browser tests) and redis-server (tests that restart a private Redis): run `sudo apt-get update && sudo apt-get install -y --no-install-recommends chromium redis-server` (or `bash .ci/run`), then npm test again',
    );
    expect(m.ran).toEqual([]);
  });

  it('says so when apt did not bring what was missing', async () => {
    const m = machine({ ...complete, files: [PG_CTL], root: true });
    await expect(ensureRequirements(env, m.probes)).rejects.toThrow(
      /^could not install chromium with apt-get; run `apt-get update && apt-get install/,
    );
  });

  it('names a service that is not running and how to start it', async () => {
    const m = machine({ ...complete, ports: [5432] });
    await expect(ensureRequirements(env, m.probes)).rejects.toThrow(
      /^Redis is not reachable at 127\.0\.0\.1:6379: start it \(`redis-server --daemonize yes/,
    );
  });
});
