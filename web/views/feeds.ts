import type { FeedHealthRow } from '../../db/sql/listFeedsWithHealth.ts';
import { explainCadence } from '../../lib/feeds/cadence.ts';
import type { Principal } from '../auth/principal.ts';
import { html, type SafeHtml } from './html.ts';
import { layout, time } from './layout.ts';

export interface TestedItem {
  title: string;
  link: string | null;
  published: Date | null;
  text: string;
}

export interface NewFeedForm {
  id: string;
  name: string;
  kind: string;
  url: string;
  channel: string;
  intervalSeconds: string;
}

export const emptyFeedForm: NewFeedForm = { id: '', name: '', kind: 'rss', url: '', channel: '', intervalSeconds: '300' };

function healthCell(f: FeedHealthRow): SafeHtml {
  if (!f.enabled) return html`<span class="muted">disabled</span>`;
  return f.healthy && f.consecutive_failures === 0 ? html`<span class="ok">ok</span>` : html`<span class="bad">failing</span>`;
}

/** The interval the feed is polled at now, and why, when that is not simply the set interval. */
function cadenceNote(f: FeedHealthRow): SafeHtml | '' {
  const now = f.effective_interval_seconds ?? f.interval_seconds;
  if (now === f.interval_seconds && !f.pinned) return '';
  return html`<div class="muted cadence" data-reason="${f.cadence_reason ?? (f.pinned ? 'pinned' : 'set')}">
    ${now === f.interval_seconds ? '' : html`now every ${now} s: `}${explainCadence(f)}
  </div>`;
}

function feedRow(p: Principal, f: FeedHealthRow): SafeHtml {
  const ops = p.role === 'ops';
  return html`<tr data-feed="${f.id}">
    <td>
      <strong>${f.name}</strong>
      <div class="muted">${f.id} · ${f.kind}</div>
      <div class="url">${f.url}</div>
    </td>
    <td>${healthCell(f)}</td>
    <td>${time(f.last_success_at)}</td>
    <td>
      ${
        f.last_error
          ? html`<div class="error-text">${f.last_error_kind ? html`<b>${f.last_error_kind}</b> ` : ''}${f.last_error}</div>
              ${time(f.last_error_at)}`
          : html`<span class="muted">—</span>`
      }
    </td>
    <td>${f.consecutive_failures}</td>
    <td>${f.items_per_day.toFixed(1)}</td>
    <td>${f.median_fetch_ms === null ? '—' : `${Math.round(f.median_fetch_ms)} ms`}</td>
    <td>
      ${
        ops
          ? html`<form method="post" action="/feeds/${f.id}" class="feed-settings">
              <input type="hidden" name="_csrf" value="${p.csrfToken ?? ''}" />
              <label><input type="checkbox" name="enabled" value="1" ${f.enabled ? html` checked` : ''} /> enabled</label>
              <label
                >every <input type="number" name="intervalSeconds" min="10" max="604800" value="${f.interval_seconds}" class="interval" /> s</label
              >
              <button type="submit">Save</button>
            </form>`
          : html`${f.enabled ? 'enabled' : 'disabled'}, every ${f.interval_seconds} s`
      }${cadenceNote(f)}
    </td>
  </tr>`;
}

export function feedsPage(p: Principal, feeds: FeedHealthRow[], notice: string | null): SafeHtml {
  return layout(
    { title: 'Feeds', principal: p, section: 'feeds' },
    html`<h1>Feeds</h1>
      ${notice ? html`<p class="notice" role="status">${notice}</p>` : ''}
      ${p.role === 'ops' ? html`<p><a href="/feeds/new">Add a feed</a> · <a href="/ops/queues">Queues</a></p>` : ''}
      <table class="feeds">
        <thead>
          <tr>
            <th>Feed</th>
            <th>Health</th>
            <th>Last success</th>
            <th>Last error</th>
            <th>Failures in a row</th>
            <th>Items/day (7 d)</th>
            <th>Median fetch</th>
            <th>Schedule</th>
          </tr>
        </thead>
        <tbody>
          ${feeds.map((f) => feedRow(p, f))}
        </tbody>
      </table>`,
  );
}

export function newFeedPage(
  p: Principal,
  form: NewFeedForm,
  opts: { error: string | null; tested: TestedItem[] | null; configJson: string | null },
): SafeHtml {
  const kinds = ['rss', 'html', 'telegram'];
  return layout(
    { title: 'Add a feed', principal: p, section: 'feeds' },
    html`<h1>Add a feed</h1>
      ${opts.error ? html`<p class="error" role="alert">${opts.error}</p>` : ''}
      <form method="post" action="/feeds/test" class="feed-new">
        <input type="hidden" name="_csrf" value="${p.csrfToken ?? ''}" />
        <label>Id <input name="id" value="${form.id}" required pattern="[a-z0-9][a-z0-9_-]*" /></label>
        <label>Name <input name="name" value="${form.name}" required dir="auto" /></label>
        <label
          >Kind
          <select name="kind">
            ${kinds.map((k) => html`<option${k === form.kind ? html` selected` : ''}>${k}</option>`)}
          </select></label
        >
        <label>URL <input name="url" value="${form.url}" type="url" /></label>
        <label>Telegram channel <input name="channel" value="${form.channel}" /></label>
        <label>Interval (s) <input name="intervalSeconds" type="number" min="10" value="${form.intervalSeconds}" /></label>
        <p class="muted">HTML feeds need selectors: add them with <code>raqib feeds add</code>.</p>
        <button type="submit">Test fetch</button>
      </form>
      ${
        opts.tested
          ? html`<section class="tested">
              <h2>${opts.tested.length} items found</h2>
              <ol>
                ${opts.tested.slice(0, 30).map(
                  (i) =>
                    html`<li>
                      <div dir="auto"><strong>${i.title}</strong></div>
                      <div class="muted">${i.link ?? ''} ${i.published ? html`· ${time(i.published)}` : ''}</div>
                      <div dir="auto" class="excerpt">${i.text.slice(0, 300)}</div>
                    </li>`,
                )}
              </ol>
              <form method="post" action="/feeds">
                <input type="hidden" name="_csrf" value="${p.csrfToken ?? ''}" />
                <input type="hidden" name="config" value="${opts.configJson ?? ''}" />
                <button type="submit">Save this feed</button>
              </form>
            </section>`
          : ''
      }`,
  );
}
