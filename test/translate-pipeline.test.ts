import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FeedConfig } from '../config/feedsSchema.ts';
import { insertFeed } from '../db/sql/insertFeed.ts';
import { makeTinyMarian } from '../scripts/make-tiny-marian.ts';
import { makeTinyNllb } from '../scripts/make-tiny-nllb.ts';
import { freshDatabase, type TestDb } from './helpers/db.ts';
import { startLocalServer, type LocalServer } from './helpers/httpServer.ts';
import { startTestPipeline, waitFor, type TestPipeline } from './helpers/pipeline.ts';

// The shipped translation config: Arabic through Xenova/opus-mt-ar-en, Persian and Sorani through
// Xenova/nllb-200-distilled-600M with their codes. The generated models stand in for both under those names
// (the MarianMT-shaped one and the NLLB-shaped one), so this runs the real loading and generation code. The
// alert is written first with the original, then gets its English with the canonical names of tracked
// figures and places, whatever the source language. Each text is about another figure: statements about one
// figure from three outlets would be one event with one alert.
const ARABIC = { title: 'بيان', body: 'نفى مكتب قيس الخزعلي أنباء مقتله. وأكد أنه بصحة جيدة.' };
const PERSIAN = { title: 'تکذیب', body: 'دفتر لیث خزعلی خبر کشته شدن او را تکذیب کرد و گفت او در تهران است.' };
// Sorani spellings of the shipped watchlist and gazetteer
const SORANI = { title: 'هەواڵ', body: 'موقتەدا سەدر لە هەولێر بینرا و هەواڵی کوژرانی ڕەتکردەوە.' };

let db: TestDb;
let server: LocalServer;
let p: TestPipeline;
let models: string;

const rss = (guid: string, item: { title: string; body: string }) =>
  `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>t</title><link>http://x.invalid/</link><description>d</description><item><title>${item.title}</title><guid>${guid}</guid><description>${item.body}</description></item></channel></rss>`;

beforeAll(async () => {
  db = await freshDatabase();
  models = await mkdtemp(join(tmpdir(), 'raqib-models-'));
  await makeTinyMarian(join(models, 'Xenova', 'opus-mt-ar-en'));
  await makeTinyNllb(join(models, 'Xenova', 'nllb-200-distilled-600M'));
  server = await startLocalServer({
    '/ar.xml': (_q, r) => r.end(rss('ar1', ARABIC)),
    '/fa.xml': (_q, r) => r.end(rss('fa1', PERSIAN)),
    '/ckb.xml': (_q, r) => r.end(rss('ckb1', SORANI)),
  });
  p = await startTestPipeline(db, ['fetch', 'analyze', 'alert', 'translate'], {
    RAQIB_FETCH_ALLOW: server.hostPort,
    RAQIB_MODELS_DIR: models,
    RAQIB_TRANSLATION: 'config/translation.yaml',
  });
  for (const lang of ['ar', 'fa', 'ckb'])
    await insertFeed(db.pool, FeedConfig.parse({ id: lang, name: lang, kind: 'rss', url: `${server.origin}/${lang}.xml` }));
}, 120_000);

afterAll(async () => {
  await p?.close();
  await server?.close();
  await db?.drop();
  await rm(models, { recursive: true, force: true });
});

interface Translated {
  lang: string;
  snippet: string;
  snippet_en: string;
  created_at: Date;
  updated_at: Date;
  body_en: string;
  title_en: string;
  translation_model: string;
}

/** The feed's alert once its item is translated. */
const translatedAlertOf = (feed: string) =>
  waitFor(
    `the ${feed} alert to get its English`,
    async () =>
      (
        await db.pool.query<Translated>(
          `SELECT i.lang, a.snippet, a.snippet_en, a.created_at, a.updated_at, i.body_en, i.title_en, i.translation_model
             FROM alerts a JOIN items i ON i.id = a.item_id
            WHERE a.feed_id = $1 AND i.translation_status = 'translated'`,
          [feed],
        )
      ).rows[0],
    60_000,
  );

describe('translation in the pipeline', () => {
  it('gives Arabic, Persian and Sorani alerts their English, each through its model, with canonical names', async () => {
    for (const feed of ['ar', 'fa', 'ckb']) await p.queues.fetch.add('fetch', { feedId: feed });
    const ar = await translatedAlertOf('ar');
    expect(ar.lang).toBe('arb');
    expect(ar.snippet).toContain('قيس الخزعلي');
    expect(ar.snippet_en).toBe('nfa mktb Qais al-Khazali anbaʾ mqtlh.');
    expect(ar.translation_model).toBe('Xenova/opus-mt-ar-en');
    expect(ar.updated_at.getTime()).toBeGreaterThan(ar.created_at.getTime());

    const fa = await translatedAlertOf('fa');
    expect(fa.lang).toBe('pes');
    expect(fa.translation_model).toBe('Xenova/nllb-200-distilled-600M:pes_Arab>eng_Latn');
    expect(fa.title_en).toBe('tkdhyb');
    expect(fa.snippet_en).toBe('dftr Laith al-Khazali khbr kshth shdn aw ra tkdhyb krd w gft aw dr Tehran ast.');

    const ckb = await translatedAlertOf('ckb');
    expect(ckb.lang).toBe('ckb');
    expect(ckb.translation_model).toBe('Xenova/nllb-200-distilled-600M:ckb_Arab>eng_Latn');
    expect(ckb.snippet_en).toBe('Muqtada al-Sadr le Erbil bynra w hewaly kwzhrany retkrdewe.');

    const langs = await db.pool.query(`SELECT lang, model, state FROM translation_languages WHERE lang IN ('arb', 'pes', 'ckb') ORDER BY lang`);
    expect(langs.rows).toEqual([
      { lang: 'arb', model: 'Xenova/opus-mt-ar-en', state: 'ready' },
      { lang: 'ckb', model: 'Xenova/nllb-200-distilled-600M:ckb_Arab>eng_Latn', state: 'ready' },
      { lang: 'pes', model: 'Xenova/nllb-200-distilled-600M:pes_Arab>eng_Latn', state: 'ready' },
    ]);
  }, 90_000);
});
