import type { Job, Queue } from 'bullmq';

/** What a queue still holds or works on. */
export interface InFlight {
  /** ids (items, alerts) named by its unfinished jobs: waiting, delayed, prioritized or active */
  ids: Set<number>;
  /** when its longest-running active job started (ms); null when none is active */
  oldestActiveStart: number | null;
  /** unfinished jobs read */
  jobs: number;
}

/** The states a job passes through before it is done, read in the order jobs move through them. */
const UNFINISHED = ['delayed', 'prioritized', 'wait', 'waiting-children', 'active'] as const;

/**
 * Reads a queue's unfinished jobs. `idsOf` picks the ids out of a job's data. Each state is read on its own, in
 * the order jobs move through them, so a job that moves on while this runs is seen at least once (one that
 * fails back from active to delayed in between can be missed: the caller's work must be idempotent anyway).
 * Returns null when more than `maxJobs` are unfinished: a backlog that long is not worth reading every sweep.
 */
export async function inFlight<D>(queue: Queue<D>, idsOf: (data: D) => readonly number[], maxJobs = 20_000): Promise<InFlight | null> {
  const counts = await queue.getJobCounts(...UNFINISHED);
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  if (total > maxJobs) return null;
  const out: InFlight = { ids: new Set(), oldestActiveStart: null, jobs: 0 };
  for (const state of UNFINISHED) {
    if (!counts[state]) continue;
    const jobs: Array<Job<D> | undefined> = await queue.getJobs([state], 0, -1);
    for (const job of jobs) {
      if (!job) continue; // removed while being read
      out.jobs++;
      for (const id of idsOf(job.data)) out.ids.add(id);
      if (state === 'active' && job.processedOn && (out.oldestActiveStart === null || job.processedOn < out.oldestActiveStart))
        out.oldestActiveStart = job.processedOn;
    }
  }
  return out;
}
