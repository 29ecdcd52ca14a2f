import type { IncomingMessage } from 'node:http';
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalServer, type LocalServer } from '../../test/helpers/httpServer.ts';
import { readBody, startSmtpReceiver } from '../../test/helpers/smtpReceiver.ts';
import { alertPayload, type AlertPayload } from './alertMessage.ts';
import { sendEmail } from './email.ts';
import { DeliveryError } from './postJson.ts';
import { sendSlack } from './slack.ts';
import { sendWebhook, signBody } from './webhook.ts';

const payload: AlertPayload = alertPayload({
  id: 7,
  kind: 'debunk',
  priority: 'high',
  figure_id: 'qais-al-khazali',
  figure_name: 'Qais al-Khazali',
  feed_id: 'baghdad-today',
  feed_name: 'Baghdad Today',
  lang: 'ar',
  snippet: 'نفى قيس الخزعلي <@channel> الأنباء',
  snippet_en: 'Qais al-Khazali denied <!here> the reports',
  item_url: 'https://news.example/a/1',
  created_at: new Date('2026-11-25T10:00:00Z'),
});

let receiver: LocalServer;
const received: Array<{ path: string; headers: IncomingMessage['headers']; body: string }> = [];

beforeAll(async () => {
  receiver = await startLocalServer({
    '*': async (req, res) => {
      received.push({ path: req.url ?? '', headers: req.headers, body: await readBody(req) });
      if (req.url === '/gone') res.statusCode = 410;
      res.end('ok');
    },
  });
});
afterAll(async () => receiver?.close());

const opts = () => ({ timeoutMs: 3000, allow: [receiver.hostPort], userAgent: 'raqib-test' });

describe('webhook', () => {
  it('posts the alert as JSON with an HMAC-SHA256 signature of the exact body', async () => {
    const r = await sendWebhook(`${receiver.origin}/hook`, payload, 's3cret', 41, opts());
    expect(r.status).toBe(200);
    const got = received.find((x) => x.path === '/hook')!;
    const expected = `sha256=${createHmac('sha256', 's3cret').update(got.body).digest('hex')}`;
    expect(got.headers['x-raqib-signature']).toBe(expected);
    expect(signBody(got.body, 's3cret')).toBe(expected);
    expect(got.headers['x-raqib-delivery']).toBe('41');
    expect(got.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(JSON.parse(got.body)).toMatchObject({
      type: 'alert',
      deliveryId: 41,
      alert: { id: 7, kind: 'debunk', figure: { id: 'qais-al-khazali' } },
    });
  });

  it('a 4xx answer is a DeliveryError carrying the status', async () => {
    const err = await sendWebhook(`${receiver.origin}/gone`, payload, null, 1, opts()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DeliveryError);
    expect((err as DeliveryError).status).toBe(410);
    expect((err as DeliveryError).message).toContain(`${receiver.origin}/gone: receiver answered HTTP 410`);
  });

  it('the SSRF guard refuses loopback receivers unless allowed, and nothing reaches them', async () => {
    const before = receiver.requests.length;
    const literal = await sendWebhook(`${receiver.origin}/ssrf`, payload, null, 1, { ...opts(), allow: [] }).catch((e: unknown) => e);
    expect((literal as DeliveryError).permanent).toBe(true);
    expect((literal as DeliveryError).message).toMatch(/refused address 127\.0\.0\.1:\d+: loopback/);
    const named = await sendWebhook(`http://localhost:${receiver.port}/ssrf`, payload, null, 1, { ...opts(), allow: [] }).catch((e: unknown) => e);
    expect((named as DeliveryError).permanent).toBe(true);
    expect((named as DeliveryError).message).toMatch(/refused address localhost/);
    const scheme = await sendWebhook('file:///etc/passwd', payload, null, 1, opts()).catch((e: unknown) => e);
    expect((scheme as DeliveryError).message).toMatch(/only http and https/);
    expect(receiver.requests.length).toBe(before);
  });
});

describe('slack', () => {
  it('sends an incoming-webhook body {text, blocks} with feed text escaped for mrkdwn', async () => {
    await sendSlack(`${receiver.origin}/slack`, payload, opts());
    const body = JSON.parse(received.find((x) => x.path === '/slack')!.body);
    expect(body.text).toBe('[high] Debunk: Qais al-Khazali (Baghdad Today)');
    expect(body.blocks[0].type).toBe('section');
    expect(body.blocks[0].text.text).toContain('&lt;@channel&gt;');
    expect(body.blocks[0].text.text).toContain('&lt;!here&gt;');
    expect(body.blocks[0].text.text).toContain('<https://news.example/a/1|source>');
  });
});

describe('email', () => {
  it('sends a plain-text mail through SMTP', async () => {
    const server = await startSmtpReceiver();
    const mails = server.mails;
    try {
      const r = await sendEmail('analyst@desk.example', payload, {
        smtpUrl: server.url,
        from: 'Raqib <raqib@desk.example>',
        timeoutMs: 5000,
      });
      expect(r.status).toBe(250);
      expect(mails).toHaveLength(1);
      expect(mails[0].to).toEqual(['analyst@desk.example']);
      expect(mails[0].raw).toContain('Subject: [high] Debunk: Qais al-Khazali (Baghdad Today)');
      expect(mails[0].raw).toMatch(/Content-Type: text\/plain/i);
      expect(mails[0].raw).toContain('X-Raqib-Alert: 7');
    } finally {
      await server.close();
    }
  });

  it('without an SMTP server the error says what to set', async () => {
    const err = await sendEmail('a@b.example', payload, { smtpUrl: '', from: 'x@y', timeoutMs: 1000 }).catch((e: unknown) => e);
    expect((err as DeliveryError).permanent).toBe(true);
    expect((err as Error).message).toContain('RAQIB_SMTP_URL');
  });
});
