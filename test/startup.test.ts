import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';

/** A port on 127.0.0.1 that nothing listens on (bound, then closed). */
async function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

describe('a worker started while Postgres is down', () => {
  it('waits with backoff and says which service it waits for, instead of exiting', async () => {
    const port = await closedPort();
    // node itself, not npx: a SIGKILL to npx would leave its node child running
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/raqib.ts', 'worker', 'analyze'], {
      env: { ...process.env, DATABASE_URL: `postgres://postgres@127.0.0.1:${port}/raqib`, RAQIB_METRICS_PORT: '-1', LOG_LEVEL: 'info' },
    });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    let exited: number | null = null;
    child.on('exit', (code) => (exited = code ?? -1));
    const until = Date.now() + 30_000;
    while (Date.now() < until && (err.match(/retrying in/g) ?? []).length < 2 && exited === null) await new Promise((r) => setTimeout(r, 200));
    child.kill('SIGKILL');
    expect(exited).toBeNull();
    const lines = err.split('\n').filter((l) => l.includes('retrying in'));
    expect(lines.length).toBeGreaterThanOrEqual(2);
    expect(JSON.parse(lines[0]).msg).toContain(`Postgres is not reachable at postgres://postgres@127.0.0.1:${port}/raqib`);
  }, 60_000);
});
