import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resetSettings } from '../../config/settings.ts';
import { createSubscription } from '../../db/sql/createSubscription.ts';
import { log } from '../../lib/log.ts';
import { openQueue } from '../../queues/connection.ts';
import { freshDatabase, type TestDb } from '../../test/helpers/db.ts';
import { startLocalServer, type LocalServer } from '../../test/helpers/httpServer.ts';
import { readBody, startSmtpReceiver, type SmtpReceiver } from '../../test/helpers/smtpReceiver.ts';
import { addUser, seedAlert, seedFeed, seedFigure } from '../../web/testSupport.ts';
import { runWorkers, type RunningWorkers } from '../runWorkers.ts';

const PREFIX = `{raqib-deliver-test-${process.pid}}`;

let db: TestDb;
let receiver: LocalServer;
let smtp: SmtpReceiver;
let workers: RunningWorkers;
const hits: Record<string, Array<{ body: string; signature?: string }>> = { ok: [], flaky: [], slack: [], hang: [], rejected: [] };
let flakyFailures = 2;

async function waitFor<T>(what: string, fn: () => Promise<T | null | undefined | false>, ms = 20_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

beforeAll(async () => {
  db = await freshDatabase('raqib_deliver');
  receiver = await startLocalServer({
    '/ok': async (req, res) => {
      hits.ok.push({ body: await readBody(req), signature: req.headers['x-raqib-signature'] as string });
      res.end('thanks');
    },
    // fails twice with 503, then recovers
    '/flaky': async (req, res) => {
      hits.flaky.push({ body: await readBody(req) });
      res.statusCode = flakyFailures-- > 0 ? 503 : 200;
      res.end();
    },
    '/slack': async (req, res) => {
      hits.slack.push({ body: await readBody(req) });
      res.end('ok');
    },
    // never answers: must not hold up the others
    '/hang': async (req) => {
      hits.hang.push({ body: await readBody(req) });
    },
    '/rejected': async (req, res) => {
      hits.rejected.push({ body: await readBody(req) });
      res.statusCode = 404;
      res.end('no such hook');
    },
  });
  smtp = await startSmtpReceiver();
  Object.assign(process.env, {
    DATABASE_URL: db.url,
    RAQIB_QUEUE_PREFIX: PREFIX,
    RAQIB_DELIVER_RETRY_MS: '300',
    RAQIB_FETCH_TIMEOUT_MS: '4000',
    RAQIB_FETCH_ALLOW: '127.0.0.1',
    RAQIB_SMTP_URL: smtp.url,
    RAQIB_METRICS_PORT: '-1',
  });
  resetSettings();
  await seedFeed(db.pool, 'baghdad-today', 'Baghdad Today');
  await seedFigure(db.pool, 'qais-al-khazali', 'قيس الخزعلي', ['قيس الخزعلي']);
  await seedFigure(db.pool, 'other', 'شخص آخر', ['شخص آخر']);
  const userId = await addUser(db.pool, 'ed', 'editor', 'ed-password-123');
  const sub = (channel: 'webhook' | 'slack' | 'email', target: string, more: { kinds?: string[]; figureIds?: string[]; secret?: string } = {}) =>
    createSubscription(db.pool, {
      userId,
      channel,
      target,
      figureIds: more.figureIds ?? [],
      kinds: more.kinds ?? [],
      secret: more.secret ?? null,
      smtpUrl: null,
    });
  await sub('webhook', `${receiver.origin}/ok`, { secret: 'hook-secret' });
  await sub('webhook', `${receiver.origin}/flaky`);
  await sub('slack', `${receiver.origin}/slack`, { kinds: ['debunk'] });
  await sub('webhook', `${receiver.origin}/hang`);
  await sub('webhook', `${receiver.origin}/rejected`);
  await sub('email', 'editor@desk.example', { figureIds: ['qais-al-khazali'] });
  // matches nothing below: another figure only
  await sub('webhook', `${receiver.origin}/ok`, { figureIds: ['other'] });
  workers = await runWorkers(['deliver'], db.pool, log);
});

afterAll(async () => {
  await workers?.close();
  const q = openQueue('deliver', { prefix: PREFIX });
  await q.obliterate({ force: true }).catch(() => {});
  await q.close();
  await receiver?.close();
  await smtp?.close();
  await db?.drop();
});

describe('deliver stage', () => {
  it('delivers each matching subscription once, retries a failing receiver until it recovers, and no receiver blocks another', async () => {
    const { alertId } = await seedAlert(db.pool, {
      feedId: 'baghdad-today',
      figureId: 'qais-al-khazali',
      alias: 'قيس الخزعلي',
      title: 'خبر',
      body: 'نفى قيس الخزعلي',
      kind: 'debunk',
    });
    const queue = openQueue('deliver', { prefix: PREFIX });
    // the same alert enqueued twice under different job ids, as after a crash between enqueue and ack
    await queue.add('deliver', { alertId }, { jobId: `deliver-${alertId}-debunk` });
    await queue.add('deliver', { alertId }, { jobId: `deliver-${alertId}-debunk-again` });

    // the quick receivers are done while /hang still holds its request open
    await waitFor('quick deliveries', async () => hits.ok.length >= 1 && hits.slack.length >= 1 && smtp.mails.length >= 1 && hits.hang.length >= 1);
    const statusOf = async (path: string) =>
      (
        await db.pool.query<{ status: string; attempts: number }>(
          `SELECT d.status, d.attempts FROM deliveries d JOIN subscriptions s ON s.id = d.subscription_id WHERE d.alert_id = $1 AND s.target LIKE $2`,
          [alertId, `%${path}`],
        )
      ).rows[0];
    await waitFor('/ok recorded as delivered', async () => (await statusOf('/ok'))?.status === 'delivered');
    // recorded while the hanging receiver's first attempt is still open (it has 4 s to run out)
    expect(await statusOf('/hang')).toMatchObject({ status: 'pending', attempts: 0 });

    // the flaky receiver fails twice, then the retry sweep gets it through
    const flaky = await waitFor('flaky receiver to recover', async () => {
      const r = await db.pool.query(
        `SELECT d.* FROM deliveries d JOIN subscriptions s ON s.id = d.subscription_id WHERE s.target LIKE '%/flaky' AND d.status = 'delivered'`,
      );
      return r.rows[0];
    });
    expect(flaky.attempts).toBe(3);
    expect(flaky.response_code).toBe(200);
    expect(flaky.last_error).toBeNull();
    expect(flaky.delivered_at).not.toBeNull();

    // ...while the hanging receiver's first attempt was still running out its deadline
    await waitFor(
      'hang to time out',
      async () =>
        (
          await db.pool.query(
            `SELECT 1 FROM deliveries d JOIN subscriptions s ON s.id = d.subscription_id WHERE s.target LIKE '%/hang' AND d.last_error IS NOT NULL`,
          )
        ).rowCount,
    );
    const log = await db.pool.query<{
      target: string;
      channel: string;
      status: string;
      attempts: number;
      last_error: string | null;
      response_code: number | null;
    }>(
      `SELECT s.target, s.channel, d.status, d.attempts, d.last_error, d.response_code FROM deliveries d JOIN subscriptions s ON s.id = d.subscription_id WHERE d.alert_id = $1 ORDER BY s.id`,
      [alertId],
    );
    // one row per matching subscription (the 'other'-figure one does not match)
    expect(log.rows.map((r) => r.target.replace(receiver.origin, ''))).toEqual([
      '/ok',
      '/flaky',
      '/slack',
      '/hang',
      '/rejected',
      'editor@desk.example',
    ]);
    const byTarget = Object.fromEntries(log.rows.map((r) => [r.target.replace(receiver.origin, ''), r]));
    expect(byTarget['/rejected']).toMatchObject({ status: 'failed', attempts: 1, response_code: 404 });
    expect(byTarget['/rejected'].last_error).toContain('receiver answered HTTP 404');
    expect(byTarget['/hang'].last_error).toMatch(/no answer within 4000 ms/);
    expect(byTarget['editor@desk.example']).toMatchObject({ status: 'delivered', response_code: 250 });

    // exactly once per subscription although the job ran twice
    expect(hits.ok).toHaveLength(1);
    expect(hits.slack).toHaveLength(1);
    expect(smtp.mails).toHaveLength(1);
    expect(hits.rejected).toHaveLength(1);
    expect(hits.flaky).toHaveLength(3);
    const sig = `sha256=${createHmac('sha256', 'hook-secret').update(hits.ok[0].body).digest('hex')}`;
    expect(hits.ok[0].signature).toBe(sig);
    expect(JSON.parse(hits.slack[0].body).text).toBe('Debunk: قيس الخزعلي (Baghdad Today)');
    await queue.close();
  });

  it('a mention later upgraded to a debunk is owed once more; a repeat of the same kind is not', async () => {
    const { alertId } = await seedAlert(db.pool, {
      feedId: 'baghdad-today',
      figureId: 'qais-al-khazali',
      alias: 'قيس الخزعلي',
      title: 'خبر ثان',
      body: 'قال قيس الخزعلي',
      kind: 'mention',
    });
    const queue = openQueue('deliver', { prefix: PREFIX });
    const okBefore = hits.ok.length;
    const slackBefore = hits.slack.length;
    await queue.add('deliver', { alertId }, { jobId: `deliver-${alertId}-mention` });
    await waitFor('mention delivered', async () => hits.ok.length === okBefore + 1);
    await db.pool.query(`UPDATE alerts SET kind = 'debunk' WHERE id = $1`, [alertId]);
    await queue.add('deliver', { alertId }, { jobId: `deliver-${alertId}-debunk` });
    await queue.add('deliver', { alertId }, { jobId: `deliver-${alertId}-debunk-repeat` });
    await waitFor('debunk delivered', async () => hits.ok.length === okBefore + 2 && hits.slack.length === slackBefore + 1);
    // give a wrong third delivery the time to show up
    await new Promise((r) => setTimeout(r, 1000));
    expect(hits.ok.length).toBe(okBefore + 2);
    expect(hits.slack.length).toBe(slackBefore + 1);
    const rows = await db.pool.query(`SELECT kind, count(*)::int AS n FROM deliveries WHERE alert_id = $1 GROUP BY kind ORDER BY kind`, [alertId]);
    expect(rows.rows).toEqual([
      { kind: 'debunk', n: 6 },
      { kind: 'mention', n: 5 },
    ]);
    await queue.close();
  });
});
