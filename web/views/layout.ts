import type { Principal } from '../auth/principal.ts';
import { html, type HtmlValue, type SafeHtml } from './html.ts';

export interface PageOptions {
  title: string;
  principal: Principal | null;
  /** which nav entry is current */
  section?: 'alerts' | 'figures' | 'feeds' | 'subscriptions' | 'users' | 'login';
  /** data-* attributes on <body> for app.js (e.g. live alerts) */
  bodyData?: Record<string, string>;
}

/** The page frame. Scripts and styles come from /public only: the CSP forbids anything inline. */
export function layout(opts: PageOptions, content: HtmlValue): SafeHtml {
  const p = opts.principal;
  const nav = (href: string, label: string, key: PageOptions['section']) =>
    html`<a href="${href}" ${opts.section === key ? html` aria-current="page"` : ''}>${label}</a>`;
  const data = Object.entries(opts.bodyData ?? {}).map(([k, v]) => html` data-${k}="${v}"`);
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
${p?.csrfToken ? html`<meta name="csrf-token" content="${p.csrfToken}" />` : ''}
<title>${opts.title} · Raqib</title>
<link rel="stylesheet" href="/public/app.css">
<script src="/public/app.js" defer></script>
</head>
<body${data}>
<header class="top">
  <a class="brand" href="/alerts">Raqib</a>
  ${
    p
      ? html`<nav>
            ${nav('/alerts', 'Alerts', 'alerts')}${nav('/figures', 'Figures', 'figures')}${nav('/feeds', 'Feeds', 'feeds')}${nav('/subscriptions', 'Delivery', 'subscriptions')}${p.role === 'ops' ? html`${nav('/users', 'Users', 'users')}<a href="/ops/queues">Queues</a>` : ''}
          </nav>
          <form class="who" method="post" action="/logout">
            <input type="hidden" name="_csrf" value="${p.csrfToken ?? ''}" /><span>${p.name} · ${p.role}</span> <button type="submit">Log out</button>
          </form>`
      : ''
  }
</header>
<main>
${content}
</main>
</body>
</html>`;
}

/** <time> with a UTC rendering that reads the same for everyone on the team. */
export function time(d: Date | null | undefined): SafeHtml {
  if (!d) return html`<span class="muted">—</span>`;
  const iso = d.toISOString();
  return html`<time datetime="${iso}">${iso.slice(0, 16).replace('T', ' ')} UTC</time>`;
}

/** Text direction for a language code: Arabic-script outlets read right to left. */
export const dirFor = (lang: string | null | undefined): 'rtl' | 'auto' | 'ltr' =>
  !lang ? 'auto' : ['ar', 'fa', 'ckb', 'ur', 'arb', 'pes', 'urd'].includes(lang) ? 'rtl' : 'ltr';

export function messagePage(principal: Principal | null, title: string, message: string): SafeHtml {
  return layout(
    { title, principal },
    html`<section class="message">
      <h1>${title}</h1>
      <p>${message}</p>
      <p><a href="/alerts">Back to alerts</a></p>
    </section>`,
  );
}
