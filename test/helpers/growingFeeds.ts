import type { IncomingMessage, ServerResponse } from 'node:http';
import { startLocalServer, type LocalServer } from './httpServer.ts';

/**
 * RSS feeds on 127.0.0.1 whose items appear over time, as a newsroom's do. Item k of feed f is released at
 * `startedAt + offsetMs(f) + k * everyMs` until `stop()`; a response carries every item released so far
 * (newest first), so an item once served stays in the feed. The server remembers which items it has
 * actually sent: that set is what the pipeline must end up storing, exactly.
 */

export interface FeedItemSpec {
  feed: number;
  index: number;
  guid: string;
  title: string;
  body: string;
  /** Tracked figures the text names, by construction. */
  figures: string[];
}

export interface GrowingFeeds {
  server: LocalServer;
  feedCount: number;
  /** http://127.0.0.1:<port>/feed/<f>.xml */
  url(feed: number): string;
  /** Items released so far. */
  released(): FeedItemSpec[];
  /** guids that went out in at least one response. */
  served: Set<string>;
  /** Freeze the feeds: nothing new is released after this. */
  stop(): void;
  close(): Promise<void>;
}

/** Texts naming tracked figures from config/watchlist.yaml (or none), with the figure ids they name. */
const TEMPLATES: Array<{ title: string; body: string; figures: string[] }> = [
  {
    title: 'الأمين العام لعصائب أهل الحق قيس الخزعلي يلقي كلمة',
    body: 'قال قيس الخزعلي في كلمة متلفزة مساء اليوم إن الفصائل ستواصل موقفها.',
    figures: ['qais-al-khazali'],
  },
  {
    title: 'ليث الخزعلي يزور محافظة البصرة',
    body: 'وصل ليث الخزعلي إلى البصرة في زيارة تستمر يومين التقى خلالها وجهاء المدينة.',
    figures: ['laith-al-khazali'],
  },
  {
    title: 'مقتدى الصدر يدعو أنصاره إلى التهدئة',
    body: 'دعا زعيم التيار الصدري مقتدى الصدر في تغريدة أنصاره إلى ضبط النفس.',
    figures: ['muqtada-al-sadr'],
  },
  {
    title: 'لقاء يجمع الخزعلي والصدر في النجف',
    body: 'أفادت مصادر بأن قيس الخزعلي التقى مقتدى الصدر في النجف لبحث الأوضاع السياسية.',
    figures: ['qais-al-khazali', 'muqtada-al-sadr'],
  },
  {
    title: 'وزارة التخطيط تعلن نتائج المسح السكاني',
    body: 'أعلنت وزارة التخطيط العراقية نتائج المسح السكاني الجديد في مؤتمر صحفي ببغداد.',
    figures: [],
  },
  {
    title: 'ارتفاع أسعار الطماطم في الأسواق المحلية',
    body: 'شهدت الأسواق المحلية في بغداد ارتفاعا في أسعار الخضراوات خلال الأسبوع الجاري.',
    figures: [],
  },
];

export function itemSpec(feed: number, index: number): FeedItemSpec {
  const t = TEMPLATES[(feed * 7 + index) % TEMPLATES.length];
  // a serial number in the text keeps every item distinct (and in a story of its own or with its twins)
  const tag = ` (${feed}-${index})`;
  return { feed, index, guid: `raqib-test-${feed}-${index}`, title: t.title + tag, body: t.body + tag, figures: t.figures };
}

function rss(feed: number, items: FeedItemSpec[], origin: string): string {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const entries = items
    .slice()
    .reverse()
    .map(
      (it) =>
        `<item><guid isPermaLink="false">${it.guid}</guid><title>${esc(it.title)}</title>` +
        `<link>${origin}/news/${feed}/${it.index}</link><description>${esc(it.body)}</description>` +
        `<pubDate>${new Date(Date.UTC(2026, 10, 25, 0, 0, it.index)).toUTCString()}</pubDate></item>`,
    )
    .join('');
  return (
    `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Test feed ${feed}</title>` +
    `<link>${origin}/</link><description>local test feed</description>${entries}</channel></rss>`
  );
}

export interface GrowingFeedsOptions {
  feeds: number;
  /** A new item per feed this often. */
  everyMs: number;
  /** Items every feed has from the start. */
  initialItems?: number;
  /** Most items a feed ever gets. */
  maxItems?: number;
  /** The text of item `index` of `feed`; default: the built-in templates naming tracked figures. */
  makeItem?: (feed: number, index: number) => FeedItemSpec;
}

export async function startGrowingFeeds(o: GrowingFeedsOptions): Promise<GrowingFeeds> {
  const startedAt = Date.now();
  let frozenAt: number | null = null;
  const served = new Set<string>();
  const initial = o.initialItems ?? 1;
  const countAt = (feed: number, now: number) => {
    const t = (frozenAt ?? now) - startedAt - Math.round((feed * o.everyMs) / Math.max(1, o.feeds));
    const n = initial + Math.max(0, Math.floor(t / o.everyMs));
    return Math.min(n, o.maxItems ?? Number.MAX_SAFE_INTEGER);
  };
  const make = o.makeItem ?? itemSpec;
  const itemsOf = (feed: number, now = Date.now()) => Array.from({ length: countAt(feed, now) }, (_, k) => make(feed, k));
  const server = await startLocalServer();
  server.route('*', (req: IncomingMessage, res: ServerResponse) => {
    const m = /^\/feed\/(\d+)\.xml$/.exec((req.url ?? '').split('?')[0]);
    const feed = m ? Number(m[1]) : -1;
    if (feed < 0 || feed >= o.feeds) {
      res.statusCode = 404;
      res.end('not found');
      return;
    }
    const items = itemsOf(feed);
    const body = rss(feed, items, server.origin);
    res.setHeader('content-type', 'application/rss+xml; charset=utf-8');
    // record as served only once the body is on its way
    res.end(body, () => {
      for (const it of items) served.add(it.guid);
    });
  });
  return {
    server,
    feedCount: o.feeds,
    url: (f) => `${server.origin}/feed/${f}.xml`,
    released: () => Array.from({ length: o.feeds }, (_, f) => itemsOf(f)).flat(),
    served,
    stop() {
      frozenAt ??= Date.now();
    },
    close: () => server.close(),
  };
}
