import type { SubscriptionInput } from '../../db/sql/createSubscription.ts';
import { CHANNELS, type Channel } from '../../db/sql/webRows.ts';
import { KIND_LABELS } from '../../lib/deliver/alertMessage.ts';
import type { Principal } from '../auth/principal.ts';

const list = (v: unknown): string[] =>
  (Array.isArray(v) ? v : v === undefined || v === '' ? [] : [v]).filter((x): x is string => typeof x === 'string' && x !== '');

/**
 * A subscription from a form post or JSON body, or the message naming what is wrong. A per-subscription SMTP
 * server is ops-only: it is a host the worker connects to, as much an SSRF risk as a webhook URL.
 */
export function parseSubscription(body: unknown, p: Principal): SubscriptionInput | string {
  const b = (body ?? {}) as Record<string, unknown>;
  const channel = b.channel as Channel;
  if (!CHANNELS.includes(channel)) return `channel must be one of ${CHANNELS.join(', ')}`;
  const target = typeof b.target === 'string' ? b.target.trim() : '';
  if (channel === 'email') {
    if (!/^[^\s@<>]+@[^\s@<>]+$/.test(target)) return `target must be an email address for the email channel (got "${target.slice(0, 80)}")`;
  } else {
    let u: URL | null = null;
    try {
      u = new URL(target);
    } catch {}
    if (!u || (u.protocol !== 'http:' && u.protocol !== 'https:'))
      return `target must be an http(s) URL for the ${channel} channel (got "${target.slice(0, 80)}")`;
  }
  const kinds = list(b.kinds);
  const unknownKind = kinds.find((k) => !(k in KIND_LABELS));
  if (unknownKind) return `kinds: unknown kind "${unknownKind.slice(0, 40)}" (known: ${Object.keys(KIND_LABELS).join(', ')})`;
  const smtpUrl = typeof b.smtpUrl === 'string' && b.smtpUrl ? b.smtpUrl : null;
  if (smtpUrl && p.role !== 'ops') return 'smtpUrl: only ops may name an SMTP server';
  const secret = typeof b.secret === 'string' && b.secret ? b.secret : null;
  return { userId: p.userId, figureIds: list(b.figures ?? b.figureIds), kinds, channel, target, secret, smtpUrl };
}
