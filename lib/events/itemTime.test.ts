import { describe, expect, it } from 'vitest';
import { itemTime } from './itemTime.ts';

describe('itemTime', () => {
  const fetched = new Date('2026-05-01T12:00:00Z');
  it('is the publication time, a Telegram post time for a channel', () => {
    expect(itemTime(new Date('2026-05-01T09:00:00Z'), fetched, 'rss')).toEqual({ at: Date.parse('2026-05-01T09:00:00Z'), basis: 'published' });
    expect(itemTime(new Date('2026-05-01T09:00:00Z'), fetched, 'telegram').basis).toBe('posted');
  });
  it('is the fetch when there is no publication time or one after the fetch', () => {
    expect(itemTime(null, fetched, 'rss')).toEqual({ at: fetched.getTime(), basis: 'fetched' });
    expect(itemTime(new Date('2026-05-02T00:00:00Z'), fetched, 'html')).toEqual({ at: fetched.getTime(), basis: 'fetched' });
    expect(itemTime(new Date(Number.NaN), fetched, 'rss').basis).toBe('fetched');
  });
});
