import type { FetchLimits } from '../../lib/fetch/source.ts';

/** Fetch limits for tests: small and quick, loopback servers of the test allowed; override what a case needs. */
export function testFetchLimits(allow: string[], overrides: Partial<FetchLimits> = {}): FetchLimits {
  return { timeoutMs: 5000, maxBytes: 1 << 20, maxRedirects: 3, maxItems: 100, maxItemChars: 10_000, userAgent: 'RaqibBot/0.1', allow, ...overrides };
}
