import nodemailer from 'nodemailer';
import { alertHeadline, type AlertPayload } from './alertMessage.ts';
import { DeliveryError } from './postJson.ts';

export interface EmailOptions {
  /** smtp://user:pass@host:port (smtps:// for TLS) */
  smtpUrl: string;
  from: string;
  timeoutMs: number;
}

/** Plain-text mail: no HTML, so untrusted feed text cannot become markup in a mail client. */
export function emailText(p: AlertPayload): string {
  return [
    alertHeadline(p),
    '',
    p.snippet,
    ...(p.snippetEn ? ['', p.snippetEn] : []),
    ...(p.noEnglish ? ['', `(${p.noEnglish})`] : []),
    '',
    ...(p.url ? [`Source: ${p.url}`] : []),
    `Time: ${p.createdAt}`,
    `Alert: ${p.id}`,
  ].join('\n');
}

/** Sends one alert mail; the SMTP reply code goes into the delivery log. */
export async function sendEmail(to: string, payload: AlertPayload, opts: EmailOptions): Promise<{ status: number; body: string }> {
  if (!opts.smtpUrl) throw new DeliveryError(`email to ${to}: no SMTP server (set RAQIB_SMTP_URL or the subscription's SMTP URL)`, null, true);
  const transport = nodemailer.createTransport({
    url: opts.smtpUrl,
    connectionTimeout: opts.timeoutMs,
    greetingTimeout: opts.timeoutMs,
    socketTimeout: opts.timeoutMs,
  });
  try {
    const info = await transport.sendMail({
      from: opts.from,
      to,
      subject: alertHeadline(payload)
        .replace(/[\r\n]+/g, ' ')
        .slice(0, 200),
      text: emailText(payload),
      headers: { 'X-Raqib-Alert': String(payload.id) },
    });
    const code = Number(/^(\d{3})/.exec(info.response ?? '')?.[1] ?? 250);
    return { status: code, body: info.response ?? '' };
  } catch (e) {
    const err = e as { responseCode?: number; message: string };
    const host = (() => {
      try {
        return new URL(opts.smtpUrl).host;
      } catch {
        return 'SMTP server';
      }
    })();
    throw new DeliveryError(`email to ${to} via ${host}: ${err.message}`, err.responseCode ?? null);
  } finally {
    transport.close();
  }
}
