import { randomBytes } from 'node:crypto';
import type { Job } from 'bullmq';
import type { Db } from '../../db/pool.ts';
import type { HarmKind, SignalType } from '../../db/rows.ts';
import { log } from '../../lib/log.ts';
import { openQueues, type OpenQueues } from '../../queues/connection.ts';
import type { AlertJob } from '../../queues/names.ts';
import alertStage from '../../workers/alert/index.ts';
import type { TestDb } from './db.ts';

export interface AnalyzedItemSpec {
  feedId: string;
  text: string;
  /** the figures the text names (their first occurrence of `names[figure]` in the text is the mention) */
  mentions: Array<{ figureId: string; name: string }>;
  signals?: Array<{
    figureId: string;
    type: SignalType;
    placeId?: string;
    harm?: HarmKind;
    basis?: 'denial' | 'assurance' | 'sighting';
    answersRumor?: boolean;
  }>;
  publishedAt?: Date | null;
  fetchedAt?: Date;
  lang?: string;
}

/**
 * An item as the analyze stage leaves it (mentions and signals written, analyzed_revision = revision), for
 * tests that drive the alert stage with statements the classifier need not produce (harm kinds, bases).
 */
export async function insertAnalyzedItem(db: Db, s: AnalyzedItemSpec): Promise<number> {
  const fetchedAt = s.fetchedAt ?? new Date();
  const r = await db.query<{ id: number }>(
    `INSERT INTO items (feed_id, guid, url, title, body, content_hash, lang, published_at, fetched_at, analyzed_revision, analyzed_at)
     VALUES ($1, $2, $3, '', $4, md5($4), $5, $6, $7, 1, now()) RETURNING id`,
    [
      s.feedId,
      `g-${randomBytes(6).toString('hex')}`,
      `https://news.example/${s.feedId}/${randomBytes(4).toString('hex')}`,
      s.text,
      s.lang ?? 'arb',
      s.publishedAt ?? null,
      fetchedAt,
    ],
  );
  const id = r.rows[0].id;
  // the analyzed text is title + "\n\n" + body; the title is empty
  for (const m of s.mentions) {
    const at = s.text.indexOf(m.name);
    if (at < 0) throw new Error(`insertAnalyzedItem: "${m.name}" is not in the text`);
    await db.query(`INSERT INTO mentions (item_id, figure_id, start_pos, end_pos, text) VALUES ($1, $2, $3, $4, $5)`, [
      id,
      m.figureId,
      at + 2,
      at + 2 + m.name.length,
      m.name,
    ]);
  }
  for (const x of s.signals ?? [])
    await db.query(`INSERT INTO item_signals (item_id, figure_id, type, place_id, harm, basis, answers_rumor) VALUES ($1, $2, $3, $4, $5, $6, $7)`, [
      id,
      x.figureId,
      x.type,
      x.placeId ?? '',
      x.harm ?? null,
      x.basis ?? null,
      x.answersRumor ?? false,
    ]);
  return id;
}

/** The alert stage's handler in this process, with queues of its own prefix on the real Redis. */
export interface AlertRunner {
  queues: OpenQueues;
  run(itemIds: number[]): Promise<unknown>;
  close(): Promise<void>;
}

export async function alertRunner(db: TestDb): Promise<AlertRunner> {
  const queues = openQueues({ prefix: `{raqib-alert-test-${randomBytes(4).toString('hex')}}` });
  const ctx = { pool: db.pool, queues, log };
  const res = await alertStage.setup!(ctx);
  return {
    queues,
    run: (itemIds) => alertStage.handle({ data: { itemIds } } as Job<AlertJob>, ctx, res),
    async close() {
      await Promise.all(queues.all.map((q) => q.obliterate({ force: true }).catch(() => {})));
      await queues.close();
    },
  };
}
