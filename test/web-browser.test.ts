import { Queue } from 'bullmq';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openQueues, type Queues } from '../queues/connection.ts';
import { buildWebApp, type WebApp } from '../web/server.ts';
import { addUser, seedAlert, seedFeed, seedFigure } from '../web/testSupport.ts';
import { freshDatabase, type TestDb } from './helpers/db.ts';

const SHOTS = 'screenshots';
const PREFIX = `{raqib-web-browser-${process.pid}}`;
const ALIAS = 'أبو فدك المحمداوي';

let db: TestDb;
let web: WebApp;
let queues: Queues & { close(): Promise<void> };
let browser: Browser;
let origin: string;
const cspViolations: string[] = [];

async function newPage(): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-GB' });
  const page = await context.newPage();
  page.on('console', (m) => {
    // our pages must run nothing the CSP blocks; bull-board's Google Fonts link is blocked on purpose
    if (/Content.Security.Policy/i.test(m.text()) && !page.url().includes('/ops/queues')) cspViolations.push(m.text());
  });
  return page;
}

async function logIn(page: Page, name: string): Promise<void> {
  await page.goto(`${origin}/alerts`);
  await page.waitForURL(/\/login/);
  await page.fill('input[name="name"]', name);
  await page.fill('input[name="password"]', `${name}-password-123`);
  await page.click('button[type="submit"]');
  await page.waitForURL(/\/alerts$/);
}

beforeAll(async () => {
  db = await freshDatabase('raqib_browser');
  queues = openQueues({ prefix: PREFIX });
  web = await buildWebApp({ pool: db.pool, databaseUrl: db.url, queues });
  await web.app.listen({ host: '127.0.0.1', port: 0 });
  await web.listener.ready;
  origin = `http://127.0.0.1:${(web.app.server.address() as { port: number }).port}`;
  await seedFeed(db.pool, 'baghdad-today', 'Baghdad Today');
  await seedFeed(db.pool, 'shafaq', 'Shafaq News');
  await seedFigure(db.pool, 'abu-fadak', 'أبو فدك المحمداوي', [ALIAS], 'Abu Fadak al-Mohammedawi');
  await addUser(db.pool, 'opal', 'ops', 'opal-password-123');
  await addUser(db.pool, 'ana', 'analyst', 'ana-password-123');
  const first = await seedAlert(db.pool, {
    feedId: 'baghdad-today',
    figureId: 'abu-fadak',
    alias: ALIAS,
    title: 'رئيس أركان الحشد يزور الأنبار',
    body: `وصل ${ALIAS} إلى الرمادي صباح اليوم <script>alert(1)</script> لتفقد القطعات`,
    titleEn: 'PMF chief of staff visits Anbar',
    bodyEn: 'Abu Fadak al-Mohammedawi arrived in Ramadi this morning <script>alert(1)</script> to inspect the units',
  });
  await seedAlert(db.pool, {
    feedId: 'shafaq',
    figureId: 'abu-fadak',
    alias: ALIAS,
    title: 'المحمداوي في الرمادي',
    body: `${ALIAS} في الرمادي`,
    storyId: first.storyId,
  });
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
});

afterAll(async () => {
  await browser?.close();
  await web?.close();
  for (const q of Object.values(queues ?? {})) if (q instanceof Queue) await q.obliterate({ force: true }).catch(() => {});
  await queues?.close();
  await db?.drop();
});

describe('web app in Chromium', () => {
  it('ops: live alert, debunk filter, Arabic detail, feed interval, queues', async () => {
    const page = await newPage();
    await logIn(page, 'opal');
    await expect.poll(() => page.textContent('#live-status'), { timeout: 10_000 }).toBe('live');

    // a new alert appears without reload
    const live = await seedAlert(db.pool, {
      feedId: 'shafaq',
      figureId: 'abu-fadak',
      alias: ALIAS,
      title: 'الحشد ينفي',
      body: `نفى مكتب ${ALIAS} الأنباء عن إصابته`,
      kind: 'debunk',
      bodyEn: 'The office of Abu Fadak al-Mohammedawi denied reports that he was injured',
    });
    const row = page.locator(`#alert-rows tr[data-id="${live.alertId}"]`);
    await row.waitFor({ timeout: 10_000 });
    expect(await row.locator('.kind').textContent()).toBe('Debunk');
    await page.screenshot({ path: `${SHOTS}/web-alerts-live.png`, fullPage: true });

    // filter to debunks
    await page.selectOption('select[name="kind"]', 'debunk');
    await page.click('form.filters button[type="submit"]');
    await page.waitForURL(/kind=debunk/);
    const kinds = await page.locator('#alert-rows .kind').allTextContents();
    expect(kinds.length).toBeGreaterThan(0);
    expect(new Set(kinds)).toEqual(new Set(['Debunk']));
    await page.screenshot({ path: `${SHOTS}/web-alerts-debunks.png`, fullPage: true });

    // open it: Arabic right to left with the mention highlighted, English beside it
    await page.click(`#alert-rows tr[data-id="${live.alertId}"] a.open`);
    await page.waitForURL(new RegExp(`/alerts/${live.alertId}$`));
    const original = page.locator('.original');
    expect(await original.getAttribute('dir')).toBe('rtl');
    expect(await original.getAttribute('lang')).toBe('ar');
    expect(await original.evaluate((el) => getComputedStyle(el).direction)).toBe('rtl');
    expect(await original.locator('mark').textContent()).toBe(ALIAS);
    expect(await page.textContent('.translation')).toContain('denied reports');
    await page.screenshot({ path: `${SHOTS}/web-alert-detail.png`, fullPage: true });

    // the first alert: item markup stays text and never runs; the other outlet of the story is listed
    await page.goto(`${origin}/alerts?figure=abu-fadak&kind=mention`);
    await page.click('#alert-rows tr:last-child a.open');
    expect(await page.textContent('.original .body')).toContain('<script>alert(1)</script>');
    expect(await page.textContent('.sources')).toContain('Shafaq News');
    await page.screenshot({ path: `${SHOTS}/web-alert-hostile.png`, fullPage: true });

    // change a feed's interval
    await page.goto(`${origin}/feeds`);
    const feedRow = page.locator('tr[data-feed="baghdad-today"]');
    await feedRow.locator('input[name="intervalSeconds"]').fill('600');
    await feedRow.locator('button[type="submit"]').click();
    await page.waitForURL(/saved=baghdad-today/);
    expect(await page.textContent('.notice')).toContain('Saved baghdad-today');
    expect((await db.pool.query(`SELECT interval_seconds FROM feeds WHERE id = 'baghdad-today'`)).rows[0].interval_seconds).toBe(600);
    await page.screenshot({ path: `${SHOTS}/web-feeds-ops.png`, fullPage: true });

    // figure page: chart and live alias preview
    await page.goto(`${origin}/figures/abu-fadak`);
    expect(await page.locator('svg.chart rect').count()).toBe(30);
    await page.fill('#preview-text', `قال ${ALIAS} إن <b>الوضع</b> مستقر`);
    await page.locator('#preview-out mark').waitFor({ timeout: 10_000 });
    expect(await page.textContent('#preview-out mark')).toBe(ALIAS);
    expect(await page.textContent('#preview-count')).toBe('1 match');
    await page.screenshot({ path: `${SHOTS}/web-figure.png`, fullPage: true });

    // the queues dashboard, behind the same login
    const queuesPage = await page.goto(`${origin}/ops/queues`);
    expect(queuesPage?.status()).toBe(200);
    const apiStatus = page.waitForResponse((r) => r.url().includes('/ops/queues/api/queues'), { timeout: 15_000 });
    await page.getByText('deliver').first().waitFor({ timeout: 15_000 });
    expect((await apiStatus).status()).toBe(200);
    await page.waitForFunction(() => !document.body.innerText.includes('Loading...'), undefined, { timeout: 15_000 });
    await page.screenshot({ path: `${SHOTS}/web-queues.png`, fullPage: true });
    await page.context().close();
  });

  it('analyst: sees feeds but is refused changes and the queues', async () => {
    const page = await newPage();
    await logIn(page, 'ana');
    await page.goto(`${origin}/feeds`);
    expect(await page.locator('form.feed-settings').count()).toBe(0);
    // the form is not shown; posting it anyway (with a valid CSRF token) is refused
    const status = await page.evaluate(async () => {
      const csrf = document.querySelector<HTMLMetaElement>('meta[name="csrf-token"]')!.content;
      const r = await fetch('/feeds/baghdad-today', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: `_csrf=${csrf}&enabled=1&intervalSeconds=20`,
      });
      return r.status;
    });
    expect(status).toBe(403);
    expect((await db.pool.query(`SELECT interval_seconds FROM feeds WHERE id = 'baghdad-today'`)).rows[0].interval_seconds).toBe(600);
    const refused = await page.goto(`${origin}/ops/queues`);
    expect(refused?.status()).toBe(403);
    expect(await page.textContent('h1')).toBe('Not allowed');
    await page.screenshot({ path: `${SHOTS}/web-analyst-refused.png`, fullPage: true });
    await page.goto(`${origin}/feeds`);
    await page.screenshot({ path: `${SHOTS}/web-feeds-analyst.png`, fullPage: true });
    await page.context().close();
    expect(cspViolations).toEqual([]);
  });
});
