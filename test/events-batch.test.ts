import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertRunner, insertAnalyzedItem, type AlertRunner, type AnalyzedItemSpec } from './helpers/analyzedItems.ts';
import { freshDatabase, type TestDb } from './helpers/db.ts';

// The alert stage on items as the analyze stage leaves them, with statements written here (harm kinds and
// bases today's classifier does not give): replays, two jobs at once, upgrades, figure state out of order,
// and the limits of events and rumors (window, harm kind, quiet period).

const HOUR = 3_600_000;
const T0 = Date.now() - 30 * 24 * HOUR;
const at = (hours: number) => new Date(T0 + hours * HOUR);

const QAIS = { figureId: 'qais-al-khazali', name: 'قيس الخزعلي' };
const LAITH = { figureId: 'laith-al-khazali', name: 'ليث الخزعلي' };
const HADI = { figureId: 'hadi-al-amiri', name: 'هادي العامري' };
const FALEH = { figureId: 'faleh-al-fayyadh', name: 'فالح الفياض' };
const SADR = { figureId: 'muqtada-al-sadr', name: 'مقتدى الصدر' };

/** Three statements, each as five outlets carried it: near-duplicates of one another, one story each. */
const STATEMENTS = [
  'نفى مكتب الأمين العام لعصائب أهل الحق الشيخ ليث الخزعلي الأنباء التي تحدثت عن اعتقاله في مطار بغداد الدولي مؤكداً أنه يمارس عمله بشكل طبيعي في مكتبه.',
  'أكد مصدر مقرب من ليث الخزعلي أن ما تناقلته بعض الصفحات عن احتجازه لدى قوة أمنية في البصرة مجرد شائعات مغرضة وأنه يتابع نشاطه السياسي كالمعتاد.',
  'وصف المكتب السياسي لعصائب أهل الحق الحديث عن توقيف ليث الخزعلي على الحدود مع إيران بأنه كذب مفضوح، مشيراً إلى أنه حضر اجتماعاً للهيئة القيادية مساء أمس.',
];
const copiesOf = (t: string) => [
  t,
  `عاجل | ${t}`,
  t.replace('مؤكداً', 'مؤكدا').replace('مشيراً', 'مشيرا'),
  `${t} #ليث_الخزعلي`,
  `🔴 ${t.replace(/[،.]/g, ' ')}`,
];
const FEEDS = ['a', 'b', 'c', 'd', 'e', 'tg'];

let db: TestDb;
let alerts: AlertRunner;
const q = async <T extends Record<string, unknown>>(sql: string, params: unknown[] = []) => (await db.pool.query<T>(sql, params)).rows;
const item = (s: AnalyzedItemSpec) => insertAnalyzedItem(db.pool, s);

beforeAll(async () => {
  db = await freshDatabase('raqib_events_batch');
  for (const f of FEEDS)
    await db.pool.query(`INSERT INTO feeds (id, name, kind, url, config, interval_seconds) VALUES ($1, $1, $2, 'http://127.0.0.1/x', '{}', 60)`, [
      f,
      f === 'tg' ? 'telegram' : 'rss',
    ]);
  await db.pool.query(
    `INSERT INTO figures (id, name, spec) SELECT f, f, jsonb_build_object('id', f) FROM unnest($1::text[]) AS f ON CONFLICT DO NOTHING`,
    [[QAIS, LAITH, HADI, FALEH, SADR].map((f) => f.figureId)],
  );
  alerts = await alertRunner(db);
}, 60_000);

afterAll(async () => {
  await alerts?.close();
  await db?.drop();
});

/** Everything the alert stage writes, without the times a rewrite would change. */
async function snapshot() {
  return {
    alerts: await q(
      `SELECT id, dedupe_key, figure_id, kind, priority, story_id, item_id, place_id, outlet_count, published_at, first_item_id, first_feed_id,
              activity_at, updated_at, upgraded_at, upgraded_from, event_id, rumor_id FROM alerts ORDER BY id`,
    ),
    sources: await q(`SELECT * FROM alert_sources ORDER BY item_id, figure_id`),
    stories: await q(`SELECT id, item_count, source_count, updated_at FROM stories ORDER BY id`),
    storyItems: await q(`SELECT item_id, story_id FROM story_items ORDER BY item_id`),
    storyAlerts: await q(`SELECT * FROM story_alerts ORDER BY story_id, figure_id`),
    events: await q(`SELECT * FROM events ORDER BY id`),
    eventItems: await q(`SELECT * FROM event_items ORDER BY event_id, item_id`),
    rumors: await q(`SELECT * FROM rumors ORDER BY id`),
    answers: await q(`SELECT * FROM rumor_answers ORDER BY rumor_id, item_id`),
    figureState: await q(
      `SELECT figure_id, last_mention_at, last_mention_item_id, last_seen_at, last_seen_place, last_seen_item_id, updated_at FROM figure_state ORDER BY 1`,
    ),
  };
}

describe('the alert stage, one transaction per job', () => {
  it('makes one story, one event and one alert of near-duplicates split over two jobs that run at the same moment', async () => {
    for (let round = 0; round < 3; round++) {
      const texts = copiesOf(STATEMENTS[round]);
      const ids = await Promise.all(
        texts.map((text, i) =>
          item({
            feedId: FEEDS[i],
            text,
            mentions: [LAITH],
            signals: [{ figureId: LAITH.figureId, type: 'debunk', harm: 'arrest' }],
            publishedAt: at(100 * round + i),
            fetchedAt: at(100 * round + 10),
          }),
        ),
      );
      await Promise.all([alerts.run(ids.slice(0, 2)), alerts.run(ids.slice(2))]);
      const stories = await q<{ story_id: number }>(`SELECT DISTINCT story_id FROM story_items WHERE item_id = ANY($1)`, [ids]);
      expect(stories).toHaveLength(1);
      expect(await q(`SELECT item_count, source_count FROM stories WHERE id = $1`, [stories[0].story_id])).toEqual([
        { item_count: 5, source_count: 5 },
      ]);
      const made = await q<{ alert_id: number }>(`SELECT DISTINCT alert_id FROM alert_sources WHERE item_id = ANY($1)`, [ids]);
      expect(made).toHaveLength(1);
      const [a] = await q(`SELECT kind, outlet_count, first_feed_id FROM alerts WHERE id = $1`, [made[0].alert_id]);
      expect(a).toEqual({ kind: 'debunk', outlet_count: 5, first_feed_id: 'a' });
      const events = await q(
        `SELECT DISTINCT e.id, e.item_count, e.outlet_count FROM events e JOIN event_items ei ON ei.event_id = e.id WHERE ei.item_id = ANY($1)`,
        [ids],
      );
      expect(events).toEqual([{ id: expect.any(Number), item_count: 5, outlet_count: 5 }]);
    }
  });

  it('changes nothing when its jobs run again', async () => {
    const before = await snapshot();
    expect(before.alerts.length).toBeGreaterThan(0);
    const ids = (await q<{ id: number }>(`SELECT id FROM items ORDER BY id`)).map((r) => r.id);
    await db.pool.query(`UPDATE items SET alerted_revision = 0`);
    await alerts.run(ids.slice(0, 7));
    await alerts.run(ids.slice(7));
    expect(await snapshot()).toEqual(before);
    // every (item, figure) once
    expect(await q(`SELECT item_id, figure_id FROM alert_sources GROUP BY 1, 2 HAVING count(*) > 1`)).toEqual([]);
  });

  it('upgrades a plain mention alert when an item of its story carries a statement: the same alert, back on top, delivered again', async () => {
    const mention =
      'قال رئيس هيئة الحشد الشعبي فالح الفياض في مؤتمر صحفي اليوم إن الهيئة ستواصل عملها في تأمين الحدود الغربية وملاحقة خلايا داعش في الصحراء.';
    const first = await item({ feedId: 'a', text: mention, mentions: [FALEH], publishedAt: at(400), fetchedAt: at(400) });
    await alerts.run([first]);
    const [before] = await q<{ id: number; kind: string; activity_at: Date; item_id: number }>(
      `SELECT a.id, a.kind, a.activity_at, a.item_id FROM alerts a JOIN alert_sources s ON s.alert_id = a.id WHERE s.item_id = $1`,
      [first],
    );
    expect(before.kind).toBe('mention');
    const second = await item({
      feedId: 'b',
      text: mention.replace('اليوم', 'اليوم من بغداد'),
      mentions: [FALEH],
      signals: [{ figureId: FALEH.figureId, type: 'whereabouts', placeId: 'baghdad' }],
      publishedAt: at(401),
      fetchedAt: at(401),
    });
    await alerts.run([second]);
    const [after] = await q<{
      id: number;
      kind: string;
      activity_at: Date;
      item_id: number;
      upgraded_from: string;
      place_id: string;
      outlet_count: number;
    }>(
      `SELECT a.id, a.kind, a.activity_at, a.item_id, a.upgraded_from, a.place_id, a.outlet_count FROM alerts a JOIN alert_sources s ON s.alert_id = a.id WHERE s.item_id = $1`,
      [second],
    );
    expect(after).toMatchObject({
      id: before.id,
      kind: 'whereabouts',
      upgraded_from: 'mention',
      place_id: 'baghdad',
      item_id: second,
      outlet_count: 2,
    });
    expect(after.activity_at.getTime()).toBeGreaterThan(before.activity_at.getTime());
    // it became the event's alert
    expect(await q(`SELECT alert_id FROM events WHERE figure_id = $1`, [FALEH.figureId])).toEqual([{ alert_id: before.id }]);
    const deliveries = (await alerts.queues.deliver.getJobs(['waiting', 'delayed', 'prioritized'])).map((j) => j.id);
    expect(deliveries).toEqual(expect.arrayContaining([`deliver-${before.id}-mention`, `deliver-${before.id}-whereabouts`]));
  });

  it('keeps last seen and last mentioned by publication time, never moving backwards when older news arrives later', async () => {
    const najaf = await item({
      feedId: 'a',
      text: 'هادي العامري في النجف',
      mentions: [HADI],
      signals: [{ figureId: HADI.figureId, type: 'whereabouts', placeId: 'najaf' }],
      publishedAt: at(505),
      fetchedAt: at(506),
    });
    await alerts.run([najaf]);
    // published earlier, fetched later: Tehran is older news
    const tehran = await item({
      feedId: 'b',
      text: 'هادي العامري يصل الى طهران',
      mentions: [HADI],
      signals: [{ figureId: HADI.figureId, type: 'whereabouts', placeId: 'tehran' }],
      publishedAt: at(501),
      fetchedAt: at(507),
    });
    const plain = await item({ feedId: 'c', text: 'هادي العامري', mentions: [HADI], publishedAt: at(503), fetchedAt: at(508) });
    await alerts.run([tehran, plain]);
    expect(
      await q(
        `SELECT last_seen_at, last_seen_place, last_seen_item_id, last_mention_at, last_mention_item_id FROM figure_state WHERE figure_id = $1`,
        [HADI.figureId],
      ),
    ).toEqual([{ last_seen_at: at(505), last_seen_place: 'najaf', last_seen_item_id: najaf, last_mention_at: at(505), last_mention_item_id: najaf }]);
    // a Telegram post is timed by its post time; a publication time after the fetch (a clock ahead) by the fetch
    const ahead = await item({
      feedId: 'tg',
      text: 'فيديو هادي العامري في كربلاء',
      mentions: [HADI],
      signals: [
        { figureId: HADI.figureId, type: 'appearance' },
        { figureId: HADI.figureId, type: 'whereabouts', placeId: 'karbala' },
      ],
      publishedAt: at(530),
      fetchedAt: at(510),
    });
    await alerts.run([ahead]);
    expect(await q(`SELECT last_seen_at, last_seen_place FROM figure_state WHERE figure_id = $1`, [HADI.figureId])).toEqual([
      { last_seen_at: at(510), last_seen_place: 'karbala' },
    ]);
    expect(await q(`SELECT basis FROM event_items WHERE item_id = $1`, [ahead])).toEqual([{ basis: 'fetched' }, { basis: 'fetched' }]);
  });
});

describe('one item in two jobs at once', () => {
  it('gives it one story and one alert, even a text too short for story bands', async () => {
    for (let round = 0; round < 5; round++) {
      const ids = await Promise.all(
        ['a', 'b', 'c', 'd'].map((feedId, i) =>
          item({ feedId, text: `فالح الفياض ${round}${i}`, mentions: [FALEH], publishedAt: at(900), fetchedAt: at(900) }),
        ),
      );
      await Promise.all([alerts.run(ids), alerts.run(ids)]);
      expect(await q(`SELECT count(*)::int AS n FROM story_items WHERE item_id = ANY($1)`, [ids])).toEqual([{ n: 4 }]);
      expect(await q(`SELECT count(*)::int AS n FROM alert_sources WHERE item_id = ANY($1)`, [ids])).toEqual([{ n: 4 }]);
    }
    const empty = `SELECT count(*)::int AS n FROM stories s WHERE NOT EXISTS (SELECT 1 FROM story_items si WHERE si.story_id = s.id)`;
    expect(await q(empty)).toEqual([{ n: 0 }]);
    const orphans = `SELECT count(*)::int AS n FROM alerts a WHERE NOT EXISTS (SELECT 1 FROM alert_sources s WHERE s.alert_id = a.id)`;
    expect(await q(orphans)).toEqual([{ n: 0 }]);
  });
});

describe('events and rumors at their limits', () => {
  it('opens a new event for the same statement outside the window, and joins the earlier publisher inside it', async () => {
    // three wordings, three stories: only the event can hold them together
    const wording: Record<string, string> = {
      a: 'وصل زعيم التيار الصدري مقتدى الصدر إلى مدينة النجف قادماً من الكوفة',
      b: 'مقتدى الصدر يستقبل وفداً عشائرياً في مكتبه بالحنانة في النجف الأشرف',
      c: 'أفاد مراسلنا بأن السيد مقتدى الصدر موجود في النجف منذ صباح اليوم',
    };
    const say = (feedId: string, hours: number) =>
      item({
        feedId,
        text: wording[feedId],
        mentions: [SADR],
        signals: [{ figureId: SADR.figureId, type: 'whereabouts', placeId: 'najaf' }],
        publishedAt: at(hours),
        fetchedAt: at(800),
      });
    const late = await say('a', 640);
    await alerts.run([late]);
    const early = await say('b', 600); // 40 hours before: inside the 48 hour window, and now the first source
    const week = await say('c', 640 + 72); // three days after: a new event
    await alerts.run([early, week]);
    const events = await q<{ first_feed_id: string; item_count: number; alert_id: number }>(
      `SELECT first_feed_id, item_count, alert_id FROM events WHERE figure_id = $1 ORDER BY first_at`,
      [SADR.figureId],
    );
    expect(events.map((e) => [e.first_feed_id, e.item_count])).toEqual([
      ['b', 2],
      ['c', 1],
    ]);
    expect(events[0].alert_id).not.toBe(events[1].alert_id);
    expect(await q(`SELECT first_feed_id, outlet_count FROM alerts WHERE id = $1`, [events[0].alert_id])).toEqual([
      { first_feed_id: 'b', outlet_count: 2 },
    ]);
  });

  it('answers a rumor only with a denial of its harm or a sighting, within the quiet period', async () => {
    const say = (feedId: string, hours: number, signals: AnalyzedItemSpec['signals']) =>
      item({ feedId, text: `قيس الخزعلي ${hours}`, mentions: [QAIS], signals, publishedAt: at(hours), fetchedAt: at(hours) });
    const claim = await say('a', 800, [{ figureId: QAIS.figureId, type: 'harm_claim', harm: 'death' }]);
    await alerts.run([claim]);
    const [rumor] = await q<{ id: number; harm: string }>(`SELECT id, harm FROM rumors WHERE figure_id = $1`, [QAIS.figureId]);
    expect(rumor.harm).toBe('death');
    // a denial of another harm answers nothing; a claim of an unnamed harm joins the rumor
    const otherDenial = await say('b', 801, [{ figureId: QAIS.figureId, type: 'debunk', harm: 'arrest', basis: 'denial' }]);
    const vague = await say('c', 802, [{ figureId: QAIS.figureId, type: 'harm_claim' }]);
    await alerts.run([otherDenial, vague]);
    expect(await q(`SELECT count(*)::int AS n FROM rumor_answers WHERE rumor_id = $1`, [rumor.id])).toEqual([{ n: 0 }]);
    expect(await q(`SELECT count(*)::int AS n FROM rumors WHERE figure_id = $1`, [QAIS.figureId])).toEqual([{ n: 1 }]);
    expect(await q(`SELECT claim_items, claim_outlets FROM rumors WHERE id = $1`, [rumor.id])).toEqual([{ claim_items: 2, claim_outlets: 2 }]);
    // a harm claim that places the harm is no answer; an assurance that he is somewhere is, named as such
    const placed = await say('d', 803, [
      { figureId: QAIS.figureId, type: 'harm_claim', harm: 'death' },
      { figureId: QAIS.figureId, type: 'whereabouts', placeId: 'jurf-al-sakhar' },
    ]);
    const somewhere = await say('e', 830, [{ figureId: QAIS.figureId, type: 'whereabouts', placeId: 'qom' }]);
    await alerts.run([placed, somewhere]);
    const answers = await q(`SELECT item_id, basis, via, names_rumor FROM rumor_answers WHERE rumor_id = $1`, [rumor.id]);
    expect(answers).toEqual([{ item_id: somewhere, basis: 'assurance', via: ['whereabouts'], names_rumor: false }]);
    expect(await q(`SELECT kind, rumor_id FROM alerts a JOIN alert_sources s ON s.alert_id = a.id WHERE s.item_id = $1`, [somewhere])).toEqual([
      { kind: 'debunk', rumor_id: rumor.id },
    ]);
    // fifteen quiet days later (the quiet period is 14): a sighting is a sighting, not an answer
    const muchLater = await say('a', 830 + 15 * 24, [{ figureId: QAIS.figureId, type: 'appearance' }]);
    await alerts.run([muchLater]);
    expect(await q(`SELECT kind FROM alerts a JOIN alert_sources s ON s.alert_id = a.id WHERE s.item_id = $1`, [muchLater])).toEqual([
      { kind: 'appearance' },
    ]);
    expect(await q(`SELECT answer_count FROM rumors WHERE id = $1`, [rumor.id])).toEqual([{ answer_count: 1 }]);
    // a text that names the rumor answers it even without one on file: a debunk of its own
    const named = await say('b', 830 + 15 * 24 + 1, [{ figureId: QAIS.figureId, type: 'appearance', answersRumor: true }]);
    await alerts.run([named]);
    expect(await q(`SELECT kind, rumor_id FROM alerts a JOIN alert_sources s ON s.alert_id = a.id WHERE s.item_id = $1`, [named])).toEqual([
      { kind: 'debunk', rumor_id: null },
    ]);
  });
});
