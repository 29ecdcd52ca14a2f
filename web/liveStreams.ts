import type pg from 'pg';
import { liveSessionHashes } from '../db/sql/liveSessionHashes.ts';
import { liveTokenHashes } from '../db/sql/liveTokenHashes.ts';
import type { Logger } from '../lib/log.ts';

/** One open live stream and the credential it was opened with. */
export interface OpenStream {
  userId: number;
  sessionHash: string | null;
  tokenHash: string | null;
  /** writes a last `end` event and closes the response */
  end(reason: string): void;
}

/** How often open streams are checked against the database when nothing in this process ended them. */
export const STREAM_RECHECK_MS = 15_000;

/**
 * Every live stream of this web process, by credential, so a stream ends when its session or token does:
 * at once for logout, session revocation, a disabled account or a revoked token in this process, and within
 * one recheck (15 s) for what happened elsewhere (another web process, `raqib users`, expiry).
 */
export class LiveStreams {
  private readonly open = new Set<OpenStream>();
  private readonly timer: NodeJS.Timeout;
  private checking = false;

  constructor(
    private readonly pool: pg.Pool,
    private readonly log: Logger,
    recheckMs = STREAM_RECHECK_MS,
  ) {
    this.timer = setInterval(() => void this.recheck(), recheckMs);
    this.timer.unref();
  }

  get size(): number {
    return this.open.size;
  }

  /** Registers a stream; the returned function forgets it (when the client went away). */
  add(s: OpenStream): () => void {
    this.open.add(s);
    return () => this.open.delete(s);
  }

  private endWhere(match: (s: OpenStream) => boolean, reason: string): number {
    let n = 0;
    for (const s of [...this.open])
      if (match(s)) {
        this.open.delete(s);
        s.end(reason);
        n++;
      }
    return n;
  }

  endSessions(hashes: readonly string[], reason: string): number {
    const set = new Set(hashes);
    return this.endWhere((s) => s.sessionHash !== null && set.has(s.sessionHash), reason);
  }

  endTokens(hashes: readonly string[], reason: string): number {
    const set = new Set(hashes);
    return this.endWhere((s) => s.tokenHash !== null && set.has(s.tokenHash), reason);
  }

  endUser(userId: number, reason: string): number {
    return this.endWhere((s) => s.userId === userId, reason);
  }

  endAll(reason: string): number {
    return this.endWhere(() => true, reason);
  }

  /** Ends the streams whose session or token is no longer live (expired, revoked, account disabled). */
  async recheck(): Promise<number> {
    if (this.checking || this.open.size === 0) return 0;
    this.checking = true;
    try {
      const sessions = [...new Set([...this.open].flatMap((s) => (s.sessionHash ? [s.sessionHash] : [])))];
      const tokens = [...new Set([...this.open].flatMap((s) => (s.tokenHash ? [s.tokenHash] : [])))];
      const [liveS, liveT] = await Promise.all([
        sessions.length ? liveSessionHashes(this.pool, sessions) : new Set<string>(),
        tokens.length ? liveTokenHashes(this.pool, tokens) : new Set<string>(),
      ]);
      const ended = this.endWhere(
        (s) => (s.sessionHash !== null && !liveS.has(s.sessionHash)) || (s.tokenHash !== null && !liveT.has(s.tokenHash)),
        'your session or token ended',
      );
      if (ended > 0) this.log.info({ ended }, 'live streams ended: their session or token is gone');
      return ended;
    } catch (e) {
      // Postgres away: keep streams open and try again next time rather than drop everyone
      this.log.warn({ err: (e as Error).message }, 'live stream recheck failed');
      return 0;
    } finally {
      this.checking = false;
    }
  }

  close(): void {
    clearInterval(this.timer);
    this.endAll('the server is stopping');
  }
}
