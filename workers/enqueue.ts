import { ITEM_BATCH } from '../queues/names.ts';
import type { Queues } from '../queues/connection.ts';

/** Hands item ids to the next stage in batches: one queue hop serves up to ITEM_BATCH items. */
export async function enqueueItemBatches(queues: Queues, stage: 'analyze' | 'alert', itemIds: number[]): Promise<void> {
  if (itemIds.length === 0) return;
  const jobs = [];
  for (let i = 0; i < itemIds.length; i += ITEM_BATCH) {
    const ids = itemIds.slice(i, i + ITEM_BATCH);
    jobs.push({ name: stage, data: { itemIds: ids } });
  }
  await queues[stage].addBulk(jobs);
}
