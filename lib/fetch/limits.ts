import type { Settings } from '../../config/settings.ts';
import type { FetchLimits } from './source.ts';

/** The production limits and SSRF allow list, from the validated settings. */
export function limitsFromSettings(s: Settings): FetchLimits {
  return {
    timeoutMs: s.RAQIB_FETCH_TIMEOUT_MS,
    deadlineMs: s.RAQIB_FETCH_DEADLINE_MS,
    maxBytes: s.RAQIB_FETCH_MAX_BYTES,
    maxRedirects: s.RAQIB_FETCH_MAX_REDIRECTS,
    maxItems: s.RAQIB_FETCH_MAX_ITEMS,
    maxItemChars: s.RAQIB_ITEM_MAX_CHARS,
    userAgent: s.RAQIB_USER_AGENT,
    allow: [...s.RAQIB_FETCH_ALLOW],
  };
}
