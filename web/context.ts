import type pg from 'pg';
import type { FeedConfig } from '../config/feedsSchema.ts';
import type { Logger } from '../lib/log.ts';
import type { SourceResult } from '../lib/fetch/source.ts';
import type { AlertListener } from './sse.ts';

/** What every route module gets from the server. */
export interface WebContext {
  pool: pg.Pool;
  log: Logger;
  listener: AlertListener;
  /** the fetch behind "add a feed after a test fetch": production fetcher, limits and SSRF guard */
  testFetch(feed: FeedConfig): Promise<SourceResult>;
  sessionHours: number;
  secureCookie: boolean;
}
