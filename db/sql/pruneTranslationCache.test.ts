import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { settings } from '../../config/settings.ts';
import { runRetention } from '../../lib/retention.ts';
import { freshDatabase, type TestDb } from '../../test/helpers/db.ts';
import { addUser, seedAlert, seedFeed, seedFigure } from '../../web/testSupport.ts';
import { createSubscription } from './createSubscription.ts';
import { selectCachedTranslations } from './selectCachedTranslations.ts';

let db: TestDb;
// one retention rule, as `raqib prune --only <rule>` runs it
const prune = async (rule: string, days: number, batch?: number) =>
  (await runRetention(db.pool, settings(), { only: [rule], days: { [rule]: days }, batch }))[0];
const lastUsed = async (hash: string) =>
  (
    await db.pool.query<{ days: number }>(
      `SELECT (extract(epoch FROM now() - last_used_at) / 86400)::float8 AS days FROM translations WHERE content_hash = $1`,
      [hash],
    )
  ).rows[0]?.days;

beforeAll(async () => {
  db = await freshDatabase();
  // 'old' unused for 100 days, 'hot' used 12 hours ago, 'stale' used 100 days ago but hit again below
  await db.pool.query(`INSERT INTO translations (content_hash, model, source_text, translation, last_used_at) VALUES
    ('old', 'm', 's', 't', now() - interval '100 days'),
    ('hot', 'm', 's', 't', now() - interval '12 hours'),
    ('stale', 'm', 's', 't', now() - interval '100 days'),
    ('other-model', 'n', 's', 't', now() - interval '100 days')`);
});
afterAll(async () => {
  await db?.drop();
});

describe('translation cache retention', () => {
  it('a cache hit refreshes last use, at most once a day per row', async () => {
    expect(await selectCachedTranslations(db.pool, 'm', ['hot', 'stale', 'missing'])).toEqual(
      new Map([
        ['hot', 't'],
        ['stale', 't'],
      ]),
    );
    expect(await lastUsed('stale')).toBeLessThan(0.01);
    // used within the day: not written again
    expect(await lastUsed('hot')).toBeGreaterThan(0.4);
  });

  it('prunes rows unused for the retention, in bounded statements; 0 days keeps all', async () => {
    expect((await prune('translation_cache', 0)).pruned).toBe(0);
    const r = await prune('translation_cache', 30, 1);
    expect(r.pruned).toBe(2);
    expect(r.batches).toEqual([1, 1, 0]);
    const left = await db.pool.query(`SELECT content_hash FROM translations ORDER BY 1`);
    expect(left.rows.map((x) => x.content_hash)).toEqual(['hot', 'stale']);
  });
});

describe('delivery retention', () => {
  it('prunes finished deliveries older than the retention, never pending ones, and keeps the alerts', async () => {
    await seedFeed(db.pool, 'f', 'F');
    await seedFigure(db.pool, 'q', 'قيس', ['قيس']);
    const userId = await addUser(db.pool, 'u', 'analyst', 'u-password-123');
    const sub = await createSubscription(db.pool, {
      userId,
      channel: 'webhook',
      target: 'https://hooks.example/x',
      figureIds: [],
      kinds: [],
      secret: null,
      smtpUrl: null,
    });
    const alerts = [];
    for (let i = 0; i < 4; i++)
      alerts.push((await seedAlert(db.pool, { feedId: 'f', figureId: 'q', alias: 'قيس', title: `t${i}`, body: `قال قيس ${i}` })).alertId);
    await db.pool.query(
      `INSERT INTO deliveries (alert_id, subscription_id, kind, status, updated_at) VALUES
        ($1, $5, 'mention', 'delivered', now() - interval '40 days'),
        ($2, $5, 'mention', 'failed', now() - interval '40 days'),
        ($3, $5, 'mention', 'pending', now() - interval '40 days'),
        ($4, $5, 'mention', 'delivered', now() - interval '2 days')`,
      [...alerts, sub.id],
    );
    expect((await prune('deliveries', 0)).pruned).toBe(0);
    expect((await prune('deliveries', 30)).pruned).toBe(2);
    const left = await db.pool.query(`SELECT alert_id, status FROM deliveries ORDER BY alert_id`);
    expect(left.rows).toEqual([
      { alert_id: alerts[2], status: 'pending' },
      { alert_id: alerts[3], status: 'delivered' },
    ]);
    expect((await db.pool.query(`SELECT count(*)::int AS n FROM alerts`)).rows[0].n).toBe(4);
  });
});
