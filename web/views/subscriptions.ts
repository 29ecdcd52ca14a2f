import type { DeliveryLogRow } from '../../db/sql/listDeliveries.ts';
import type { SubscriptionRow } from '../../db/sql/webRows.ts';
import { KIND_LABELS, kindLabel } from '../../lib/deliver/alertMessage.ts';
import type { Principal } from '../auth/principal.ts';
import type { Choice } from './alerts.ts';
import { html, type SafeHtml } from './html.ts';
import { layout, time } from './layout.ts';

export function subscriptionsPage(p: Principal, subs: SubscriptionRow[], log: DeliveryLogRow[], figures: Choice[], error: string | null): SafeHtml {
  const csrf = html`<input type="hidden" name="_csrf" value="${p.csrfToken ?? ''}" />`;
  return layout(
    { title: 'Delivery', principal: p, section: 'subscriptions' },
    html`<h1>Delivery to your channels</h1>
      ${error ? html`<p class="error" role="alert">${error}</p>` : ''}
      <table class="subs">
        <thead>
          <tr>
            <th>Channel</th>
            <th>Target</th>
            <th>Figures</th>
            <th>Kinds</th>
            <th></th>
          </tr>
        </thead>
        <tbody>
          ${subs.map(
            (s) =>
              html`<tr>
                <td>${s.channel}</td>
                <td class="url">${s.target}</td>
                <td>${s.figure_ids.length ? s.figure_ids.join(', ') : 'all'}</td>
                <td>${s.kinds.length ? s.kinds.map(kindLabel).join(', ') : 'all'}</td>
                <td>
                  <form method="post" action="/subscriptions/${s.id}/delete">${csrf}<button type="submit">Remove</button></form>
                </td>
              </tr>`,
          )}
        </tbody>
      </table>
      <h2>Add a subscription</h2>
      <form method="post" action="/subscriptions" class="sub-new">
        ${csrf}
        <label
          >Channel
          <select name="channel">
            <option value="webhook">Webhook (JSON, HMAC-signed)</option>
            <option value="slack">Slack incoming webhook</option>
            <option value="email">Email</option>
          </select></label
        >
        <label>URL or email address <input name="target" required /></label>
        <label>Webhook secret <input name="secret" autocomplete="off" /></label>
        <fieldset>
          <legend>Figures (none ticked: all)</legend>
          ${figures.map((f) => html`<label><input type="checkbox" name="figures" value="${f.id}" /> ${f.name}</label>`)}
        </fieldset>
        <fieldset>
          <legend>Kinds (none ticked: all)</legend>
          ${Object.entries(KIND_LABELS).map(([k, v]) => html`<label><input type="checkbox" name="kinds" value="${k}" /> ${v}</label>`)}
        </fieldset>
        <button type="submit">Subscribe</button>
      </form>
      <h2>Delivery log</h2>
      <table class="deliveries">
        <thead>
          <tr>
            <th>Alert</th>
            <th>Channel</th>
            <th>Status</th>
            <th>Attempts</th>
            <th>Response</th>
            <th>Last error</th>
            <th>Delivered</th>
          </tr>
        </thead>
        <tbody>
          ${log.map(
            (d) =>
              html`<tr>
                <td><a href="/alerts/${d.alert_id}">${kindLabel(d.kind)} · ${d.figure_id}</a></td>
                <td>${d.channel}</td>
                <td class="status-${d.status}">${d.status}</td>
                <td>${d.attempts}</td>
                <td>${d.response_code ?? ''}</td>
                <td class="error-text">${d.last_error ?? ''}</td>
                <td>${time(d.delivered_at)}</td>
              </tr>`,
          )}
        </tbody>
      </table>`,
  );
}
