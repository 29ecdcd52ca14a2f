import type { TimeBasis } from '../../db/rows.ts';

export interface ItemTime {
  /** ms since the epoch */
  at: number;
  basis: TimeBasis;
}

/**
 * When an item said what it said, and how we know: its publication time (a Telegram post's time for a
 * channel), or, when it has none or one later than our fetch (a clock in the future), the time we fetched it.
 * Events, rumors, first sources and a figure's last-seen all order items by this time, not by arrival.
 */
export function itemTime(publishedAt: Date | null, fetchedAt: Date, feedKind: string): ItemTime {
  const fetched = fetchedAt.getTime();
  if (publishedAt && Number.isFinite(publishedAt.getTime()) && publishedAt.getTime() <= fetched)
    return { at: publishedAt.getTime(), basis: feedKind === 'telegram' ? 'posted' : 'published' };
  return { at: fetched, basis: 'fetched' };
}
