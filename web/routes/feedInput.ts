import { FeedConfig } from '../../config/feedsSchema.ts';

/** Each text field of a feed config, which is stored whole and shown on pages. */
export const FEED_FIELD_MAX = 2048;

/** Every string of a value at most `max` characters, lists and objects of a sane size. */
function boundedStrings(v: unknown, max: number): boolean {
  if (typeof v === 'string') return v.length <= max;
  if (Array.isArray(v)) return v.length <= 100 && v.every((x) => boundedStrings(x, max));
  if (v && typeof v === 'object') return Object.keys(v).length <= 50 && Object.values(v).every((x) => boundedStrings(x, max));
  return true;
}

/** A feed as `config/feedsSchema.ts` has it, with every field bounded; body messages start with "feed:". */
export const FeedBody = FeedConfig.refine((f) => boundedStrings(f, FEED_FIELD_MAX), {
  error: `every field must be at most ${FEED_FIELD_MAX} characters`,
}).describe('feed');
