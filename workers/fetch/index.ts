import { DelayedError } from 'bullmq';
import type { Redis } from 'ioredis';
import { settings } from '../../config/settings.ts';
import { FeedConfig, feedUrl } from '../../config/feedsSchema.ts';
import { getFeed } from '../../db/sql/getFeed.ts';
import { storeItems } from '../../db/sql/storeItems.ts';
import { fetchFeed } from '../../lib/fetch/fetchSource.ts';
import { limitsFromSettings } from '../../lib/fetch/limits.ts';
import { FetchError } from '../../lib/fetch/errors.ts';
import { recordFailure, recordFetch } from '../../lib/metrics.ts';
import { closeBrowser } from '../../lib/fetch/browser.ts';
import { crawlDelaySeconds, robotsFor } from '../../lib/fetch/robots.ts';
import { redisConnection } from '../../queues/connection.ts';
import { HostBusyError, hostOf, withHost } from '../../queues/hostLimiter.ts';
import { enqueueItemBatches } from '../../queues/enqueue.ts';
import { defineStage } from '../stage.ts';
import { recordFetchOutcome } from './recordFetchOutcome.ts';

/**
 * Fetches one feed, stores its new and edited items (the store is this stage's last step, not a queue hop),
 * records the fetch run and the feed's health, and hands the new item ids to analysis. A feed's failure is
 * recorded and ends the job: its schedule retries it, and other feeds never wait on it.
 */
export default defineStage({
  stage: 'fetch',
  concurrency: 16,
  async setup() {
    return { redis: redisConnection(undefined, undefined, 'fetch host limiter') };
  },
  async teardown(res: { redis: Redis }) {
    await closeBrowser();
    res.redis.disconnect();
  },
  async handle(job, ctx, res: { redis: Redis }, token) {
    const feed = await getFeed(ctx.pool, job.data.feedId);
    if (!feed || !feed.enabled) return { skipped: feed ? 'disabled' : 'unknown feed' };
    if (feed.not_before && feed.not_before.getTime() > Date.now() + 1000) return { skipped: 'not before ' + feed.not_before.toISOString() };
    const parsed = FeedConfig.safeParse(feed.config);
    const started = new Date();
    if (!parsed.success) {
      const error = new FetchError('bad_url', feed.url, `feed ${feed.id} has an invalid config: ${parsed.error.issues[0]?.message}`);
      await recordFetchOutcome(ctx.pool, feed, started, { error });
      return { error: error.message };
    }
    const s = settings();
    const limits = limitsFromSettings(s);
    let crawlDelay: number | null = null;
    try {
      const state = { etag: feed.etag, lastModified: feed.last_modified, bodyHash: feed.body_hash, cursor: feed.cursor };
      // politeness across every fetch worker: a few requests at a time per host, spaced out by our setting or
      // the site's own Crawl-delay, whichever is longer (robots.txt is cached per process)
      const url = feedUrl(parsed.data);
      crawlDelay = parsed.data.respectRobots ? crawlDelaySeconds(await robotsFor(url, limits), limits.userAgent) : null;
      const result = await withHost(
        res.redis,
        hostOf(url),
        {
          maxConcurrent: crawlDelay ? 1 : s.RAQIB_HOST_CONCURRENCY,
          minIntervalMs: Math.max(s.RAQIB_HOST_INTERVAL_MS, Math.min(crawlDelay ?? 0, 60) * 1000),
        },
        () => fetchFeed(parsed.data, state, limits),
        { waitMs: 10_000 },
      );
      const stored = result.unchanged ? { inserted: [], updated: [] } : await storeItems(ctx.pool, feed.id, result.items);
      await recordFetchOutcome(ctx.pool, feed, started, { result, stored }, crawlDelay);
      await enqueueItemBatches(ctx.queues, 'analyze', [...stored.inserted, ...stored.updated]);
      recordFetch(feed.kind, result.unchanged ? 'unchanged' : 'ok', result.items.length, stored.inserted.length);
      ctx.log.info(
        { feedId: feed.id, seen: result.items.length, new: stored.inserted.length, updated: stored.updated.length, unchanged: result.unchanged },
        `fetched ${feed.id}`,
      );
      return { seen: result.items.length, new: stored.inserted.length, updated: stored.updated.length, unchanged: result.unchanged };
    } catch (e) {
      if (e instanceof HostBusyError && token) {
        // the host is busy with other feeds: not this feed's failure, try again shortly without using an attempt
        await job.moveToDelayed(Date.now() + e.retryAfterMs, token);
        throw new DelayedError();
      }
      if (!(e instanceof FetchError)) throw e; // our own failure (Postgres down...): BullMQ retries the job
      await recordFetchOutcome(ctx.pool, feed, started, { error: e }, crawlDelay);
      recordFetch(feed.kind, 'error', 0, 0);
      recordFailure('fetch', e.kind);
      ctx.log.warn({ feedId: feed.id, kind: e.kind, status: e.status }, `feed ${feed.id}: ${e.message}`);
      return { error: e.message, kind: e.kind };
    }
  },
});
