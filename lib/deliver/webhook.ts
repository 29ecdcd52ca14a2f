import { createHmac } from 'node:crypto';
import type { AlertPayload } from './alertMessage.ts';
import { postJson, type PostOptions, type PostResult } from './postJson.ts';

/** `sha256=<hex>` HMAC of the exact body bytes; receivers recompute it with the subscription's secret. */
export function signBody(body: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;
}

/**
 * Sends the alert as JSON. Headers: X-Raqib-Signature (when the subscription has a secret) and
 * X-Raqib-Delivery, the delivery id, so a receiver can drop a repeat after a sender crashed mid-send.
 */
export function sendWebhook(url: string, payload: AlertPayload, secret: string | null, deliveryId: number, opts: PostOptions): Promise<PostResult> {
  const body = JSON.stringify({ type: 'alert', deliveryId, alert: payload });
  const headers: Record<string, string> = { 'x-raqib-delivery': String(deliveryId), 'x-raqib-event': 'alert' };
  if (secret) headers['x-raqib-signature'] = signBody(body, secret);
  return postJson(url, body, { ...opts, headers: { ...opts.headers, ...headers } });
}
