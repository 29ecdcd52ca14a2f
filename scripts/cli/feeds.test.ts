import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, type TestDb } from '../../test/helpers/db.ts';
import { startLocalServer, type LocalServer } from '../../test/helpers/httpServer.ts';

// The ops commands as people run them: through scripts/raqib.ts, against a database of their own.
let db: TestDb;
let server: LocalServer;

// asynchronous: the stand-in web server lives in this process and must keep answering meanwhile
function raqib(args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    // node itself with the tsx loader: npx adds a process and seconds per command on a loaded machine
    const c = spawn(process.execPath, ['--import', 'tsx', 'scripts/raqib.ts', ...args], {
      env: { ...process.env, DATABASE_URL: db.url, RAQIB_FETCH_ALLOW: server.hostPort, LOG_LEVEL: 'warn' },
    });
    let out = '';
    let err = '';
    c.stdout.on('data', (d: Buffer) => (out += d.toString()));
    c.stderr.on('data', (d: Buffer) => (err += d.toString()));
    c.stdin.end();
    c.on('close', (code) => resolve({ code, out, err }));
  });
}

beforeAll(async () => {
  db = await freshDatabase();
  server = await startLocalServer({
    '/feed.xml': (_q, r) =>
      r.end(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><link>http://x.invalid/</link><description>d</description><item><title>قيس الخزعلي في بغداد</title><guid>1</guid></item></channel></rss>',
      ),
  });
}, 60_000);

afterAll(async () => {
  await server?.close();
  await db?.drop();
});

describe('raqib feeds', () => {
  it('adds a feed after a test fetch, retimes, disables and enables it, and lists it with health', async () => {
    const add = await raqib(['feeds', 'add', '--id', 'local', '--name', 'Local', '--url', `${server.origin}/feed.xml`, '--interval', '5m']);
    expect(add.err).toContain('test fetch of local: 1 items');
    expect(add.out.trim()).toBe('added feed local');
    expect((await raqib(['feeds', 'update', 'local', '--interval', '90s'])).out.trim()).toBe('feed local: every 90s (adapts between 23s and 180s)');
    expect((await raqib(['feeds', 'disable', 'local'])).out.trim()).toBe('feed local: disabled');
    let row = (await db.pool.query('SELECT enabled, interval_seconds FROM feeds WHERE id = $1', ['local'])).rows[0];
    expect(row).toEqual({ enabled: false, interval_seconds: 90 });
    expect((await raqib(['feeds', 'enable', 'local'])).out.trim()).toBe('feed local: enabled');
    row = (await db.pool.query('SELECT enabled FROM feeds WHERE id = $1', ['local'])).rows[0];
    expect(row.enabled).toBe(true);
    const list = await raqib(['feeds', 'list', '--json']);
    expect(JSON.parse(list.out.trim())).toMatchObject({ id: 'local', enabled: true, interval_seconds: 90, consecutive_failures: 0 });
  }, 120_000);

  it('pins a feed or bounds its cadence, and lists the interval it is polled at now with the reason', async () => {
    expect((await raqib(['feeds', 'update', 'local', '--max-interval', '5m'])).out.trim()).toBe(
      'feed local: every 90s (adapts between 23s and 300s)',
    );
    const short = await raqib(['feeds', 'update', 'local', '--max-interval', '60s']);
    expect(short.code).toBe(1);
    expect(short.err.trim()).toBe("raqib: --max-interval 60s is shorter than the feed's interval (90s)");
    expect((await raqib(['feeds', 'update', 'local'])).err.trim()).toBe(
      'raqib: feeds update: say what to change: --interval, --pin / --no-pin, --max-interval or --timezone',
    );
    // what a fetch records when the feed has just published
    await db.pool.query(`UPDATE feeds SET effective_interval_seconds = 10, cadence_reason = 'burst' WHERE id = 'local'`);
    const list = await raqib(['feeds', 'list']);
    expect(list.out).toContain('every 90s→10s');
    expect(list.out).toContain('every 10s: burst: it just published, so it is polled sooner for a few minutes');
    const json = JSON.parse((await raqib(['feeds', 'list', '--json'])).out.trim().split('\n')[0]);
    expect(json).toMatchObject({ effective_interval_seconds: 10, cadence_reason: 'burst', pinned: false, max_interval_seconds: 300 });
    // pinning starts the cadence afresh at the set interval
    expect((await raqib(['feeds', 'update', 'local', '--pin'])).out.trim()).toBe('feed local: every 90s (pinned)');
    const row = (await db.pool.query(`SELECT effective_interval_seconds, cadence_reason, config->'pin' AS pin FROM feeds WHERE id = 'local'`))
      .rows[0];
    expect(row).toEqual({ effective_interval_seconds: null, cadence_reason: null, pin: true });
    expect((await raqib(['feeds', 'list'])).out).toContain('every 90s: pinned to the set interval');
    expect((await raqib(['feeds', 'update', 'local', '--no-pin', '--max-interval', 'default'])).out.trim()).toBe(
      'feed local: every 90s (adapts between 23s and 180s)',
    );
  }, 120_000);

  it('sets a feed time zone on add and update, and refuses a name that is not an IANA zone', async () => {
    const add = await raqib([
      'feeds',
      'add',
      '--id',
      'baghdad',
      '--name',
      'Baghdad',
      '--url',
      `${server.origin}/feed.xml`,
      '--timezone',
      'Asia/Baghdad',
      '--no-test',
    ]);
    expect(add.out.trim()).toBe('added feed baghdad');
    const zone = async () => (await db.pool.query(`SELECT config->>'timezone' AS tz FROM feeds WHERE id = 'baghdad'`)).rows[0].tz;
    expect(await zone()).toBe('Asia/Baghdad');
    expect((await raqib(['feeds', 'update', 'baghdad', '--timezone', 'Asia/Tehran'])).out.trim()).toBe(
      'feed baghdad: times without a zone read in Asia/Tehran',
    );
    expect(await zone()).toBe('Asia/Tehran');
    const bad = await raqib(['feeds', 'update', 'baghdad', '--timezone', 'Baghdad']);
    expect(bad.code).not.toBe(0);
    expect(bad.err).toContain('--timezone must be an IANA time zone name such as Asia/Baghdad or UTC (got "Baghdad")');
    const badAdd = await raqib([
      'feeds',
      'add',
      '--id',
      'x',
      '--name',
      'X',
      '--url',
      `${server.origin}/feed.xml`,
      '--timezone',
      'Iraq/Baghdad',
      '--no-test',
    ]);
    expect(badAdd.err).toContain('timezone: must be an IANA time zone name');
    expect(await zone()).toBe('Asia/Tehran');
  }, 120_000);

  it('refuses a feed whose test fetch fails, naming the URL, and stores nothing', async () => {
    const r = await raqib(['feeds', 'add', '--id', 'gone', '--name', 'Gone', '--url', `${server.origin}/missing.xml`]);
    expect(r.code).toBe(1);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.err).toContain(`${server.origin}/missing.xml`);
    expect(r.err).toContain('404');
    expect((await db.pool.query('SELECT 1 FROM feeds WHERE id = $1', ['gone'])).rowCount).toBe(0);
  }, 60_000);

  it('refuses a bad feed definition and an unknown feed with one clear line', async () => {
    const bad = await raqib(['feeds', 'add', '--id', 'Bad Id', '--name', 'x', '--url', 'ftp://example.invalid/x', '--no-test']);
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/feed Bad Id: id: must be a lowercase slug.*url: must be an http\(s\) URL/);
    const missing = await raqib(['feeds', 'disable', 'nope']);
    expect(missing.code).toBe(1);
    expect(missing.err.trim()).toBe('raqib: no feed "nope" (see `raqib feeds list`)');
  }, 60_000);

  it('imports a feeds file without overwriting what ops tuned', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'raqib-feeds-'));
    const file = join(dir, 'feeds.yaml');
    writeFileSync(
      file,
      `feeds:\n  - {id: local, name: Local, kind: rss, url: "${server.origin}/feed.xml", intervalSeconds: 600}\n  - {id: other, name: Other, kind: rss, url: "${server.origin}/other.xml"}\n`,
    );
    const r = await raqib(['feeds', 'import', file]);
    expect(r.out.trim()).toBe(`${file}: 2 feeds, 1 added`);
    const broken = join(dir, 'broken.yaml');
    writeFileSync(broken, 'feeds:\n  - {id: x, name: X, kind: rss, url: "not a url"}\n');
    const b = await raqib(['feeds', 'import', broken]);
    expect(b.code).toBe(1);
    expect(b.err).toContain(`${broken}: feeds[0] (x).url`);
  }, 60_000);

  it('prints alerts for a person with the mention marked', async () => {
    await db.pool.query(`INSERT INTO items (feed_id, guid, title, url, content_hash) VALUES ('local', 'i1', 't', 'http://x.invalid/1', 'h')`);
    await db.pool.query(
      `INSERT INTO alerts (dedupe_key, figure_id, kind, priority, item_id, feed_id, lang, snippet, snippet_marks) VALUES ('k1', 'qais-al-khazali', 'debunk', 'high', 1, 'local', 'arb', 'نفى مكتب قيس الخزعلي مقتله', '[[9, 20]]')`,
    );
    const r = await raqib(['alerts', '--since', '1h']);
    expect(r.out).toContain('!! [debunk] qais-al-khazali — Local');
    expect(r.out).toContain('نفى مكتب 【قيس الخزعلي】 مقتله');
    expect(r.out).toContain('http://x.invalid/1');
    const j = JSON.parse((await raqib(['alerts', '--json', '--figure', 'qais-al-khazali'])).out.trim());
    expect(j).toMatchObject({ figureId: 'qais-al-khazali', kind: 'debunk', outlet: 'Local', url: 'http://x.invalid/1', marks: [[9, 20]] });
    expect((await raqib(['alerts', '--since', 'yesterday'])).err.trim()).toBe('raqib: --since "yesterday" is not a duration like 30m, 1h or 2d');
  }, 120_000);
});
