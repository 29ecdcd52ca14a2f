import type { AlertListRow } from '../../db/sql/listAlerts.ts';
import type { FigureOverviewRow } from '../../db/sql/listFiguresWithState.ts';
import type { Principal } from '../auth/principal.ts';
import { alertRow } from './alerts.ts';
import { barChart } from './chart.ts';
import { html, type SafeHtml } from './html.ts';
import { layout, time } from './layout.ts';

export type Series = Array<{ day: string; count: number }>;

function silence(f: FigureOverviewRow): SafeHtml {
  if (f.days_silent === null) return html`<span class="muted">never mentioned</span>`;
  const limit = typeof f.spec.silenceDays === 'number' ? f.spec.silenceDays : null;
  return html`<span class="${limit !== null && f.days_silent >= limit ? 'silent' : ''}">${f.days_silent} d</span>`;
}

function lastSeen(f: FigureOverviewRow): SafeHtml {
  if (!f.last_seen_at) return html`<span class="muted">—</span>`;
  return html`${f.last_seen_place ?? 'unknown place'}, ${time(f.last_seen_at)}`;
}

export function figuresPage(principal: Principal, figures: FigureOverviewRow[], series: Map<string, Series>): SafeHtml {
  return layout(
    { title: 'Figures', principal, section: 'figures' },
    html`<h1>Figures</h1>
      ${principal.role === 'ops' ? html`<p><a href="/figures/new">Add a figure</a></p>` : ''}
      <table class="figures">
        <thead>
          <tr>
            <th>Figure</th>
            <th>Mentions per day (30 d)</th>
            <th>Alerts (30 d)</th>
            <th>Last seen</th>
            <th>Days silent</th>
          </tr>
        </thead>
        <tbody>
          ${figures.map(
            (f) =>
              html`<tr>
                <td>
                  <a href="/figures/${f.id}">${f.name}</a>${typeof f.spec.nameEn === 'string' ? html`<div class="muted">${f.spec.nameEn}</div>` : ''}
                </td>
                <td>${barChart(series.get(f.id) ?? [], 150, 28, `mentions of ${f.name} per day`)}</td>
                <td>${f.alerts_30d}</td>
                <td>${lastSeen(f)}</td>
                <td>${silence(f)}</td>
              </tr>`,
          )}
        </tbody>
      </table>`,
  );
}

export interface FigureForm {
  id: string;
  name: string;
  nameEn: string;
  aliases: string;
  silenceDays: string;
}

export function figureFormOf(f: FigureOverviewRow | null): FigureForm {
  const spec = f?.spec ?? {};
  const list = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
  return {
    id: f?.id ?? '',
    name: f?.name ?? '',
    nameEn: typeof spec.nameEn === 'string' ? spec.nameEn : '',
    aliases: list(spec.aliases).join('\n'),
    silenceDays: typeof spec.silenceDays === 'number' ? String(spec.silenceDays) : '',
  };
}

export function figureEditor(principal: Principal, form: FigureForm, isNew: boolean, error: string | null): SafeHtml {
  return html`<section class="figure-edit">
    <h2>${isNew ? 'Add a figure' : 'Edit aliases'}</h2>
    ${error ? html`<p class="error" role="alert">${error}</p>` : ''}
    <form method="post" action="${isNew ? '/figures' : `/figures/${form.id}`}" id="figure-form" data-preview="/figures/preview">
      <input type="hidden" name="_csrf" value="${principal.csrfToken ?? ''}" />
      ${isNew ? html`<label>Id <input name="id" value="${form.id}" required pattern="[a-z0-9][a-z0-9_-]*" /></label>` : html`<input type="hidden" name="id" value="${form.id}" />`}
      <label>Name <input name="name" value="${form.name}" required dir="auto" /></label>
      <label>English name <input name="nameEn" value="${form.nameEn}" /></label>
      <label>Aliases, one per line <textarea name="aliases" rows="6" dir="rtl" lang="ar" required>${form.aliases}</textarea></label>
      <label>Silence alert after (days) <input name="silenceDays" type="number" min="1" value="${form.silenceDays}" /></label>
      <button type="submit">Save</button>
    </form>
    <h3>Live preview</h3>
    <label>Paste a text to see what these aliases match <textarea id="preview-text" rows="5" dir="rtl" lang="ar"></textarea></label>
    <div id="preview-out" class="original" dir="rtl" lang="ar" aria-live="polite"></div>
    <p id="preview-count" class="muted"></p>
  </section>`;
}

export function figurePage(opts: {
  principal: Principal;
  figure: FigureOverviewRow;
  series: Series;
  alerts: AlertListRow[];
  form: FigureForm;
  error: string | null;
}): SafeHtml {
  const f = opts.figure;
  const aliases = Array.isArray(f.spec.aliases) ? (f.spec.aliases as unknown[]).map(String) : [];
  return layout(
    { title: f.name, principal: opts.principal, section: 'figures' },
    html`<h1 dir="auto">${f.name}${typeof f.spec.nameEn === 'string' ? html` <small>${f.spec.nameEn}</small>` : ''}</h1>
      <dl class="facts">
        <dt>Last seen</dt>
        <dd>${lastSeen(f)}</dd>
        <dt>Last mentioned</dt>
        <dd>${time(f.last_mention_at)}</dd>
        <dt>Days silent</dt>
        <dd>${silence(f)}</dd>
        <dt>Aliases</dt>
        <dd dir="rtl" lang="ar">${aliases.join('، ')}</dd>
      </dl>
      <h2>Mentions per day, last 30 days</h2>
      ${barChart(opts.series, 600, 80, `mentions of ${f.name} per day`)}
      <h2>Recent alerts</h2>
      <table class="alerts">
        <tbody>
          ${opts.alerts.map(alertRow)}
        </tbody>
      </table>
      ${opts.alerts.length === 0 ? html`<p class="empty">No alerts yet.</p>` : html`<p><a href="/alerts?figure=${f.id}">All alerts for this figure</a></p>`}
      ${opts.principal.role === 'ops' ? figureEditor(opts.principal, opts.form, false, opts.error) : ''}`,
  );
}

export function newFigurePage(principal: Principal, form: FigureForm, error: string | null): SafeHtml {
  return layout({ title: 'Add a figure', principal, section: 'figures' }, figureEditor(principal, form, true, error));
}
