/**
 * A browser that dies mid-render (issue 18): the render in hand fails at once as 'browser', no render outlives
 * its deadline, and the next render relaunches Chromium. Chromium is killed at many moments of a render, from
 * before its context exists to while the page waits on the network or spins in a script.
 */
import type { ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalServer, type LocalServer } from '../../test/helpers/httpServer.ts';
import { testFetchLimits } from '../../test/helpers/fetchLimits.ts';
import { browserLaunchCount, browserProcessIds, closeBrowser, configureBrowser, renderPage } from './browser.ts';
import { FetchError } from './errors.ts';
import type { FetchLimits } from './source.ts';

let site: LocalServer;
let limits: FetchLimits;
const send = (res: ServerResponse, body: string) => {
  res.setHeader('content-type', 'text/html; charset=utf-8');
  res.end(body);
};

beforeAll(async () => {
  site = await startLocalServer({
    '/ok': (_req, res) => send(res, '<html><body><p id="ok">rendered</p></body></html>'),
    '/hang': () => {
      // never answers: only the browser's death or the deadline can end the render
    },
    '/spin': (_req, res) => send(res, '<html><body><script>while (true) {}</script></body></html>'),
  });
  limits = testFetchLimits([site.hostPort], { timeoutMs: 8000 });
  relaxed = { ...limits, timeoutMs: 60_000 };
  configureBrowser({ maxPages: 2 });
});
afterAll(async () => {
  await closeBrowser();
  await site.close();
});

function killBrowser(): number {
  const targets = browserProcessIds();
  for (const pid of targets) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone with its parent already
    }
  }
  return targets.length;
}

const RENDER_DEADLINE_MS = 20_000;
/** Rounds over every moment; RAQIB_CRASH_ROUNDS=4 for a long proof run (8 moments each). */
const ROUNDS = Number(process.env.RAQIB_CRASH_ROUNDS ?? 1);
/** Warm-up and follow-up renders: a relaunch on a loaded machine can take seconds; they are not what is tested. */
let relaxed: FetchLimits;
/** How long a render may take to notice its browser died: "at once", with room for a loaded machine. */
const NOTICE_MS = 5000;

describe('a browser killed mid-render', () => {
  it(
    'fails that render at once as "browser" at every moment of the render, and the next render works',
    async () => {
      // the default run covers each phase once; RAQIB_CRASH_ROUNDS adds every moment, that many times
      const moments = ROUNDS > 1 ? [0, 20, 100, 250, 400, 600, 1000, 2000] : [0, 250, 600, 2000];
      const outcomes: string[] = [];
      for (let round = 1; round <= ROUNDS; round++) {
        for (const at of moments) {
          // a warm browser to kill
          const warm = await renderPage(`${site.origin}/ok`, relaxed);
          expect(warm.html).toContain('rendered');
          const launches = browserLaunchCount();
          const t0 = Date.now();
          const inFlight = renderPage(`${site.origin}/${at % 2 ? 'spin' : 'hang'}`, { ...limits, timeoutMs: RENDER_DEADLINE_MS }).then(
            () => 'finished',
            (e: unknown) => e,
          );
          await new Promise((r) => setTimeout(r, at));
          const killedAt = Date.now();
          expect(killBrowser()).toBeGreaterThan(0);
          const err = await inFlight;
          const noticed = Date.now() - killedAt;
          outcomes.push(`round ${round}, kill at ${at} ms: ${err instanceof FetchError ? err.kind : String(err)} after ${noticed} ms`);
          if (process.env.RAQIB_CRASH_LOG) process.stderr.write(`${outcomes.at(-1)}\n`);
          expect(err, outcomes.at(-1)).toBeInstanceOf(FetchError);
          expect((err as FetchError).kind, outcomes.at(-1)).toBe('browser');
          expect(noticed, outcomes.at(-1)).toBeLessThan(NOTICE_MS);
          expect(Date.now() - t0).toBeLessThan(RENDER_DEADLINE_MS);
          const next = await renderPage(`${site.origin}/ok`, relaxed);
          expect(next.html).toContain('rendered');
          expect(browserLaunchCount()).toBe(launches + 1);
        }
      }
    },
    300_000 * ROUNDS,
  );

  it('no render outlives its deadline, however many wait for a page slot', async () => {
    configureBrowser({ maxPages: 1 });
    try {
      const t0 = Date.now();
      const all = await Promise.all(
        Array.from({ length: 3 }, () =>
          renderPage(`${site.origin}/hang`, { ...limits, timeoutMs: 1500 }).then(
            () => Date.now() - t0,
            () => Date.now() - t0,
          ),
        ),
      );
      // each render's deadline counts from its call, waiting for the slot included
      for (const ms of all) expect(ms).toBeLessThan(1500 + 1500);
    } finally {
      configureBrowser({ maxPages: 2 });
    }
  }, 60_000);
});
