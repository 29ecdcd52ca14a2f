import type pg from 'pg';
import type { FeedConfig } from '../config/feedsSchema.ts';
import type { Logger } from '../lib/log.ts';
import type { SourceResult } from '../lib/fetch/source.ts';
import type { LoginPolicies } from './auth/throttle.ts';
import type { LiveStreams } from './liveStreams.ts';
import type { AlertListener } from './sse.ts';

/** What every route module gets from the server. */
export interface WebContext {
  pool: pg.Pool;
  log: Logger;
  listener: AlertListener;
  /** open live streams, to end them with their session or token */
  streams: LiveStreams;
  /** the fetch behind "add a feed after a test fetch": production fetcher, limits and SSRF guard */
  testFetch(feed: FeedConfig): Promise<SourceResult>;
  sessionHours: number;
  secureCookie: boolean;
  /** live sessions per account; a new login ends the oldest beyond this */
  maxSessionsPerUser: number;
  login: {
    policies: LoginPolicies;
    /** requests to POST /login per client address and window, refused before anything else (@fastify/rate-limit) */
    ratePerAddress: { max: number; windowMs: number };
  };
}
