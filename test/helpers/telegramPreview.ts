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
 * a channel without a public preview, `landing_demo` serving a landing page under /s/, `kinds_demo` (polls, every media kind, bad post ids) and
 * `secret_demo`.
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
    // the same posts under another channel's name (a page must only hold its own channel's posts)
    // every media kind, a poll, and post ids that must be refused (lib/fetch/testdata/telegram/media-kinds.html)
    '/s/kinds_demo': (_req, res) =>
      html(
        res,
        Buffer.from(
          fixture('media-kinds.html')
            .toString('utf8')
            .replace(/sabereen_demo/gi, (m) => (m === m.toUpperCase() ? 'KINDS_DEMO' : 'kinds_demo')),
        ),
      ),
    '/s/secret_demo': (_req, res) => html(res, Buffer.from(fixture('channel.html').toString('utf8').replaceAll('sabereen_demo', 'secret_demo'))),
  };
}
