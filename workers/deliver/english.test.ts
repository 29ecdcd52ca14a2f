import { createHmac } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resetSettings } from '../../config/settings.ts';
import { createSubscription } from '../../db/sql/createSubscription.ts';
import { openQueues, type OpenQueues } from '../../queues/connection.ts';
import { makeTinyMarian } from '../../scripts/make-tiny-marian.ts';
import { freshDatabase, type TestDb } from '../../test/helpers/db.ts';
import { startLocalServer, type LocalServer } from '../../test/helpers/httpServer.ts';
import { readBody, startSmtpReceiver, type SmtpReceiver } from '../../test/helpers/smtpReceiver.ts';
import { waitFor } from '../../test/helpers/pipeline.ts';
import { addUser, seedAlert, seedFeed, seedFigure } from '../../web/testSupport.ts';
import { runWorkers, type RunningWorkers } from '../runWorkers.ts';

// Pushed alerts and their English, through the real translate (on the generated MarianMT-shaped model) and
// deliver stages, with local webhook, Slack and SMTP receivers. Jobs are handed on as the alert stage does:
// deliver first, then translate.
const PREFIX = `{raqib-deliver-en-${process.pid}}`;
const MODEL = 'Xenova/opus-mt-ar-en';

interface Hook {
  event: string;
  delivery: string;
  body: { type: string; deliveryId: number; alert: { id: number; snippetEn: string | null; titleEn: string | null; noEnglish: string | null } };
  signature: string;
  raw: string;
}

let db: TestDb;
let receiver: LocalServer;
let smtp: SmtpReceiver;
let modelsDir: string;
let configFile: string;
const hooks: Hook[] = [];
const slack: Array<{ text: string; blocks: Array<{ text: { text: string } }> }> = [];
/** the bodies of the mails received so far */
const mails = () => smtp.mails.map((m) => m.text);

/** The translate and deliver stages in this process with these settings, logging into `lines`. */
async function stages(env: Record<string, string>, lines: Array<Record<string, unknown>> = []) {
  Object.assign(process.env, env);
  resetSettings();
  const log = pino({ level: 'info' }, { write: (l: string) => lines.push(JSON.parse(l)) });
  const workers: RunningWorkers = await runWorkers(['translate', 'deliver'], db.pool, log);
  const queues: OpenQueues = openQueues();
  return {
    queues,
    lines,
    /** enqueued as the alert stage does: delivery first, then translation */
    async handOn(alertId: number, itemId: number, translate = true) {
      await queues.deliver.add('deliver', { alertId }, { jobId: `deliver-${alertId}-mention` });
      if (translate) await queues.translate.add('translate', { itemId }, { jobId: `translate-${itemId}-1` });
    },
    async close() {
      await workers.close();
      await Promise.all(queues.all.map((q) => q.obliterate({ force: true }).catch(() => {})));
      await queues.close();
    },
  };
}

let n = 0;
/** An Arabic (or other) item naming Qais al-Khazali, its mention and alert, as the alert stage writes them. */
const arabicAlert = (lang = 'arb', body = 'نفى مكتب قيس الخزعلي أنباء مقتله.') =>
  seedAlert(db.pool, {
    feedId: 'outlet',
    figureId: 'qais-al-khazali',
    alias: body.includes('قيس الخزعلي') ? 'قيس الخزعلي' : 'قەیس',
    title: `خبر ${++n}`,
    body,
    lang,
  });

const hooksOf = (alertId: number) => hooks.filter((h) => h.body.alert.id === alertId);
const deliveriesOf = async (alertId: number) =>
  (
    await db.pool.query<{ channel: string; event: string; status: string; attempts: number; sent_en: boolean | null }>(
      `SELECT s.channel, d.event, d.status, d.attempts, d.sent_en FROM deliveries d JOIN subscriptions s ON s.id = d.subscription_id
        WHERE d.alert_id = $1 ORDER BY s.id, d.id`,
      [alertId],
    )
  ).rows;

beforeAll(async () => {
  db = await freshDatabase('raqib_deliver_en');
  modelsDir = await mkdtemp(join(tmpdir(), 'raqib-deliver-en-'));
  configFile = join(modelsDir, 'translation.yaml');
  await writeFile(configFile, `models:\n  arb: ${MODEL}\n  ckb: null\n`);
  receiver = await startLocalServer({
    '/hook': async (req, res) => {
      const raw = await readBody(req);
      hooks.push({
        raw,
        body: JSON.parse(raw),
        event: req.headers['x-raqib-event'] as string,
        delivery: req.headers['x-raqib-delivery'] as string,
        signature: req.headers['x-raqib-signature'] as string,
      });
      res.end('ok');
    },
    '/slack': async (req, res) => {
      slack.push(JSON.parse(await readBody(req)));
      res.end('ok');
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
    RAQIB_TRANSLATION: configFile,
    RAQIB_MODELS_DIR: modelsDir,
    RAQIB_MODEL_CHECK_MS: '300',
  });
  await seedFeed(db.pool, 'outlet', 'Baghdad Today');
  await seedFigure(db.pool, 'qais-al-khazali', 'قيس الخزعلي', ['قيس الخزعلي'], 'Qais al-Khazali');
  const userId = await addUser(db.pool, 'ana', 'analyst', 'ana-password-123');
  const sub = (channel: 'webhook' | 'slack' | 'email', target: string, secret: string | null = null) =>
    createSubscription(db.pool, { userId, channel, target, figureIds: [], kinds: [], secret, smtpUrl: null });
  await sub('webhook', `${receiver.origin}/hook`, 'hook-secret');
  await sub('slack', `${receiver.origin}/slack`);
  await sub('email', 'analyst@desk.example');
});

afterAll(async () => {
  await receiver?.close();
  await smtp?.close();
  await db?.drop();
  await rm(modelsDir, { recursive: true, force: true });
});

describe('pushed alerts and their English', () => {
  it('without a model: each alert goes out at once, once, marked, and the logs say it once per language', async () => {
    const lines: Array<Record<string, unknown>> = [];
    const s = await stages({ RAQIB_DELIVER_WAIT_EN_MS: '60000' }, lines);
    try {
      // five Arabic alerts (the configured model is not in the folder) and five Sorani ones (no model configured)
      const arb = await Promise.all([1, 2, 3, 4, 5].map(() => arabicAlert()));
      const ckb = await Promise.all([1, 2, 3, 4, 5].map(() => arabicAlert('ckb', 'قەیس لە هەولێر بینرا')));
      for (const a of [...arb, ...ckb]) await s.handOn(a.alertId, a.itemId);
      await waitFor('every alert delivered on every channel', async () => {
        const r = await db.pool.query(`SELECT count(*)::int AS n FROM deliveries WHERE status = 'delivered'`);
        return r.rows[0].n === 30;
      });
      for (const a of arb) {
        expect(hooksOf(a.alertId)).toHaveLength(1);
        expect(hooksOf(a.alertId)[0].body.alert).toMatchObject({
          snippetEn: null,
          noEnglish: 'no English: model Xenova/opus-mt-ar-en for Arabic is not installed or does not load',
        });
      }
      for (const a of ckb)
        expect(hooksOf(a.alertId)[0].body.alert).toMatchObject({ snippetEn: null, noEnglish: 'no English: no model for Kurdish (Sorani)' });
      expect(slack.filter((m) => m.blocks[0].text.text.includes('(no English: no model for Kurdish (Sorani))'))).toHaveLength(5);
      expect(
        mails().filter((m) => m.includes('(no English: no model for Arabic)') || m.includes('(no English: model Xenova/opus-mt-ar-en for Arabic')),
      ).toHaveLength(5);
      for (const a of [...arb, ...ckb]) {
        expect((await deliveriesOf(a.alertId)).map((d) => [d.channel, d.event, d.status, d.attempts, d.sent_en])).toEqual([
          ['webhook', 'alert', 'delivered', 1, false],
          ['slack', 'alert', 'delivered', 1, false],
          ['email', 'alert', 'delivered', 1, false],
        ]);
      }
      const items = await db.pool.query(`SELECT translation_status, count(*)::int AS n FROM items GROUP BY 1`);
      expect(items.rows).toEqual([{ translation_status: 'no_model', n: 10 }]);
      // several model checks have run meanwhile; still one line per language, no failed or retried job
      await new Promise((r) => setTimeout(r, 1000));
      const noModelLines = lines.filter((l) => typeof l.msg === 'string' && /no model|not installed/.test(l.msg as string));
      expect(noModelLines.map((l) => l.lang).sort()).toEqual(['arb', 'ckb']);
      expect(lines.filter((l) => typeof l.msg === 'string' && /job failed/.test(l.msg as string))).toEqual([]);

      // the operator fetches the model: the check finds it, the waiting Arabic items are translated, and
      // receivers that got them without English get it now: alert.updated, a Slack follow-up, no second mail
      const mailsBefore = mails().length;
      await makeTinyMarian(join(modelsDir, MODEL));
      for (const a of arb) {
        const update = await waitFor(
          `alert.updated for alert ${a.alertId}`,
          async () => hooksOf(a.alertId).find((h) => h.body.type === 'alert.updated'),
          30_000,
        );
        expect(update.event).toBe('alert.updated');
        expect(update.body.alert).toMatchObject({ id: a.alertId, snippetEn: 'nfa mktb Qais al-Khazali anbaʾ mqtlh.', noEnglish: null });
        expect(update.signature).toBe(`sha256=${createHmac('sha256', 'hook-secret').update(update.raw).digest('hex')}`);
        // its own delivery id, as the header says
        expect(update.delivery).toBe(String(update.body.deliveryId));
        expect(update.delivery).not.toBe(hooksOf(a.alertId)[0].delivery);
      }
      await waitFor('five Slack follow-ups', async () => slack.filter((m) => m.text.startsWith('English: ')).length === 5);
      expect(slack.find((m) => m.text.startsWith('English: '))!.blocks[0].text.text).toContain('*English for the alert above*');
      expect(mails().length).toBe(mailsBefore);
      expect(lines.filter((l) => l.lang === 'arb' && typeof l.msg === 'string' && (l.msg as string).includes('handed on'))).toHaveLength(1);
      // the Sorani ones stay as they are: no model configured
      for (const a of ckb) expect(hooksOf(a.alertId)).toHaveLength(1);
    } finally {
      await s.close();
    }
  }, 90_000);

  it('with the model: the alert waits for its English and goes out once, with snippetEn', async () => {
    await makeTinyMarian(join(modelsDir, MODEL));
    const s = await stages({ RAQIB_DELIVER_WAIT_EN_MS: '60000' });
    try {
      const a = await arabicAlert('arb', 'وأكد مكتب قيس الخزعلي أنه بصحة جيدة.');
      await s.handOn(a.alertId, a.itemId);
      const hook = await waitFor('the webhook', async () => hooksOf(a.alertId)[0], 30_000);
      expect(hook.event).toBe('alert');
      expect(hook.body.alert).toMatchObject({ snippetEn: 'wakd mktb Qais al-Khazali anh bshh jydh.', noEnglish: null });
      expect(hook.body.alert.titleEn).toMatch(/^khbr /);
      await waitFor('all three channels', async () => (await deliveriesOf(a.alertId)).every((d) => d.status === 'delivered'));
      expect((await deliveriesOf(a.alertId)).map((d) => [d.channel, d.event, d.sent_en])).toEqual([
        ['webhook', 'alert', true],
        ['slack', 'alert', true],
        ['email', 'alert', true],
      ]);
      expect(mails().at(-1)).toContain('wakd mktb Qais al-Khazali anh bshh jydh.');
      // no update follows: give a wrong one the time to show up
      await new Promise((r) => setTimeout(r, 1000));
      expect(hooksOf(a.alertId)).toHaveLength(1);
    } finally {
      await s.close();
    }
  }, 60_000);

  it('a slow translation: first the alert without English when the wait is over, then alert.updated with it', async () => {
    await makeTinyMarian(join(modelsDir, MODEL));
    const s = await stages({ RAQIB_DELIVER_WAIT_EN_MS: '400' });
    try {
      const a = await arabicAlert('arb', 'وقال قيس الخزعلي إنه في بغداد.');
      // the translation is not even queued until the first delivery is in: slower than any wait
      await s.handOn(a.alertId, a.itemId, false);
      const first = await waitFor('the first webhook', async () => hooksOf(a.alertId)[0], 30_000);
      expect(first.event).toBe('alert');
      expect(first.body.alert).toMatchObject({ snippetEn: null, noEnglish: 'no English yet: still being translated' });
      await waitFor('the first mail', async () => mails().some((m) => m.includes('(no English yet: still being translated)')));
      const mailsBefore = mails().length;
      await s.queues.translate.add('translate', { itemId: a.itemId });
      const update = await waitFor('alert.updated', async () => hooksOf(a.alertId).find((h) => h.event === 'alert.updated'), 30_000);
      expect(update.body.alert).toMatchObject({ id: a.alertId, snippetEn: 'wqal Qais al-Khazali inh fy bghdad.', noEnglish: null });
      await waitFor('the Slack follow-up', async () =>
        slack.some((m) => m.text.startsWith('English: ') && m.blocks[0].text.text.includes('wqal Qais al-Khazali')),
      );
      // the receiver has it a moment before the sender records it
      await waitFor('five deliveries recorded', async () => {
        const rows = await deliveriesOf(a.alertId);
        return rows.length === 5 && rows.every((d) => d.status === 'delivered');
      });
      expect((await deliveriesOf(a.alertId)).map((d) => [d.channel, d.event, d.status, d.sent_en])).toEqual([
        ['webhook', 'alert', 'delivered', false],
        ['webhook', 'alert.updated', 'delivered', true],
        ['slack', 'alert', 'delivered', false],
        ['slack', 'alert.updated', 'delivered', true],
        ['email', 'alert', 'delivered', false],
      ]);
      await new Promise((r) => setTimeout(r, 500));
      expect(mails().length).toBe(mailsBefore);
      expect(hooksOf(a.alertId)).toHaveLength(2);
    } finally {
      await s.close();
    }
  }, 60_000);
});
