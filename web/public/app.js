// Raqib web app: live alerts over Server-Sent Events and the alias preview. No inline script anywhere
// (the Content-Security-Policy forbids it); rows come from the server already escaped.
'use strict';

const csrf = () => document.querySelector('meta[name="csrf-token"]')?.content ?? '';

function liveAlerts() {
  const body = document.body;
  const rows = document.getElementById('alert-rows');
  const status = document.getElementById('live-status');
  if (body.dataset.live !== '1' || !rows) return;
  const filters = body.dataset.filters ?? '';
  const setStatus = (text, cls) => {
    if (!status) return;
    status.textContent = text;
    status.className = `live ${cls}`;
  };
  const source = new EventSource(`/api/stream?${filters}`);
  source.onopen = () => setStatus('live', 'on');
  source.onerror = () => setStatus('reconnecting…', 'off');
  // the server ends the stream when the session does (logout, expiry, disabled account): stop, say why
  source.addEventListener('end', (ev) => {
    source.close();
    let reason = 'session ended';
    try {
      reason = JSON.parse(ev.data).reason ?? reason;
    } catch {}
    setStatus(`stopped: ${reason}; log in again`, 'off');
  });
  source.addEventListener('alert', async (ev) => {
    const notice = JSON.parse(ev.data);
    const res = await fetch(`/alerts/${encodeURIComponent(notice.id)}/row?${filters}`, { credentials: 'same-origin' });
    if (res.status !== 200) return;
    const tpl = document.createElement('template');
    tpl.innerHTML = (await res.text()).trim();
    const row = tpl.content.firstElementChild;
    if (!row) return;
    row.classList.add('new');
    const old = rows.querySelector(`tr[data-id="${CSS.escape(String(notice.id))}"]`);
    if (old) old.replaceWith(row);
    else rows.prepend(row);
    document.querySelector('.empty')?.remove();
  });
}

function aliasPreview() {
  const form = document.getElementById('figure-form');
  const text = document.getElementById('preview-text');
  const out = document.getElementById('preview-out');
  const count = document.getElementById('preview-count');
  if (!form || !text || !out) return;
  let timer = null;
  let seq = 0;
  const run = async () => {
    const mine = ++seq;
    const data = Object.fromEntries(new FormData(form).entries());
    data.text = text.value;
    const res = await fetch(form.dataset.preview, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json', 'x-csrf-token': csrf() },
      body: JSON.stringify(data),
    });
    if (mine !== seq) return;
    const json = await res.json();
    if (!res.ok) {
      out.textContent = '';
      count.textContent = json.error ?? `preview failed (${res.status})`;
      return;
    }
    out.innerHTML = json.html;
    count.textContent = `${json.count} match${json.count === 1 ? '' : 'es'}`;
  };
  const schedule = () => {
    clearTimeout(timer);
    timer = setTimeout(run, 250);
  };
  text.addEventListener('input', schedule);
  form.addEventListener('input', schedule);
}

document.addEventListener('DOMContentLoaded', () => {
  liveAlerts();
  aliasPreview();
});
