import { z } from 'zod';
import type { SubscriptionInput } from '../../db/sql/createSubscription.ts';
import { CHANNELS, type Channel } from '../../db/sql/webRows.ts';
import { KIND_LABELS } from '../../lib/deliver/alertMessage.ts';
import type { Principal } from '../auth/principal.ts';
import { list, secret, slug, text } from '../validation.ts';

/** Bounds on what a subscription stores: every field a user types ends up in a row and in each delivery. */
const fields = {
  channel: text(20),
  target: text(2048),
  figureIds: list(slug(), 500).optional(),
  // the form's multi-select is called "figures"
  figures: list(slug(), 500).optional(),
  kinds: list(slug(), 50).optional(),
  secret: secret(256).optional(),
  smtpUrl: text(2048).optional(),
};
/** POST /api/subscriptions: JSON, unknown fields refused. */
export const SubscriptionJson = z.strictObject(fields);
/** POST /subscriptions: the form, with its CSRF field. */
export const SubscriptionForm = z.strictObject({ ...fields, _csrf: text(100).optional() });
export type SubscriptionFields = z.infer<typeof SubscriptionJson>;

/**
 * A subscription from a validated form post or JSON body, or the message naming what is wrong. A
 * per-subscription SMTP server is ops-only: it is a host the worker connects to, as much an SSRF risk as a
 * webhook URL.
 */
export function parseSubscription(b: SubscriptionFields, p: Principal): SubscriptionInput | string {
  const channel = b.channel as Channel;
  if (!CHANNELS.includes(channel)) return `channel must be one of ${CHANNELS.join(', ')}`;
  const target = b.target;
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
  const kinds = b.kinds ?? [];
  const unknownKind = kinds.find((k) => !(k in KIND_LABELS));
  if (unknownKind) return `kinds: unknown kind "${unknownKind.slice(0, 40)}" (known: ${Object.keys(KIND_LABELS).join(', ')})`;
  const smtpUrl = b.smtpUrl || null;
  if (smtpUrl && p.role !== 'ops') return 'smtpUrl: only ops may name an SMTP server';
  if (smtpUrl && !/^smtps?:\/\//i.test(smtpUrl)) return `smtpUrl must be an smtp:// or smtps:// URL (got "${smtpUrl.slice(0, 40)}")`;
  return { userId: p.userId, figureIds: b.figures ?? b.figureIds ?? [], kinds, channel, target, secret: b.secret || null, smtpUrl };
}
