import type { FeedConfig, FeedKind } from '../../config/feedsSchema.ts';
import { feedUrl } from '../../config/feedsSchema.ts';
import { withDeadline } from './deadline.ts';
import { FetchError } from './errors.ts';
import { htmlSource } from './html.ts';
import { rssSource } from './rss.ts';
import type { FetchLimits, Source, SourceResult, SourceState } from './source.ts';
import { telegramSource } from './telegram.ts';

/**
 * The source for each feed kind. Sources for telegram and html are added here by importing them; a kind
 * without one fails its fetch run with a clear message rather than silently yielding nothing.
 */
export const SOURCES: Record<FeedKind, Source | undefined> = {
  rss: rssSource,
  telegram: telegramSource,
  html: htmlSource,
};

export function sourceFor(kind: FeedKind): Source {
  const source = SOURCES[kind];
  if (!source) throw new FetchError('internal', kind, `no source for kind ${kind}`);
  return source;
}

/** Deadline of one whole fetch (all its pages) when the limits name none. */
export const DEFAULT_FETCH_DEADLINE_MS = 120_000;

/**
 * One fetch of one feed through its kind's source, with the shared limits and SSRF guard, ended at
 * `limits.deadlineMs` whatever the source does (each request or render also has its own `timeoutMs`).
 */
export async function fetchFeed(feed: FeedConfig, state: SourceState, limits: FetchLimits, signal?: AbortSignal): Promise<SourceResult> {
  const source = SOURCES[feed.kind];
  const url = feedUrl(feed);
  if (!source) throw new FetchError('internal', url, `no source for kind ${feed.kind}`);
  return withDeadline(limits.deadlineMs ?? DEFAULT_FETCH_DEADLINE_MS, url, (s) => source.fetch(feed, state, limits, s), signal);
}
