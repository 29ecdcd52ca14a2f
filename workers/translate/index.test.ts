import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue, QueueEvents, Worker } from 'bullmq';
import pg from 'pg';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resetSettings } from '../../config/settings.ts';
import { findItemsAwaitingTranslation } from '../../db/sql/findItemsAwaitingTranslation.ts';
import { analyzedText, bodyOffset } from '../../lib/text/analyzedText.ts';
import { openQueues, redisConnection } from '../../queues/connection.ts';
import { STAGES } from '../../queues/names.ts';
import { freshDatabase, type TestDb } from '../../test/helpers/db.ts';
import { makeTinyMarian } from '../../scripts/make-tiny-marian.ts';
import type { StageContext } from '../stage.ts';
import stage from './index.ts';
import type { TranslateItemResult, TranslateResources } from './translateItem.ts';

// the default config maps arb to this model; the test puts the tiny model under its name once the job has failed
const MODEL = 'Xenova/opus-mt-ar-en';
const prefix = `{raqib-t-translate-${randomBytes(4).toString('hex')}}`;

let db: TestDb;
let modelsDir: string;
let ctx: StageContext;
let resources: TranslateResources;
let queues: ReturnType<typeof openQueues>;
let producer: ReturnType<typeof redisConnection>;

beforeAll(async () => {
  db = await freshDatabase();
  modelsDir = await mkdtemp(join(tmpdir(), 'raqib-models-'));
  const places = join(modelsDir, 'places.yaml');
  await writeFile(places, 'places:\n  - {id: baghdad, name: Baghdad, aliases: [بغداد]}\n');
  process.env.RAQIB_MODELS_DIR = modelsDir;
  process.env.RAQIB_PLACES = places;
  process.env.RAQIB_TRANSLATION = 'config/translation.yaml';
  resetSettings();
  producer = redisConnection();
  queues = openQueues({ prefix, connection: producer });
  ctx = { pool: db.pool, queues, log: pino({ level: 'silent' }) };
  resources = await stage.setup!(ctx);
  await db.pool.query(`INSERT INTO feeds (id, name, kind, url, config, interval_seconds) VALUES
    ('a', 'A', 'rss', 'http://127.0.0.1/a', '{"translate": "mentions"}', 60),
    ('b', 'B', 'rss', 'http://127.0.0.1/b', '{"translate": "all"}', 60),
    ('n', 'N', 'rss', 'http://127.0.0.1/n', '{"translate": "none"}', 60)`);
  await db.pool.query(`INSERT INTO figures (id, name, spec) VALUES ('qais-al-khazali', 'قيس الخزعلي', '{"nameEn": "Qais al-Khazali"}')`);
}, 120_000);

afterAll(async () => {
  await stage.teardown!(resources);
  await Promise.all(STAGES.map((s) => queues[s].close()));
  producer.disconnect();
  await db.drop();
  await rm(modelsDir, { recursive: true, force: true });
});

/** An item with a mention of Qais and a place, and its alert, inserted as the earlier stages would. */
async function insertItem(feed: string, guid: string, title: string, body: string, lang = 'arb', withAlert = true): Promise<number> {
  const text = analyzedText(title, body);
  const r = await db.pool.query<{ id: number }>(
    `INSERT INTO items (feed_id, guid, title, body, content_hash, lang) VALUES ($1, $2, $3, $4, md5($3 || $4), $5) RETURNING id`,
    [feed, guid, title, body, lang],
  );
  const id = r.rows[0].id;
  const at = text.indexOf('قيس الخزعلي');
  if (at >= 0) {
    for (let m = at; m >= 0; m = text.indexOf('قيس الخزعلي', m + 1)) {
      await db.pool.query(
        `INSERT INTO mentions (item_id, figure_id, start_pos, end_pos, text) VALUES ($1, 'qais-al-khazali', $2, $3, 'قيس الخزعلي')`,
        [id, m, m + 11],
      );
    }
    const b = text.indexOf('بغداد');
    if (b >= 0) await db.pool.query(`INSERT INTO item_places (item_id, place_id, start_pos, end_pos) VALUES ($1, 'baghdad', $2, $3)`, [id, b, b + 5]);
    if (withAlert) {
      await db.pool.query(
        `INSERT INTO alerts (dedupe_key, figure_id, kind, item_id, feed_id, lang, snippet) VALUES ($1, 'qais-al-khazali', 'mention', $2, $3, $4, $5)`,
        [`t:${id}`, id, feed, lang, body.slice(0, 80)],
      );
    }
  }
  return id;
}

const handle = (itemId: number) => stage.handle({ data: { itemId } } as never, ctx, resources) as Promise<TranslateItemResult>;
const itemRow = async (id: number) =>
  (await db.pool.query('SELECT title_en, body_en, translation_model, translation_status FROM items WHERE id = $1', [id])).rows[0];

describe('translate worker', () => {
  it('fails a job while the model is missing, naming model and folder, and succeeds once it is there; the alert gets its English and is announced', async () => {
    const title = 'قيس الخزعلي ينفي';
    const body = 'نفى مكتب قيس الخزعلي أنباء مقتله.\nوقال إنه في بغداد.';
    const id = await insertItem('a', 'g1', title, body);
    expect(bodyOffset(title)).toBe(title.length + 2);

    const listener = new pg.Client({ connectionString: db.url });
    await listener.connect();
    await listener.query('LISTEN raqib_alerts');
    const notes: Array<{ id: number; op: string }> = [];
    listener.on('notification', (n) => notes.push(JSON.parse(n.payload ?? '{}')));

    const connections = [redisConnection(), redisConnection(), redisConnection()];
    const queue = new Queue('translate', { connection: connections[0], prefix });
    const events = new QueueEvents('translate', { connection: connections[1], prefix });
    const failures: string[] = [];
    const worker = new Worker('translate', (job) => stage.handle(job as never, ctx, resources), {
      connection: connections[2],
      prefix,
      concurrency: stage.concurrency,
    });
    const statusWhileMissing: string[] = [];
    const awaitingWhileMissing: unknown[] = [];
    worker.on('failed', async (_job, err) => {
      failures.push(err.message);
      statusWhileMissing.push((await itemRow(id)).translation_status);
      awaitingWhileMissing.push(await findItemsAwaitingTranslation(db.pool, 0));
      // the operator runs `raqib models fetch`; here the tiny model stands in for it
      if (failures.length === 1) await makeTinyMarian(join(modelsDir, MODEL));
    });
    try {
      await events.waitUntilReady();
      const job = await queue.add('translate', { itemId: id }, { attempts: 4, backoff: { type: 'fixed', delay: 2000 } });
      const out = (await job.waitUntilFinished(events, 30_000)) as TranslateItemResult;
      expect(failures).toHaveLength(1);
      expect(statusWhileMissing).toEqual(['model_missing']);
      expect(awaitingWhileMissing).toEqual([[{ id, revision: 1 }]]);
      expect(failures[0]).toBe(
        `model ${MODEL} is not in the model folder (missing config.json, generation_config.json, tokenizer.json, tokenizer_config.json, onnx/encoder_model_quantized.onnx, onnx/decoder_model_merged_quantized.onnx; run "raqib models fetch" where there is internet) (model folder ${modelsDir})`,
      );
      expect(out).toMatchObject({ itemId: id, status: 'translated', model: MODEL, alertsUpdated: 1 });
    } finally {
      await worker.close();
      await events.close();
      await queue.obliterate({ force: true });
      await queue.close();
      for (const c of connections) c.disconnect();
    }

    expect(await itemRow(id)).toEqual({
      title_en: 'Qais al-Khazali ynfy',
      body_en: 'nfa mktb Qais al-Khazali anbaʾ mqtlh.\nwqal inh fy Baghdad.',
      translation_model: MODEL,
      translation_status: 'translated',
    });
    const alert = (await db.pool.query('SELECT id, snippet_en FROM alerts WHERE item_id = $1', [id])).rows[0];
    // the alert's English snippet is the sentence of the figure's first mention (here the title)
    expect(alert.snippet_en).toBe('Qais al-Khazali ynfy');
    expect(await findItemsAwaitingTranslation(db.pool, 0)).toEqual([]);
    for (let i = 0; i < 50 && !notes.some((n) => n.id === alert.id); i++) await new Promise((r) => setTimeout(r, 20));
    expect(notes).toContainEqual(expect.objectContaining({ id: alert.id, op: 'update' }));
    await listener.end();
  });

  it('translates a statement repeated by another outlet from the cache, with no new model input', async () => {
    const body = 'نفى مكتب قيس الخزعلي أنباء مقتله.\nوقال إنه في بغداد.';
    const id = await insertItem('b', 'g2', 'خبر', body);
    const before = (await db.pool.query('SELECT count(*)::int AS n FROM translations')).rows[0].n;
    const out = await handle(id);
    expect(out.status).toBe('translated');
    // only the new title went to the model; both body sentences came from the cache
    expect(out.stats).toMatchObject({ inputs: 3, cacheHits: 2 });
    expect((await db.pool.query('SELECT count(*)::int AS n FROM translations')).rows[0].n).toBe(before + 1);
    expect((await itemRow(id)).body_en).toBe('nfa mktb Qais al-Khazali anbaʾ mqtlh.\nwqal inh fy Baghdad.');
  });

  it('leaves a language without a model untranslated and says so, and the job succeeds', async () => {
    const id = await insertItem('a', 'g3', 'قيس الخزعلي', 'وتە', 'ckb');
    expect(await handle(id)).toMatchObject({ status: 'no_model' });
    expect(await itemRow(id)).toMatchObject({ translation_status: 'no_model', title_en: null });
  });

  it('follows the feed mode: none skips, mentions skips an item without mentions, all translates it', async () => {
    const none = await insertItem('n', 'g4', 'قيس الخزعلي', 'نص');
    const quiet = await insertItem('a', 'g5', 'خبر عادي', 'نص');
    const all = await insertItem('b', 'g6', 'خبر عادي', 'نص');
    expect((await handle(none)).status).toBe('skipped');
    expect((await handle(quiet)).status).toBe('skipped');
    expect(await handle(all)).toMatchObject({ status: 'translated' });
    expect(await itemRow(all)).toMatchObject({ title_en: 'khbr ʿady', body_en: 'ns' });
  });

  it('leaves a figure with no English name on file to the model', async () => {
    await db.pool.query(`INSERT INTO figures (id, name, spec) VALUES ('arabic-only', 'ليث', '{}')`);
    const id = await insertItem('b', 'g7', 'وصل ليث', 'نص');
    await db.pool.query(`INSERT INTO mentions (item_id, figure_id, start_pos, end_pos, text) VALUES ($1, 'arabic-only', 4, 7, 'ليث')`, [id]);
    expect(await handle(id)).toMatchObject({ status: 'translated' });
    expect((await itemRow(id)).title_en).toBe('wsl lyth');
  });

  it('does nothing for an item that is gone', async () => {
    expect(await handle(987654)).toEqual({ itemId: 987654, status: 'gone' });
  });
});
