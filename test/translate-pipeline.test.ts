import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FeedConfig } from '../config/feedsSchema.ts';
import { insertFeed } from '../db/sql/insertFeed.ts';
import { makeTinyMarian } from '../scripts/make-tiny-marian.ts';
import { freshDatabase, type TestDb } from './helpers/db.ts';
import { startLocalServer, type LocalServer } from './helpers/httpServer.ts';
import { startTestPipeline, waitFor, type TestPipeline } from './helpers/pipeline.ts';

// The alert is written first with the Arabic, then the translate stage (on the generated MarianMT-shaped
// model standing in for Xenova/opus-mt-ar-en) gives it its English, with the figure's canonical name.
const TEXT = 'نفى مكتب قيس الخزعلي أنباء مقتله. وأكد أنه بصحة جيدة.';
let db: TestDb;
let server: LocalServer;
let p: TestPipeline;
let models: string;

beforeAll(async () => {
  db = await freshDatabase();
  models = await mkdtemp(join(tmpdir(), 'raqib-models-'));
  await makeTinyMarian(join(models, 'Xenova', 'opus-mt-ar-en'));
  server = await startLocalServer({
    '/feed.xml': (_q, r) =>
      r.end(
        `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>t</title><link>http://x.invalid/</link><description>d</description><item><title>بيان</title><guid>t1</guid><description>${TEXT}</description></item></channel></rss>`,
      ),
  });
  p = await startTestPipeline(db, ['fetch', 'analyze', 'alert', 'translate'], { RAQIB_FETCH_ALLOW: server.hostPort, RAQIB_MODELS_DIR: models });
  await insertFeed(db.pool, FeedConfig.parse({ id: 'f', name: 'F', kind: 'rss', url: `${server.origin}/feed.xml` }));
}, 120_000);

afterAll(async () => {
  await p?.close();
  await server?.close();
  await db?.drop();
  await rm(models, { recursive: true, force: true });
});

describe('translation in the pipeline', () => {
  it('updates the alert with its English once the translate stage is done, keeping the canonical name', async () => {
    await p.queues.fetch.add('fetch', { feedId: 'f' });
    const alert = await waitFor(
      'the alert to get its English',
      async () =>
        (
          await db.pool.query<{ snippet: string; snippet_en: string | null; created_at: Date; updated_at: Date }>(
            'SELECT snippet, snippet_en, created_at, updated_at FROM alerts',
          )
        ).rows.find((a) => a.snippet_en),
      60_000,
    );
    expect(alert.snippet).toContain('قيس الخزعلي');
    expect(alert.snippet_en).toContain('Qais al-Khazali');
    expect(alert.updated_at.getTime()).toBeGreaterThan(alert.created_at.getTime());
    const item = (
      await db.pool.query<{ translation_status: string; body_en: string; translation_model: string }>(
        'SELECT translation_status, body_en, translation_model FROM items',
      )
    ).rows[0];
    expect(item).toMatchObject({ translation_status: 'translated', translation_model: 'Xenova/opus-mt-ar-en' });
    expect(item.body_en).toContain('Qais al-Khazali');
  }, 90_000);
});
