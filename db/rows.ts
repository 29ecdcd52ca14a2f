/** Row types mirroring the tables in db/migrations, one line of doc each where the name is not enough. */
import type { FeedConfig } from '../config/feedsSchema.ts';

export interface FeedRow {
  id: string;
  name: string;
  kind: FeedConfig['kind'];
  url: string;
  /** the validated FeedConfig as stored */
  config: FeedConfig;
  enabled: boolean;
  interval_seconds: number;
  /** interval the scheduler uses now (adaptive cadence, burst, backoff, Crawl-delay, Retry-After); null = interval_seconds */
  effective_interval_seconds: number | null;
  /** the interval adapted to yield, apart from bursts and backoff laid on top; null = interval_seconds */
  adapted_interval_seconds: number | null;
  /** why effective_interval_seconds is what it is (CadenceReason in lib/feeds/cadence.ts); null before the first fetch */
  cadence_reason: string | null;
  /** when a fetch last stored a new item */
  last_new_item_at: Date | null;
  etag: string | null;
  last_modified: string | null;
  body_hash: string | null;
  cursor: string | null;
  last_fetched_at: Date | null;
  last_success_at: Date | null;
  last_error: string | null;
  last_error_kind: string | null;
  last_error_at: Date | null;
  consecutive_failures: number;
  failure_score: number;
  healthy: boolean;
  not_before: Date | null;
  created_at: Date;
  updated_at: Date;
}

export interface FetchRunRow {
  id: number;
  feed_id: string;
  started_at: Date;
  finished_at: Date;
  duration_ms: number;
  http_status: number | null;
  /** ok | not_modified | unchanged | error */
  outcome: 'ok' | 'not_modified' | 'unchanged' | 'error';
  items_seen: number;
  items_new: number;
  items_updated: number;
  items_dropped: number;
  error_kind: string | null;
  error: string | null;
  notes: string | null;
}

export interface ItemRow {
  id: number;
  feed_id: string;
  guid: string;
  url: string | null;
  title: string;
  body: string | null;
  content_hash: string;
  lang: string | null;
  /** The source's date, or the first-seen time when it gave none we believe (then published_unknown). */
  published_at: Date | null;
  /** True when published_at is the first-seen time because the source's date was missing or not believable. */
  published_unknown: boolean;
  fetched_at: Date;
  updated_at: Date | null;
  meta: Record<string, unknown>;
  revision: number;
  analyzed_revision: number;
  alerted_revision: number;
  analyzed_at: Date | null;
  title_en: string | null;
  body_en: string | null;
  translation_model: string | null;
  translation_status: string | null;
  translated_at: Date | null;
  body_pruned_at: Date | null;
}

export interface MentionRow {
  id: number;
  item_id: number;
  figure_id: string;
  /** UTF-16 offsets into analyzedText(title, body) */
  start_pos: number;
  end_pos: number;
  text: string;
  alias: string | null;
  revision: number;
}

export interface FigureRow {
  id: string;
  name: string;
  /** the validated watchlist entry */
  spec: Record<string, unknown>;
  created_at: Date;
  updated_at: Date;
}

export type AlertKind = 'mention' | 'debunk' | 'harm_claim' | 'whereabouts' | 'appearance' | 'surge' | 'silence';

export interface AlertRow {
  id: number;
  dedupe_key: string;
  figure_id: string;
  kind: AlertKind;
  priority: 'normal' | 'high';
  story_id: number | null;
  item_id: number | null;
  feed_id: string | null;
  lang: string | null;
  place_id: string | null;
  snippet: string;
  /** [start, end] pairs in the snippet */
  snippet_marks: Array<[number, number]>;
  snippet_en: string | null;
  detail: Record<string, unknown>;
  notified_kind: string | null;
  created_at: Date;
  updated_at: Date;
  /** the first source's publication time (clamped to its fetch), else its first fetch; null for surge/silence */
  published_at: Date | null;
  /** created, upgraded, joined by a new outlet, or its rumor answered: the latest of these */
  activity_at: Date;
  /** distinct feeds among its sources */
  outlet_count: number;
  /** the earliest published source */
  first_item_id: number | null;
  first_feed_id: string | null;
  upgraded_at: Date | null;
  /** the kind it had before the latest upgrade */
  upgraded_from: AlertKind | null;
  /** the event that gives it its kind */
  event_id: number | null;
  /** the rumor it opens (harm_claim) or answers (debunk) */
  rumor_id: number | null;
}

export type SignalType = 'debunk' | 'harm_claim' | 'whereabouts' | 'appearance';
export type HarmKind = 'death' | 'injury' | 'strike' | 'arrest' | 'illness' | 'flight';
/** how an item's time is known: its publication time, a Telegram post time, or only when we fetched it */
export type TimeBasis = 'published' | 'posted' | 'fetched';
export type RumorStatus = 'open' | 'confirmed' | 'denied' | 'stale';
export const RUMOR_STATUSES: readonly RumorStatus[] = ['open', 'confirmed', 'denied', 'stale'];

export interface EventRow {
  id: number;
  figure_id: string;
  type: SignalType;
  /** whereabouts only; '' otherwise */
  place_id: string;
  first_at: Date;
  last_at: Date;
  first_item_id: number | null;
  first_feed_id: string | null;
  first_basis: TimeBasis | null;
  item_count: number;
  outlet_count: number;
  alert_id: number | null;
  rumor_id: number | null;
  created_at: Date;
  updated_at: Date;
}

export interface RumorRow {
  id: number;
  figure_id: string;
  harm: HarmKind | null;
  status: RumorStatus;
  first_item_id: number | null;
  first_feed_id: string | null;
  first_at: Date;
  first_basis: TimeBasis;
  last_claim_at: Date;
  last_activity_at: Date;
  claim_items: number;
  claim_outlets: number;
  answer_count: number;
  answered_at: Date | null;
  status_by: string | null;
  status_at: Date | null;
  status_note: string | null;
  created_at: Date;
  updated_at: Date;
}
