import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, readFileSync, type WriteStream } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Real `raqib` processes (`worker <stage>`, `scheduler`) for tests and benchmarks that kill and restart them.
 * A supervisor respawns a process whenever it exits, as a container's `restart: always` would, and counts
 * which exits the test caused (kills) and which it did not (crashes: a bug, or a start while Postgres or
 * Redis was down).
 */

const REPO = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface RaqibProcess {
  /** e.g. "worker fetch #1" */
  label: string;
  args: string[];
  child: ChildProcess | null;
  /** Starts of this process, the first included. */
  starts: number;
  /** Exits this supervisor did not cause, with their codes. */
  crashes: Array<number | string>;
}

export interface Supervisor {
  processes: RaqibProcess[];
  /** SIGKILLs one process (chosen by the caller) and lets the supervisor respawn it. */
  kill(p: RaqibProcess): void;
  /** Total SIGKILLs sent. */
  kills(): number;
  /** Sends SIGTERM to all, waits for them to exit (SIGKILL after `graceMs`), and stops respawning. */
  stopAll(graceMs?: number): Promise<void>;
  /** Peak RSS (bytes) seen per label, sampled from /proc while running. */
  peakRss(): Map<string, number>;
}

export interface SupervisorOptions {
  env: Record<string, string>;
  /** Every line the processes write to stderr is appended here. */
  logFile?: string;
  respawnDelayMs?: number;
  /** Sample RSS from /proc every this many ms (0: never). */
  rssSampleMs?: number;
}

export function superviseRaqib(specs: Array<{ label: string; args: string[] }>, o: SupervisorOptions): Supervisor {
  const log: WriteStream | null = o.logFile ? createWriteStream(o.logFile, { flags: 'a' }) : null;
  let stopping = false;
  let killCount = 0;
  const killedByUs = new WeakSet<ChildProcess>();
  const peaks = new Map<string, number>();

  const start = (p: RaqibProcess) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/raqib.ts', ...p.args], {
      cwd: REPO,
      env: { ...process.env, ...o.env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    p.child = child;
    p.starts += 1;
    child.stderr?.on('data', (d: Buffer) => log?.write(`[${p.label} pid ${child.pid}] ${d.toString()}`));
    child.once('exit', (code, signal) => {
      if (p.child === child) p.child = null;
      if (!killedByUs.has(child) && !stopping) p.crashes.push(code ?? String(signal));
      log?.write(`[${p.label} pid ${child.pid}] exited ${code ?? signal}\n`);
      if (!stopping) setTimeout(() => !stopping && start(p), o.respawnDelayMs ?? 300);
    });
  };

  const processes: RaqibProcess[] = specs.map((s) => ({ label: s.label, args: s.args, child: null, starts: 0, crashes: [] }));
  for (const p of processes) start(p);

  const sampler =
    (o.rssSampleMs ?? 0) > 0
      ? setInterval(() => {
          for (const p of processes) {
            const pid = p.child?.pid;
            if (!pid) continue;
            const rss = rssOf(pid);
            if (rss > (peaks.get(p.label) ?? 0)) peaks.set(p.label, rss);
          }
        }, o.rssSampleMs)
      : null;

  return {
    processes,
    kill(p) {
      if (!p.child || p.child.exitCode !== null) return;
      killedByUs.add(p.child);
      killCount += 1;
      p.child.kill('SIGKILL');
    },
    kills: () => killCount,
    async stopAll(graceMs = 15_000) {
      stopping = true;
      if (sampler) clearInterval(sampler);
      await Promise.all(
        processes.map(async (p) => {
          const c = p.child;
          if (!c || c.exitCode !== null || c.signalCode !== null) return;
          const exited = new Promise<void>((r) => c.once('exit', () => r()));
          c.kill('SIGTERM');
          const t = setTimeout(() => c.kill('SIGKILL'), graceMs);
          await exited;
          clearTimeout(t);
        }),
      );
      await new Promise<void>((r) => (log ? log.end(() => r()) : r()));
    },
    peakRss: () => peaks,
  };
}

/** Resident set size of a process (bytes), 0 when it is gone. */
export function rssOf(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const m = /VmRSS:\s+(\d+) kB/.exec(status);
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}
