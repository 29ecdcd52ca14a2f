import type { FeedConfig } from '../../config/feedsSchema.ts';

/**
 * What an item carries besides text. A round video and a voice note are kinds of their own (not 'video' and
 * 'audio'): "he spoke" is filtered on differently from "a clip was shared". `album` marks a grouped post,
 * whose photos and videos are also listed; `poll` a post whose text is a poll's question and options.
 */
export type MediaKind = 'photo' | 'video' | 'round_video' | 'voice' | 'audio' | 'document' | 'sticker' | 'poll' | 'album' | 'location';

/** One entry as a source reports it, before storage. Text is plain (markup stripped), NUL-free. */
export interface SourceItem {
  /** RSS guid / Atom id / Telegram data-post ("channel/123"); falls back to the canonical link. */
  guid: string;
  url: string | null;
  title: string;
  /** Body as plain text. */
  text: string;
  publishedAt: Date | null;
  /** Telegram and rich sources; absent elsewhere. */
  media?: MediaKind[];
  forwardedFrom?: string | null;
  views?: number | null;
  edited?: boolean;
}

/** Per-feed state a source reads and returns (conditional GET, change detection, paging). */
export interface SourceState {
  etag?: string | null;
  lastModified?: string | null;
  bodyHash?: string | null;
  /** Source-specific position, e.g. the newest Telegram post id. */
  cursor?: string | null;
}

export interface SourceResult {
  /** 304, or a body whose hash matches the last one: nothing to parse. */
  unchanged: boolean;
  status: number | null;
  items: SourceItem[];
  state: SourceState;
  /** Items cut by the per-fetch cap, and other things said in the fetch run. */
  itemsDropped: number;
  notes: string[];
}

/** Limits and guard shared by every source and by `raqib feeds test`. */
export interface FetchLimits {
  /** One request (or one page render), connect to last byte. */
  timeoutMs: number;
  /** One whole fetch of a feed: every page, article and render of it. @defaultValue 120000 */
  deadlineMs?: number;
  maxBytes: number;
  maxRedirects: number;
  maxItems: number;
  maxItemChars: number;
  userAgent: string;
  /** RAQIB_FETCH_ALLOW entries: host or host:port let through although loopback/private. */
  allow: string[];
}

/**
 * A kind of feed. An authenticated Telegram client (MTProto) would be another Source for the same kind.
 * Throws FetchError for anything the fetch run should record.
 */
export interface Source {
  fetch(feed: FeedConfig, state: SourceState, limits: FetchLimits, signal?: AbortSignal): Promise<SourceResult>;
}
