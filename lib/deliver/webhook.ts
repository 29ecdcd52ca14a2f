import { createHmac } from 'node:crypto';
import type { AlertPayload, DeliveryEvent } from './alertMessage.ts';
import { postJson, type PostOptions, type PostResult } from './postJson.ts';

/** `sha256=<hex>` HMAC of the exact body bytes; receivers recompute it with the subscription's secret. */
export function signBody(body: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;
}

/**
 * Sends the alert as JSON, as event `alert` or, for the English of an alert first sent without it,
 * `alert.updated` (the same alert id, the whole alert again). Headers: X-Raqib-Event, X-Raqib-Signature (when
 * the subscription has a secret) and X-Raqib-Delivery, the delivery id (each event has its own), so a
 * receiver can drop a repeat after a sender crashed mid-send.
 */
export function sendWebhook(
  url: string,
  payload: AlertPayload,
  secret: string | null,
  deliveryId: number,
  opts: PostOptions,
  event: DeliveryEvent = 'alert',
): Promise<PostResult> {
  const body = JSON.stringify({ type: event, deliveryId, alert: payload });
  const headers: Record<string, string> = { 'x-raqib-delivery': String(deliveryId), 'x-raqib-event': event };
  if (secret) headers['x-raqib-signature'] = signBody(body, secret);
  return postJson(url, body, { ...opts, headers: { ...opts.headers, ...headers } });
}
