import pg from 'pg';
import type { Logger } from '../lib/log.ts';

/** What the alerts trigger sends on channel raqib_alerts. */
export interface AlertNotice {
  id: number;
  op: 'insert' | 'update';
  kind: string;
  figureId: string;
}

type Listener = (n: AlertNotice) => void;

/**
 * ONE Postgres connection per web process listening on raqib_alerts, fanned out to every SSE client: a
 * hundred open alert pages cost one connection, not a hundred. A lost connection (Postgres restart) is
 * re-opened with capped backoff; clients stay connected and simply hear nothing meanwhile.
 */
export class AlertListener {
  private client: pg.Client | null = null;
  private readonly listeners = new Set<Listener>();
  private closed = false;
  private retryTimer: NodeJS.Timeout | null = null;
  private failures = 0;
  /** resolves once the first LISTEN is in place */
  readonly ready: Promise<void>;
  private markReady!: () => void;

  constructor(
    private readonly url: string,
    private readonly log: Logger,
  ) {
    this.ready = new Promise((r) => (this.markReady = r));
    void this.connect();
  }

  get clientCount(): number {
    return this.listeners.size;
  }

  subscribe(fn: Listener): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  private async connect(): Promise<void> {
    if (this.closed) return;
    const client = new pg.Client({ connectionString: this.url });
    this.client = client;
    client.on('notification', (msg) => {
      if (msg.channel !== 'raqib_alerts' || !msg.payload) return;
      let notice: AlertNotice;
      try {
        notice = JSON.parse(msg.payload) as AlertNotice;
      } catch {
        return;
      }
      for (const fn of this.listeners) fn(notice);
    });
    const lost = (e?: Error) => {
      if (this.client !== client) return;
      this.client = null;
      client.removeAllListeners('notification');
      void client.end().catch(() => {});
      this.scheduleReconnect(e?.message ?? 'connection ended');
    };
    client.on('error', lost);
    client.on('end', () => lost());
    try {
      await client.connect();
      await client.query('LISTEN raqib_alerts');
      if (this.failures > 0) this.log.info({ failures: this.failures }, 'alert listener reconnected');
      this.failures = 0;
      this.markReady();
    } catch (e) {
      lost(e as Error);
    }
  }

  private scheduleReconnect(reason: string): void {
    if (this.closed || this.retryTimer) return;
    this.failures++;
    const delay = Math.min(250 * 2 ** Math.min(this.failures, 6), 10_000);
    this.log.warn({ reason, delayMs: delay, failures: this.failures }, 'alert listener lost Postgres; reconnecting');
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.connect();
    }, delay);
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    const c = this.client;
    this.client = null;
    this.listeners.clear();
    if (c) await c.end().catch(() => {});
  }
}
