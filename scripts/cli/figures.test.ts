import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertRunner, insertAnalyzedItem } from '../../test/helpers/analyzedItems.ts';
import { freshDatabase, type TestDb } from '../../test/helpers/db.ts';

const run = promisify(execFile);
let db: TestDb;

beforeAll(async () => {
  db = await freshDatabase();
  await db.pool.query(
    `INSERT INTO feeds (id, name, kind, url, config, interval_seconds) VALUES ('f1', 'Outlet One', 'rss', 'http://127.0.0.1/x', '{}', 60)`,
  );
  const ago = (days: number) => new Date(Date.now() - days * 86_400_000);
  const qais = { figureId: 'qais-al-khazali', name: 'قيس الخزعلي' };
  const hadi = { figureId: 'hadi-al-amiri', name: 'هادي العامري' };
  const ids = [
    await insertAnalyzedItem(db.pool, { feedId: 'f1', text: 'قيس الخزعلي يتحدث', mentions: [qais], publishedAt: ago(0.1), fetchedAt: ago(0.1) }),
    await insertAnalyzedItem(db.pool, {
      feedId: 'f1',
      text: 'قيس الخزعلي في قم',
      mentions: [qais],
      signals: [{ figureId: 'qais-al-khazali', type: 'whereabouts', placeId: 'qom' }],
      publishedAt: ago(3),
      fetchedAt: ago(3),
    }),
    await insertAnalyzedItem(db.pool, { feedId: 'f1', text: 'قيس الخزعلي قبل أيام', mentions: [qais], publishedAt: ago(10), fetchedAt: ago(10) }),
    // a rumor about Hadi al-Amiri, answered by a sighting a day later
    await insertAnalyzedItem(db.pool, {
      feedId: 'f1',
      text: 'أنباء عن اعتقال هادي العامري',
      mentions: [hadi],
      signals: [{ figureId: 'hadi-al-amiri', type: 'harm_claim', harm: 'arrest' }],
      publishedAt: ago(2),
      fetchedAt: ago(2),
    }),
    await insertAnalyzedItem(db.pool, {
      feedId: 'f1',
      text: 'هادي العامري يترأس اجتماعا في بغداد',
      mentions: [hadi],
      signals: [
        { figureId: 'hadi-al-amiri', type: 'appearance' },
        { figureId: 'hadi-al-amiri', type: 'whereabouts', placeId: 'baghdad' },
      ],
      publishedAt: ago(1),
      fetchedAt: ago(1),
    }),
  ];
  // figure state and rumors are written by the alert stage, as in production
  const alerts = await alertRunner(db);
  try {
    await alerts.run(ids);
  } finally {
    await alerts.close();
  }
});
afterAll(async () => {
  await db?.drop();
});

describe('raqib figures', () => {
  it('prints each figure with mentions, last seen where, and days silent', async () => {
    const env = { ...process.env, DATABASE_URL: db.url, LOG_LEVEL: 'silent' };
    const { stdout } = await run('npx', ['tsx', 'scripts/raqib.ts', 'figures', '--json'], { env, cwd: process.cwd() });
    const rows = stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const qais = rows.find((r) => r.id === 'qais-al-khazali');
    expect(qais).toMatchObject({ mentions24h: 1, mentions7d: 2, lastSeenPlace: 'qom', daysSilent: 3, silenceAlertId: null });
    expect(rows.find((r) => r.id === 'laith-al-khazali')).toMatchObject({ mentions7d: 0, lastSeenAt: null, daysSilent: null, openRumors: [] });
    // the open rumor, its first source and the answer that came after it
    const hadi = rows.find((r) => r.id === 'hadi-al-amiri');
    expect(hadi).toMatchObject({ lastSeenPlace: 'baghdad', daysSilent: 1 });
    expect(hadi.openRumors).toHaveLength(1);
    expect(hadi.openRumors[0]).toMatchObject({ harm: 'arrest', firstSource: { outlet: 'Outlet One', basis: 'published' } });
    expect(hadi.openRumors[0].answers).toEqual([expect.objectContaining({ outlet: 'Outlet One', basis: 'sighting' })]);
    const table = (await run('npx', ['tsx', 'scripts/raqib.ts', 'figures'], { env, cwd: process.cwd() })).stdout;
    expect(table).toMatch(/qais-al-khazali\s+1\s+2\s+\S+ \S+\s+qom\s+3/);
    expect(table).toMatch(/hadi-al-amiri .*#\d+ arrest since \S+ \S+ \(Outlet One\), 1 answer \(first Outlet One\)/);
  });

  it('fails with one line naming the database when Postgres is not there', async () => {
    const env = { ...process.env, DATABASE_URL: 'postgres://postgres@127.0.0.1:1/raqib', LOG_LEVEL: 'silent' };
    const err = await run('npx', ['tsx', 'scripts/raqib.ts', 'figures'], { env, cwd: process.cwd() }).then(
      () => null,
      (e: { code: number; stderr: string }) => e,
    );
    expect(err?.code).toBe(1);
    expect(err?.stderr.trim().split('\n')).toHaveLength(1);
    expect(err?.stderr).toContain('127.0.0.1:1');
  });
});
