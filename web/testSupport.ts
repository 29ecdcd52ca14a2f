/**
 * Rows for web tests, the browser test and bench-web: a feed, a figure, an item with a mention, a story and
 * an alert, written through plain SQL the way the pipeline writes them. Not used by the running app.
 */
import { request, type Agent } from 'node:http';
import type { Db } from '../db/pool.ts';
import { createUser } from '../db/sql/createUser.ts';
import type { Role } from '../db/sql/webRows.ts';
import { hashPassword } from './auth/password.ts';

export async function addUser(db: Db, name: string, role: Role, password: string): Promise<number> {
  return (await createUser(db, name, role, await hashPassword(password))).id;
}

export async function seedFeed(db: Db, id: string, name: string): Promise<void> {
  await db.query(
    `INSERT INTO feeds (id, name, kind, url, config, interval_seconds) VALUES ($1, $2, 'rss', $3, $4, 300) ON CONFLICT (id) DO NOTHING`,
    [
      id,
      name,
      `https://news.example/${id}/rss`,
      JSON.stringify({ id, name, kind: 'rss', url: `https://news.example/${id}/rss`, intervalSeconds: 300 }),
    ],
  );
}

export async function seedFigure(db: Db, id: string, name: string, aliases: string[], nameEn?: string): Promise<void> {
  await db.query(`INSERT INTO figures (id, name, spec) VALUES ($1, $2, $3) ON CONFLICT (id) DO NOTHING`, [
    id,
    name,
    JSON.stringify({ id, name, ...(nameEn ? { nameEn } : {}), aliases, surnames: [], titles: [] }),
  ]);
}

export interface SeededAlert {
  alertId: number;
  itemId: number;
  storyId: number;
}

/**
 * An item whose analyzed text (title + "\n\n" + body) names the figure by `alias`, its mention, a story, and
 * an alert of `kind` whose snippet marks the alias.
 */
export async function seedAlert(
  db: Db,
  o: {
    feedId: string;
    figureId: string;
    alias: string;
    title: string;
    body: string;
    kind?: string;
    lang?: string;
    titleEn?: string;
    bodyEn?: string;
    storyId?: number;
    url?: string;
  },
): Promise<SeededAlert> {
  const guid = `g-${Math.random().toString(36).slice(2)}`;
  const item = await db.query<{ id: number }>(
    `INSERT INTO items (feed_id, guid, url, title, body, content_hash, lang, published_at, title_en, body_en)
     VALUES ($1, $2, $3, $4, $5, md5($4 || $5), $6, now(), $7, $8) RETURNING id`,
    [o.feedId, guid, o.url ?? `https://news.example/${o.feedId}/${guid}`, o.title, o.body, o.lang ?? 'ar', o.titleEn ?? null, o.bodyEn ?? null],
  );
  const itemId = item.rows[0].id;
  const text = `${o.title}\n\n${o.body}`;
  const start = text.indexOf(o.alias);
  if (start < 0) throw new Error(`seedAlert: alias "${o.alias}" is not in the text`);
  await db.query(`INSERT INTO mentions (item_id, figure_id, start_pos, end_pos, text, alias) VALUES ($1, $2, $3, $4, $5, $5)`, [
    itemId,
    o.figureId,
    start,
    start + o.alias.length,
    o.alias,
  ]);
  const storyId =
    o.storyId ??
    (await db.query<{ id: number }>(`INSERT INTO stories (first_item_id, title) VALUES ($1, $2) RETURNING id`, [itemId, o.title])).rows[0].id;
  await db.query(`INSERT INTO story_items (item_id, story_id, feed_id) VALUES ($1, $2, $3)`, [itemId, storyId, o.feedId]);
  const snippet = o.body.slice(0, 280);
  const at = snippet.indexOf(o.alias);
  const alert = await db.query<{ id: number }>(
    `INSERT INTO alerts (dedupe_key, figure_id, kind, story_id, item_id, feed_id, lang, snippet, snippet_marks, snippet_en)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
     ON CONFLICT (dedupe_key) DO UPDATE SET updated_at = now() RETURNING id`,
    [
      `story:${storyId}:${o.figureId}`,
      o.figureId,
      o.kind ?? 'mention',
      storyId,
      itemId,
      o.feedId,
      o.lang ?? 'ar',
      snippet,
      JSON.stringify(at >= 0 ? [[at, at + o.alias.length]] : []),
      o.bodyEn ? o.bodyEn.slice(0, 280) : null,
    ],
  );
  const alertId = alert.rows[0].id;
  await db.query(`INSERT INTO alert_sources (item_id, figure_id, alert_id, feed_id) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`, [
    itemId,
    o.figureId,
    alertId,
    o.feedId,
  ]);
  return { alertId, itemId, storyId };
}

/** A live session for an account, made the way login makes one (no login form, so no throttling). */
export async function sessionFor(db: Db, userId: number, hours = 1): Promise<{ cookie: string; csrf: string; hash: string }> {
  const { newSecret, hashSecret } = await import('./auth/secrets.ts');
  const { createSession } = await import('../db/sql/createSession.ts');
  const sid = newSecret();
  const csrf = newSecret();
  await createSession(db, hashSecret(sid), userId, csrf, new Date(Date.now() + hours * 3_600_000));
  return { cookie: `raqib_session=${sid}`, csrf, hash: hashSecret(sid) };
}

/** An API token for an account; returns the token. */
export async function tokenFor(db: Db, userId: number, label = 'test'): Promise<string> {
  const { newApiToken, hashSecret } = await import('./auth/secrets.ts');
  const { createApiToken } = await import('../db/sql/createApiToken.ts');
  const token = newApiToken();
  await createApiToken(db, userId, hashSecret(token), label, null);
  return token;
}

/** The route table of web/API.md ("## Routes and roles"), as `METHOD /path` → role. */
export function apiDocRoles(markdown: string): Record<string, string> {
  const section = markdown.split(/^## Routes and roles$/m)[1]?.split(/^## /m)[0] ?? '';
  const out: Record<string, string> = {};
  for (const line of section.split('\n')) {
    const m = /^\| `([A-Z*]+ \/[^`]*)` \| (\w+) \|/.exec(line);
    if (m) out[m[1]] = m[2];
  }
  return out;
}

export interface RawReply {
  status: number;
  location: string;
  body: string;
}

/** One HTTP request with the path sent exactly as given (inject() would normalise it); a stream is cut after its headers. */
export function rawRequest(
  port: number,
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: string,
  agent?: Agent,
): Promise<RawReply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, headers, agent }, (res) => {
      const reply = { status: res.statusCode ?? 0, location: String(res.headers.location ?? ''), body: '' };
      if (String(res.headers['content-type']).includes('text/event-stream')) {
        req.destroy();
        return resolve(reply);
      }
      res.setEncoding('utf8');
      res.on('data', (c: string) => (reply.body += c));
      res.on('end', () => resolve(reply));
      res.on('error', reject);
    });
    req.on('error', reject);
    if (body !== undefined) req.setHeader('content-length', Buffer.byteLength(body));
    req.end(body);
  });
}
