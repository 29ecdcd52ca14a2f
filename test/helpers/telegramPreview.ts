import { readFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import type { Handler } from './httpServer.ts';

const fixture = (name: string) => readFileSync(new URL(`../../lib/fetch/testdata/telegram/${name}`, import.meta.url));
const html = (res: ServerResponse, body: Buffer) => {
  res.setHeader('content-type', 'text/html; charset=utf-8');
  res.end(body);
};

/**
 * t.me as the project's preview fixtures show it: channel `sabereen_demo` (its first day or a day later, as
 * `day()` says; older pages through ?before=), `closed_demo` redirected to its landing page as t.me does for
 * a channel without a public preview, `landing_demo` serving a landing page under /s/, and `secret_demo`.
 */
export function telegramPreviewRoutes(day: () => 'first' | 'later'): Record<string, Handler> {
  return {
    '/s/sabereen_demo': (req, res) => {
      const before = new URL(req.url ?? '/', 'http://x').searchParams.get('before');
      if (before === '101') return html(res, fixture('channel_before_101.html'));
      if (before === '103') return html(res, fixture('channel.html'));
      html(res, fixture(day() === 'first' ? 'channel.html' : 'channel_later.html'));
    },
    '/s/closed_demo': (_req, res) => {
      res.statusCode = 302;
      res.setHeader('location', '/closed_demo');
      res.end();
    },
    '/closed_demo': (_req, res) => html(res, fixture('landing.html')),
    '/s/landing_demo': (_req, res) => html(res, fixture('landing.html')),
    '/s/secret_demo': (_req, res) => html(res, fixture('channel.html')),
  };
}
