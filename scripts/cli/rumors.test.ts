import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertRunner, insertAnalyzedItem } from '../../test/helpers/analyzedItems.ts';
import { freshDatabase, type TestDb } from '../../test/helpers/db.ts';

const run = promisify(execFile);
let db: TestDb;

beforeAll(async () => {
  db = await freshDatabase();
  for (const [id, name] of [
    ['sabereen', 'Sabereen'],
    ['baghdad-today', 'Baghdad Today'],
  ])
    await db.pool.query(`INSERT INTO feeds (id, name, kind, url, config, interval_seconds) VALUES ($1, $2, 'rss', 'http://127.0.0.1/x', '{}', 60)`, [
      id,
      name,
    ]);
  const ago = (hours: number) => new Date(Date.now() - hours * 3_600_000);
  const qais = { figureId: 'qais-al-khazali', name: 'قيس الخزعلي' };
  const claim = await insertAnalyzedItem(db.pool, {
    feedId: 'sabereen',
    text: 'أنباء عن مقتل قيس الخزعلي',
    mentions: [qais],
    signals: [{ figureId: qais.figureId, type: 'harm_claim', harm: 'death' }],
    publishedAt: ago(30),
    fetchedAt: ago(29),
  });
  const denial = await insertAnalyzedItem(db.pool, {
    feedId: 'baghdad-today',
    text: 'مكتب قيس الخزعلي: الشيخ بصحة جيدة ويتابع دراسته في قم',
    mentions: [qais],
    signals: [
      { figureId: qais.figureId, type: 'debunk', basis: 'assurance', harm: 'death' },
      { figureId: qais.figureId, type: 'whereabouts', placeId: 'qom' },
    ],
    publishedAt: ago(5),
    fetchedAt: ago(5),
  });
  const alerts = await alertRunner(db);
  try {
    await alerts.run([claim, denial]);
  } finally {
    await alerts.close();
  }
});
afterAll(async () => {
  await db?.drop();
});

describe('raqib rumors', () => {
  const env = () => ({ ...process.env, DATABASE_URL: db.url, LOG_LEVEL: 'silent' });

  it('prints each rumor with its first source and its answers, as text or JSON', async () => {
    const { stdout } = await run('npx', ['tsx', 'scripts/raqib.ts', 'rumors', '--status', 'open', '--json'], { env: env(), cwd: process.cwd() });
    const rows = stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      figureId: 'qais-al-khazali',
      harm: 'death',
      status: 'open',
      firstSource: { outlet: { id: 'sabereen', name: 'Sabereen' }, basis: 'published' },
      claims: [{ outlet: { id: 'sabereen' } }],
      answers: [{ outlet: { id: 'baghdad-today', name: 'Baghdad Today' }, basis: 'assurance', via: ['debunk', 'whereabouts'] }],
    });
    const text = (await run('npx', ['tsx', 'scripts/raqib.ts', 'rumors', '--figure', 'qais-al-khazali'], { env: env(), cwd: process.cwd() })).stdout;
    expect(text).toMatch(/^#\d+ qais-al-khazali: death — open\n {3}first: \S+ \S+ Sabereen \(published\)/);
    expect(text).toMatch(/answer: \S+ \S+ Baghdad Today — assurance/);
  });

  it('refuses an unknown status in one line', async () => {
    const err = await run('npx', ['tsx', 'scripts/raqib.ts', 'rumors', '--status', 'maybe'], { env: env(), cwd: process.cwd() }).then(
      () => null,
      (e: { code: number; stderr: string }) => e,
    );
    expect(err?.code).toBe(1);
    expect(err?.stderr.trim()).toBe('raqib: --status "maybe" is not one of open, confirmed, denied, stale');
  });
});
