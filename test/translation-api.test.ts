import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken } from '../db/sql/createApiToken.ts';
import { hashSecret, newApiToken } from '../web/auth/secrets.ts';
import { buildWebApp, type WebApp } from '../web/server.ts';
import { addUser, seedAlert, seedFeed, seedFigure } from '../web/testSupport.ts';
import { freshDatabase, type TestDb } from './helpers/db.ts';

// The API says where an alert's English stands, and for a language without a model, why and the command
// that fixes it (the page shows the same fields).
let db: TestDb;
let web: WebApp;
let token: string;

beforeAll(async () => {
  db = await freshDatabase('raqib_translation_api');
  web = await buildWebApp({ pool: db.pool, databaseUrl: db.url });
  await seedFeed(db.pool, 'outlet', 'Outlet');
  await seedFigure(db.pool, 'qais-al-khazali', 'قيس الخزعلي', ['قيس الخزعلي', 'قەیس'], 'Qais al-Khazali');
  const userId = await addUser(db.pool, 'ana', 'analyst', 'ana-password-123');
  token = newApiToken();
  await createApiToken(db.pool, userId, hashSecret(token), 'test', null);
  await db.pool.query(`INSERT INTO translation_languages (lang, model, state, detail) VALUES
    ('arb', 'Xenova/opus-mt-ar-en', 'no_model', 'missing config.json'), ('ckb', NULL, 'no_model', NULL)`);
});
afterAll(async () => {
  await web?.close();
  await db?.drop();
});

const get = async (url: string) => {
  const r = await web.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });
  expect(r.statusCode).toBe(200);
  return r.json();
};

describe('translation state in the API', () => {
  it('an alert and its item say no_model, why, and the command that fixes it', async () => {
    const a = await seedAlert(db.pool, {
      feedId: 'outlet',
      figureId: 'qais-al-khazali',
      alias: 'قيس الخزعلي',
      title: 't',
      body: 'قال قيس الخزعلي',
      lang: 'arb',
    });
    await db.pool.query(`UPDATE items SET translation_status = 'no_model', translation_model = 'Xenova/opus-mt-ar-en' WHERE id = $1`, [a.itemId]);
    const expected = {
      status: 'no_model',
      model: 'Xenova/opus-mt-ar-en',
      note: 'model Xenova/opus-mt-ar-en for Arabic is not installed or does not load',
      fix: 'raqib models fetch (where there is internet), then raqib models check',
    };
    expect((await get(`/api/alerts/${a.alertId}`)).translation).toEqual(expected);
    expect((await get(`/api/items/${a.itemId}`)).translation).toEqual(expected);
  });

  it('an item not reached yet of a language known to have no model says so already', async () => {
    const a = await seedAlert(db.pool, {
      feedId: 'outlet',
      figureId: 'qais-al-khazali',
      alias: 'قەیس',
      title: 't',
      body: 'قەیس لە هەولێر',
      lang: 'ckb',
    });
    expect((await get(`/api/alerts/${a.alertId}`)).translation).toEqual({
      status: 'no_model',
      model: null,
      note: 'no model for Kurdish (Sorani)',
      fix: 'map ckb to a model in config/translation.yaml, then raqib models fetch',
    });
  });

  it('a translated alert names its model', async () => {
    const a = await seedAlert(db.pool, {
      feedId: 'outlet',
      figureId: 'qais-al-khazali',
      alias: 'قيس الخزعلي',
      title: 't',
      body: 'وقال قيس الخزعلي',
      lang: 'pes',
    });
    await db.pool.query(
      `UPDATE items SET translation_status = 'translated', translation_model = 'Xenova/nllb-200-distilled-600M:pes_Arab>eng_Latn' WHERE id = $1`,
      [a.itemId],
    );
    expect((await get(`/api/alerts/${a.alertId}`)).translation).toEqual({
      status: 'translated',
      model: 'Xenova/nllb-200-distilled-600M:pes_Arab>eng_Latn',
      note: null,
      fix: null,
    });
  });
});
