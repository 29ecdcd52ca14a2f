/**
 * CPU per login attempt in the web process: a real attempt (a wrong password, hashed with scrypt) beside a
 * refused one, in the same run: refused by the per-address cap (@fastify/rate-limit, before the body is
 * read) and refused by the per-name delay (one short Postgres transaction, no hash). A GET /healthz is the
 * baseline. CPU is this process's user + system time (it includes libuv's threads, where scrypt runs);
 * Postgres's own CPU is not counted. Requests go through Fastify's inject (no sockets).
 *
 *   npx tsx scripts/bench-login.ts [--real 20] [--refused 300] [--rounds 3]
 */
import { freshDatabase } from '../test/helpers/db.ts';
import { buildWebApp, type WebApp } from '../web/server.ts';
import { addUser } from '../web/testSupport.ts';

const arg = (name: string, def: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : def;
};
const REAL = arg('real', 20);
const REFUSED = arg('refused', 300);
const ROUNDS = arg('rounds', 3);

let address = 0;
const nextAddress = () => `10.${(address >> 16) & 255}.${(address >> 8) & 255}.${address++ & 255}`;

async function loginPost(web: WebApp, form: { cookie: string; token: string }, name: string, remoteAddress: string): Promise<number> {
  const r = await web.app.inject({
    method: 'POST',
    url: '/login',
    remoteAddress,
    headers: { cookie: form.cookie, 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ _csrf: form.token, name, password: 'not-the-password' }).toString(),
  });
  return r.statusCode;
}

/** CPU microseconds per call of `f`, over `n` calls; every call must answer `status`. */
async function cpuPer(n: number, status: number, f: (i: number) => Promise<number>): Promise<number> {
  const t = process.cpuUsage();
  for (let i = 0; i < n; i++) {
    const got = await f(i);
    if (got !== status) throw new Error(`expected HTTP ${status}, got ${got} at attempt ${i}`);
  }
  const d = process.cpuUsage(t);
  return (d.user + d.system) / n;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (us: number) => `${(us / 1000).toFixed(3)} ms`;

const db = await freshDatabase('raqib_bench_login');
const web = await buildWebApp({ pool: db.pool, databaseUrl: db.url });
try {
  // real attempts alternate known and unknown names: both cost one scrypt hash
  for (let round = 0; round < ROUNDS; round++)
    for (let i = 1; i < REAL; i += 2) await addUser(db.pool, `known-${round}-${i}`, 'analyst', 'the-real-password-123');
  const page = await web.app.inject({ method: 'GET', url: '/login' });
  const form = { cookie: String(page.headers['set-cookie']).split(';')[0], token: /name="_csrf" value="([^"]+)"/.exec(page.body)![1] };
  const results: Record<string, number[]> = { healthz: [], real: [], refusedByName: [], refusedByAddressCap: [] };
  for (let round = 0; round < ROUNDS; round++) {
    results.healthz.push(await cpuPer(REFUSED, 200, async () => (await web.app.inject({ method: 'GET', url: '/healthz' })).statusCode));
    // a new name and a new address each time: nothing throttles, every attempt is hashed
    results.real.push(await cpuPer(REAL, 401, (i) => loginPost(web, form, i % 2 ? `known-${round}-${i}` : `nobody-${round}-${i}`, nextAddress())));
    // one name 9 failures in (the next attempt must wait 64 s), from ever new addresses: refused by its delay
    const victim = `victim-${round}`;
    await db.pool.query(`INSERT INTO login_throttle (key, failures, last_failure_at) VALUES ($1, 9, now())`, [`name:${victim}`]);
    results.refusedByName.push(await cpuPer(REFUSED, 429, () => loginPost(web, form, victim, nextAddress())));
    // one address past the cap of 30 posts a minute: refused before the body is read
    const flood = nextAddress();
    for (let i = 0; i < 30; i++) await loginPost(web, form, `flood-${round}-${i}`, flood);
    results.refusedByAddressCap.push(await cpuPer(REFUSED, 429, (i) => loginPost(web, form, `flood-${round}-x${i}`, flood)));
  }
  const real = median(results.real);
  console.log(`CPU per request in the web process, median of ${ROUNDS} rounds (${REAL} real attempts, ${REFUSED} of the others per round):`);
  console.log(`  GET /healthz (baseline)                 ${ms(median(results.healthz))}`);
  console.log(`  login, real attempt (scrypt)            ${ms(real)}`);
  console.log(
    `  login, refused by the name's delay      ${ms(median(results.refusedByName))}  (${(real / median(results.refusedByName)).toFixed(0)}x cheaper)`,
  );
  console.log(
    `  login, refused by the per-address cap   ${ms(median(results.refusedByAddressCap))}  (${(real / median(results.refusedByAddressCap)).toFixed(0)}x cheaper)`,
  );
  console.log(`  rounds: ${JSON.stringify(Object.fromEntries(Object.entries(results).map(([k, v]) => [k, v.map((x) => +(x / 1000).toFixed(3))])))}`);
} finally {
  await web.close();
  await db.drop();
}
