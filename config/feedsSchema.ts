import { z } from 'zod';

/** True when `tz` is an IANA time-zone name this runtime knows (`Asia/Baghdad`, `UTC`). */
export function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** How much of a feed's text goes to the translate stage. */
export const TranslateMode = z.enum(['all', 'mentions', 'none']);

const FeedBase = z.object({
  /** Stable slug, e.g. `baghdadtoday`; used in URLs, logs and the CLI. */
  id: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'must be a lowercase slug (a-z, 0-9, - and _)'),
  name: z.string().min(1),
  /** Polling interval in seconds; the adaptive cadence stays within [minIntervalSeconds, maxIntervalSeconds]. */
  intervalSeconds: z
    .number()
    .int()
    .min(10)
    .max(7 * 86400)
    .default(300),
  /** Shortest interval the cadence adapts to; default a quarter of intervalSeconds (at least 10 s). */
  minIntervalSeconds: z.number().int().min(10).optional(),
  /** Longest interval the cadence stretches a quiet feed to; default twice intervalSeconds. */
  maxIntervalSeconds: z
    .number()
    .int()
    .min(10)
    .max(7 * 86400)
    .optional(),
  /** Keep intervalSeconds: no adapting to yield and no bursts (Retry-After, Crawl-delay and failure backoff still apply). */
  pin: z.boolean().optional(),
  /** Interval for a few minutes after the feed publishes; default a tenth of intervalSeconds, 10 to 30 s. */
  burstIntervalSeconds: z.number().int().min(10).optional(),
  /** How long a burst lasts after the feed's last new item; default 600 s, 0 turns bursts off. */
  burstWindowSeconds: z.number().int().min(0).max(86400).optional(),
  enabled: z.boolean().default(true),
  /** Language the outlet writes in, when known; detection still runs per item. */
  language: z.string().optional(),
  translate: TranslateMode.default('mentions'),
  /** Honour robots.txt unless an operator opts out explicitly for this feed. */
  respectRobots: z.boolean().default(true),
  /**
   * IANA time zone (e.g. `Asia/Baghdad`) in which the outlet writes times that carry no zone of their own.
   * @defaultValue 'UTC'
   */
  timezone: z
    .string()
    .refine(isTimeZone, { error: (i) => `must be an IANA time zone name such as Asia/Baghdad or UTC (got "${String(i.input)}")` })
    .default('UTC'),
});

export const RssFeed = FeedBase.extend({
  kind: z.literal('rss'),
  url: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }),
});

export const HtmlFeed = FeedBase.extend({
  kind: z.literal('html'),
  url: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }),
  /** CSS selectors on the listing page. */
  selectors: z.object({
    item: z.string().min(1),
    title: z.string().min(1),
    link: z.string().min(1),
    date: z.string().optional(),
  }),
  /** Render the listing (and articles) in Chromium for pages built by JavaScript. */
  render: z.boolean().default(false),
  /** Follow each new item's link and extract the article body. */
  followLinks: z.boolean().default(true),
});

export const TelegramFeed = FeedBase.extend({
  kind: z.literal('telegram'),
  /** Public channel name, as in t.me/s/<channel>. */
  channel: z.string().regex(/^[A-Za-z0-9_]{3,64}$/, 'must be a Telegram channel name (letters, digits, _)'),
  /** Preview origin; tests and mirrors point this elsewhere. */
  url: z.url({ protocol: /^https?$/ }).optional(),
  /** Pages followed back through ?before=<id> on the first fetch. */
  backfillPages: z.number().int().min(0).max(50).default(3),
});

export const FeedConfig = z.discriminatedUnion('kind', [RssFeed, HtmlFeed, TelegramFeed]);
export type FeedConfig = z.infer<typeof FeedConfig>;
export type FeedKind = FeedConfig['kind'];

export const FeedsFile = z.object({ feeds: z.array(FeedConfig) });
export type FeedsFile = z.infer<typeof FeedsFile>;

/** The URL a feed is fetched from; Telegram feeds derive it from their channel. */
export function feedUrl(feed: FeedConfig): string {
  if (feed.kind === 'telegram') return feed.url ?? `https://t.me/s/${feed.channel}`;
  return feed.url;
}
