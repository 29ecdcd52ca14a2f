import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** 32 random bytes, URL-safe: session ids, API tokens, CSRF tokens. */
export const newSecret = (): string => randomBytes(32).toString('base64url');

/** What we store instead of a session id or token: they are random, so a plain SHA-256 suffices. */
export const hashSecret = (secret: string): string => createHash('sha256').update(secret).digest('hex');

export function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** API tokens carry a recognisable prefix so a leaked one is easy to spot in logs and repos. */
export const newApiToken = (): string => `rqb_${newSecret()}`;
