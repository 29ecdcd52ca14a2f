import type { AlertDetailRow } from '../../db/sql/getAlert.ts';
import type { AlertListRow } from '../../db/sql/listAlerts.ts';
import type { StorySourceRow } from '../../db/sql/listStorySources.ts';
import { KIND_LABELS, kindLabel } from '../../lib/deliver/alertMessage.ts';
import type { Principal } from '../auth/principal.ts';
import { highlight } from './highlight.ts';
import { html, type SafeHtml } from './html.ts';
import { dirFor, layout, time } from './layout.ts';

export interface AlertFilterForm {
  figure: string;
  kind: string;
  feed: string;
  lang: string;
  since: string;
  until: string;
}

export interface Choice {
  id: string;
  name: string;
}

const LANGS: Choice[] = [
  { id: 'ar', name: 'Arabic' },
  { id: 'fa', name: 'Persian' },
  { id: 'ckb', name: 'Kurdish (Sorani)' },
  { id: 'ur', name: 'Urdu' },
  { id: 'en', name: 'English' },
];

function select(name: string, label: string, current: string, choices: Choice[]): SafeHtml {
  return html`<label
    >${label}
    <select name="${name}">
      <option value="">All</option>
      ${choices.map((c) => html`<option value="${c.id}" ${c.id === current ? html` selected` : ''}>${c.name}</option>`)}
    </select></label
  >`;
}

function kindBadge(kind: string, priority: string): SafeHtml {
  return html`<span class="kind kind-${kind}">${kindLabel(kind)}</span>${priority === 'high' ? html` <span class="prio">high</span>` : ''}`;
}

/** One table row; also served alone to the live updater (/alerts/:id/row). */
export function alertRow(a: AlertListRow): SafeHtml {
  return html`<tr data-id="${a.id}" class="alert-row">
    <td class="when">${time(a.created_at)}</td>
    <td>${kindBadge(a.kind, a.priority)}</td>
    <td><a href="/figures/${a.figure_id}">${a.figure_name_en ?? a.figure_name ?? a.figure_id}</a></td>
    <td>${a.feed_name ?? a.feed_id ?? html`<span class="muted">—</span>`}</td>
    <td>${a.lang ?? ''}</td>
    <td class="snippet">
      <div dir="${dirFor(a.lang)}" lang="${a.lang ?? ''}">${highlight(a.snippet, a.snippet_marks)}</div>
      ${a.snippet_en ? html`<div class="en" lang="en">${a.snippet_en}</div>` : ''}
    </td>
    <td><a class="open" href="/alerts/${a.id}">Open</a></td>
  </tr>`;
}

export function alertsPage(opts: {
  principal: Principal;
  rows: AlertListRow[];
  filters: AlertFilterForm;
  filterQuery: string;
  figures: Choice[];
  feeds: Choice[];
  nextQuery: string | null;
  firstPage: boolean;
}): SafeHtml {
  const f = opts.filters;
  const kinds = Object.entries(KIND_LABELS).map(([id, name]) => ({ id, name }));
  return layout(
    { title: 'Alerts', principal: opts.principal, section: 'alerts', bodyData: opts.firstPage ? { live: '1', filters: opts.filterQuery } : {} },
    html`<h1>Alerts ${opts.firstPage ? html`<span id="live-status" class="live" aria-live="polite">connecting…</span>` : ''}</h1>
      <form class="filters" method="get" action="/alerts">
        ${select('figure', 'Figure', f.figure, opts.figures)} ${select('kind', 'Kind', f.kind, kinds)} ${select('feed', 'Outlet', f.feed, opts.feeds)}
        ${select('lang', 'Language', f.lang, LANGS)}
        <label>From <input type="date" name="since" value="${f.since}" /></label>
        <label>To <input type="date" name="until" value="${f.until}" /></label>
        <button type="submit">Filter</button> <a href="/alerts">Clear</a>
      </form>
      <table class="alerts">
        <thead>
          <tr>
            <th>Time</th>
            <th>Kind</th>
            <th>Figure</th>
            <th>Outlet</th>
            <th>Lang</th>
            <th>Text</th>
            <th></th>
          </tr>
        </thead>
        <tbody id="alert-rows">
          ${opts.rows.map(alertRow)}
        </tbody>
      </table>
      ${opts.rows.length === 0 ? html`<p class="empty">No alerts match.</p>` : ''}
      <nav class="pager">
        ${opts.firstPage ? '' : html`<a href="/alerts?${opts.filterQuery}">Newest</a>`}
        ${opts.nextQuery ? html`<a rel="next" href="/alerts?${opts.nextQuery}">Older →</a>` : ''}
      </nav>`,
  );
}

/** The analyzed text is title + "\n\n" + body; mention offsets are split back onto the two parts. */
function originalText(a: AlertDetailRow): SafeHtml {
  const lang = a.item_lang ?? a.lang ?? 'ar';
  const dir = dirFor(lang) === 'ltr' ? 'ltr' : 'rtl';
  if (a.item_body === null) {
    return html`<div class="original" dir="${dir}" lang="${lang}">
      <p>${highlight(a.snippet, a.snippet_marks)}</p>
      <p class="muted" dir="ltr" lang="en">(full text pruned; snippet shown)</p>
    </div>`;
  }
  const title = a.item_title ?? '';
  const bodyAt = title.length + 2;
  const titleMarks = a.mention_ranges.filter(([s]) => s < title.length);
  const bodyMarks = a.mention_ranges.filter(([, e]) => e > bodyAt).map(([s, e]) => [s - bodyAt, e - bodyAt] as [number, number]);
  return html`<div class="original" dir="${dir}" lang="${lang}">
    <h2>${highlight(title, titleMarks)}</h2>
    <div class="body">${highlight(a.item_body, bodyMarks)}</div>
  </div>`;
}

function translation(a: AlertDetailRow): SafeHtml {
  if (a.item_title_en || a.item_body_en)
    return html`<div class="translation" lang="en" dir="ltr">
      <h2>${a.item_title_en ?? ''}</h2>
      <div class="body">${a.item_body_en ?? ''}</div>
    </div>`;
  if (a.snippet_en) return html`<div class="translation" lang="en" dir="ltr"><div class="body">${a.snippet_en}</div></div>`;
  return html`<div class="translation muted" lang="en">No English translation yet.</div>`;
}

export function alertDetailPage(principal: Principal, a: AlertDetailRow, sources: StorySourceRow[]): SafeHtml {
  return layout(
    { title: `${kindLabel(a.kind)}: ${a.figure_name_en ?? a.figure_name ?? a.figure_id}`, principal, section: 'alerts' },
    html`<article class="alert-detail" data-id="${a.id}">
      <h1>${kindBadge(a.kind, a.priority)} <a href="/figures/${a.figure_id}">${a.figure_name_en ?? a.figure_name ?? a.figure_id}</a></h1>
      <dl class="facts">
        <dt>Outlet</dt>
        <dd>${a.feed_name ?? a.feed_id ?? '—'}</dd>
        <dt>Time</dt>
        <dd>
          ${time(a.item_published_at ?? a.created_at)}${a.item_published_at ? html` <span class="muted">(alert ${time(a.created_at)})</span>` : ''}
        </dd>
        <dt>Language</dt>
        <dd>${a.item_lang ?? a.lang ?? '—'}</dd>
        <dt>Link</dt>
        <dd>
          ${a.item_url && /^https?:\/\//i.test(a.item_url) ? html`<a href="${a.item_url}" rel="noopener noreferrer nofollow" target="_blank">${a.item_url}</a>` : (a.item_url ?? '—')}
        </dd>
        ${
          a.place_id
            ? html`<dt>Place</dt>
                <dd>${a.place_id}</dd>`
            : ''
        }
      </dl>
      <div class="side-by-side">${originalText(a)} ${translation(a)}</div>
      <section class="sources">
        <h2>Other sources of this story</h2>
        ${
          sources.length === 0
            ? html`<p class="muted">No other outlet carried it yet.</p>`
            : html`<ul>
                ${sources.map(
                  (s) =>
                    html`<li>
                      <strong>${s.feed_name ?? s.feed_id}</strong> · ${time(s.published_at ?? s.fetched_at)} ·
                      <span dir="auto">${s.title}</span
                      >${s.url && /^https?:\/\//i.test(s.url) ? html` · <a href="${s.url}" rel="noopener noreferrer nofollow" target="_blank">link</a>` : ''}
                    </li>`,
                )}
              </ul>`
        }
      </section>
    </article>`,
  );
}
