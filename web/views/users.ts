import type { ApiTokenListRow } from '../../db/sql/listApiTokens.ts';
import type { SessionListRow } from '../../db/sql/listSessions.ts';
import type { UserListRow } from '../../db/sql/listUsers.ts';
import { LOCKED_FOREVER } from '../../db/sql/lockLoginThrottle.ts';
import { ROLES } from '../../db/sql/webRows.ts';
import type { Principal } from '../auth/principal.ts';
import { html, type SafeHtml } from './html.ts';
import { layout, time } from './layout.ts';

const csrfField = (p: Principal) => html`<input type="hidden" name="_csrf" value="${p.csrfToken ?? ''}" />`;
const path = (name: string, action = '') => `/users/${encodeURIComponent(name)}${action}`;

/** One button that posts to an account action. */
const action = (p: Principal, name: string, act: string, label: string) =>
  html`<form class="inline" method="post" action="${path(name, `/${act}`)}">${csrfField(p)}<button type="submit">${label}</button></form>`;

function status(u: UserListRow): SafeHtml {
  if (u.disabled) return html`<span class="bad">disabled</span>`;
  if (u.locked_until)
    return html`<span class="bad">locked</span>
      <span class="muted">${u.locked_until >= LOCKED_FOREVER ? 'until unlocked' : html`until ${time(u.locked_until)}`}</span>`;
  return html`<span class="ok">active</span>${u.failed_logins ? html` <span class="muted">(${u.failed_logins} failed logins)</span>` : ''}`;
}

export function usersPage(p: Principal, users: UserListRow[], notice: string | null): SafeHtml {
  return layout(
    { title: 'Users', principal: p, section: 'users' },
    html`<h1>Users</h1>
      ${notice ? html`<p class="notice" role="status">${notice}</p>` : ''}
      <div class="scroll">
        <table class="users">
          <thead>
            <tr>
              <th>Name</th>
              <th>Role</th>
              <th>Status</th>
              <th>Sessions</th>
              <th>Tokens</th>
              <th></th>
            </tr>
          </thead>
          <tbody>
            ${users.map(
              (u) =>
                html`<tr>
                  <td><a href="${path(u.name)}">${u.name}</a></td>
                  <td>${u.role}</td>
                  <td>${status(u)}</td>
                  <td>${u.sessions}</td>
                  <td>${u.tokens}</td>
                  <td class="actions">
                    ${u.disabled ? action(p, u.name, 'enable', 'Enable') : u.name === p.name ? '' : action(p, u.name, 'disable', 'Disable')}
                    ${u.sessions ? action(p, u.name, 'revoke-sessions', 'End sessions') : ''}
                    ${u.locked_until || u.failed_logins ? action(p, u.name, 'unlock', 'Unlock') : ''}
                  </td>
                </tr>`,
            )}
          </tbody>
        </table>
      </div>
      <h2>Add an account</h2>
      <form method="post" action="/users" class="user-new">
        ${csrfField(p)}
        <label>Name <input name="name" required maxlength="64" autocomplete="off" /></label>
        <label
          >Role
          <select name="role">
            ${ROLES.map((r) => html`<option value="${r}">${r}</option>`)}
          </select></label
        >
        <button type="submit">Add and show its password</button>
      </form>`,
  );
}

export function userPage(p: Principal, u: UserListRow, sessions: SessionListRow[], tokens: ApiTokenListRow[], notice: string | null): SafeHtml {
  return layout(
    { title: u.name, principal: p, section: 'users' },
    html`<h1>${u.name} <small>${u.role} · ${status(u)}</small></h1>
      ${notice ? html`<p class="notice" role="status">${notice}</p>` : ''}
      <p class="actions">
        ${u.disabled ? action(p, u.name, 'enable', 'Enable') : u.name === p.name ? '' : action(p, u.name, 'disable', 'Disable')}
        ${action(p, u.name, 'passwd', 'Set a new password')} ${u.locked_until || u.failed_logins ? action(p, u.name, 'unlock', 'Unlock') : ''}
      </p>
      <h2>Sessions ${sessions.length ? action(p, u.name, 'revoke-sessions', 'End all') : ''}</h2>
      ${
        sessions.length === 0
          ? html`<p class="empty">No live sessions.</p>`
          : html`<div class="scroll">
              <table>
                <thead>
                  <tr>
                    <th>Session</th>
                    <th>Started</th>
                    <th>Expires</th>
                    <th>From</th>
                  </tr>
                </thead>
                <tbody>
                  ${sessions.map(
                    (s) =>
                      html`<tr>
                        <td><code>${s.id}</code></td>
                        <td>${time(s.created_at)}</td>
                        <td>${time(s.expires_at)}</td>
                        <td>${s.address ?? ''} <span class="muted">${s.user_agent ?? ''}</span></td>
                      </tr>`,
                  )}
                </tbody>
              </table>
            </div>`
      }
      <h2>API tokens</h2>
      ${
        tokens.length === 0
          ? html`<p class="empty">No API tokens.</p>`
          : html`<div class="scroll">
              <table>
                <thead>
                  <tr>
                    <th>Id</th>
                    <th>Label</th>
                    <th>Created</th>
                    <th>Expires</th>
                    <th>Last used</th>
                    <th></th>
                  </tr>
                </thead>
                <tbody>
                  ${tokens.map(
                    (t) =>
                      html`<tr>
                        <td>${t.id}</td>
                        <td>${t.label}</td>
                        <td>${time(t.created_at)}</td>
                        <td>${t.expires_at ? time(t.expires_at) : html`<span class="muted">never</span>`}</td>
                        <td>${time(t.last_used_at)}</td>
                        <td>
                          ${
                            t.revoked_at
                              ? html`<span class="muted">revoked ${time(t.revoked_at)}</span>`
                              : action(p, u.name, `tokens/${t.id}/revoke`, 'Revoke')
                          }
                        </td>
                      </tr>`,
                  )}
                </tbody>
              </table>
            </div>`
      }
      <form method="post" action="${path(u.name, '/tokens')}" class="user-new">
        ${csrfField(p)}
        <label>Label <input name="label" maxlength="100" /></label>
        <label>Expires after (days, empty: never) <input name="days" inputmode="numeric" pattern="[0-9]*" /></label>
        <button type="submit">Create a token</button>
      </form>
      <p><a href="/users">All users</a></p>`,
  );
}

/** A password or token shown once: it is not stored anywhere it could be shown again. */
export function secretOncePage(p: Principal, title: string, what: string, secret: string, back: string): SafeHtml {
  return layout(
    { title, principal: p, section: 'users' },
    html`<section class="message">
      <h1>${title}</h1>
      <p>${what} It is shown only this once: copy it now.</p>
      <p><code class="secret">${secret}</code></p>
      <p><a href="${back}">Back</a></p>
    </section>`,
  );
}
