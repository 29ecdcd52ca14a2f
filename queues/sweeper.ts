import type { Queue } from 'bullmq';
import type pg from 'pg';
import { findUnfinishedWork, type UnfinishedRow } from '../db/sql/findUnfinishedWork.ts';
import { markAlertsNotified } from '../db/sql/markAlertsNotified.ts';
import type { Logger } from '../lib/log.ts';
import type { Queues } from './connection.ts';
import { enqueueDeliveries, enqueueItemBatches } from './enqueue.ts';
import { inFlight } from './inFlight.ts';

export interface SweepResult {
  analyze: number;
  alert: number;
  notify: number;
}

export interface SweepOptions {
  /** work younger than this is never looked at (its hand-off may be a moment away) */
  graceSeconds?: number;
}

/** Worker clocks and the Postgres clock may differ by this much; work near a running job's start is left to it. */
const CLOCK_SLACK_MS = 5_000;

/**
 * Finds hand-offs lost between a stage's commit and its enqueue (a worker killed in between, a Redis that came
 * back empty) and makes them again, 30 s after the fact.
 *
 * Work that is merely late is not lost, and is left alone: ids in a job still waiting or running in the next
 * stage's queue, and work written after the oldest still-running job of the stage that writes it began (a job
 * hands on what it wrote when it ends). Mistaking those for lost work, as this sweeper once did, re-enqueued
 * every item of a backlog older than 30 s (over a thousand at once after a burst, each a duplicate that slowed
 * the stage further) and took over the deliveries of alerts whose alert job was still running, logging that a
 * worker had stopped when none had.
 */
export async function sweepLostHandOffs(pool: pg.Pool, queues: Queues, log: Logger, opts: SweepOptions = {}): Promise<SweepResult> {
  // the queues first, Postgres second: a hand-off made between the two reads comes from a job that was running
  // at the first, so the work it hands on is written after that job's start and is left alone
  const queued = {
    analyze: await inFlight(queues.analyze, (d) => d.itemIds),
    alert: await inFlight(queues.alert, (d) => d.itemIds),
    deliver: await inFlight(queues.deliver, (d) => [d.alertId]),
  };
  const runningSince = {
    fetch: await oldestActiveStart(queues.fetch),
    analyze: queued.analyze?.oldestActiveStart ?? null,
    alert: minOf(queued.alert?.oldestActiveStart ?? null, await oldestActiveStart(queues.watch)),
  };
  const w = await findUnfinishedWork(pool, opts.graceSeconds ?? 30);
  const toAnalyze = lostOnly(w.toAnalyze, queued.analyze?.ids, runningSince.fetch);
  const toAlert = lostOnly(w.toAlert, queued.alert?.ids, runningSince.analyze);
  const toNotify = lostOnly(w.toNotify, queued.deliver?.ids, runningSince.alert);

  await enqueueItemBatches(
    queues,
    'analyze',
    toAnalyze.map((r) => r.id),
  );
  await enqueueItemBatches(
    queues,
    'alert',
    toAlert.map((r) => r.id),
  );
  if (toNotify.length) {
    await enqueueDeliveries(queues, toNotify);
    await markAlertsNotified(pool, toNotify);
  }
  // (items waiting for a translation model are the translate stage's own: workers/translate/languageStates.ts)
  const n: SweepResult = { analyze: toAnalyze.length, alert: toAlert.length, notify: toNotify.length };
  if (n.analyze || n.alert || n.notify)
    log.warn(n, 'scheduler: handed on work whose hand-off was lost after its commit (a worker stopped in between, or Redis lost its queues)');
  return n;
}

/**
 * The rows whose hand-off is lost: not named by a job still in the next queue (`queued`; undefined when that
 * queue's backlog was too long to read, and then nothing is taken as lost this round), and written before
 * the oldest still-running job of the writing stage began.
 */
export function lostOnly<R extends UnfinishedRow>(rows: R[], queued: Set<number> | undefined, writerRunningSince: number | null): R[] {
  if (!queued) return [];
  return rows.filter((r) => !queued.has(r.id) && (writerRunningSince === null || r.at.getTime() < writerRunningSince - CLOCK_SLACK_MS));
}

async function oldestActiveStart(queue: Queue): Promise<number | null> {
  let oldest: number | null = null;
  for (const job of await queue.getJobs(['active'], 0, -1)) oldest = minOf(oldest, job?.processedOn ?? null);
  return oldest;
}

const minOf = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : Math.min(a, b));
