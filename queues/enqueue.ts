import type { Queues } from './connection.ts';
import { ITEM_BATCH } from './names.ts';

/** Hands item ids to the next stage in batches: one queue hop serves up to ITEM_BATCH items. */
export async function enqueueItemBatches(queues: Queues, stage: 'analyze' | 'alert', itemIds: number[]): Promise<void> {
  if (itemIds.length === 0) return;
  const jobs = [];
  for (let i = 0; i < itemIds.length; i += ITEM_BATCH) jobs.push({ name: stage, data: { itemIds: itemIds.slice(i, i + ITEM_BATCH) } });
  await queues[stage].addBulk(jobs);
}

/**
 * Tells the deliver stage about new or changed alerts. The job id names the alert and its kind, so a repeated
 * hand-off of the same change is one job, while an upgrade (mention → debunk) is delivered again.
 */
export async function enqueueDeliveries(queues: Queues, alerts: Array<{ id: number; kind: string }>): Promise<void> {
  if (alerts.length === 0) return;
  await queues.deliver.addBulk(alerts.map((a) => ({ name: 'deliver', data: { alertId: a.id }, opts: { jobId: `deliver-${a.id}-${a.kind}` } })));
}
