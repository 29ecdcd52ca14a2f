import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { loadWatchlist } from '../../config/watchlistSchema.ts';
import { compileWatchlist } from '../../lib/text/matchFigures.ts';
import { loadPlaces } from '../../config/placesSchema.ts';
import { compilePlaces } from '../../lib/statements/matchPlaces.ts';
import { runAnalyze } from './analyze.ts';

const matcher = compileWatchlist(loadWatchlist('config/watchlist.yaml'));

const PROBE = [
  JSON.stringify({ id: 'p1', text: 'نفى مكتب الشيخ قيس الخزعلي في طهران أنباء مقتله' }),
  JSON.stringify({ id: 'p2', text: 'Laith al-Khazali met Muhammad al-Tabatabai in Baghdad.' }),
].join('\n');

async function run(input: string | string[]): Promise<{ lines: Record<string, unknown>[]; counts: { lines: number; errors: number } }> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const counts = await runAnalyze(Readable.from(Array.isArray(input) ? input : [input]), out, { matcher });
  out.end();
  const text = Buffer.concat(chunks).toString('utf8');
  return {
    lines: text
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Record<string, unknown>),
    counts,
  };
}

describe('runAnalyze', () => {
  it('answers the probe with exact spans', async () => {
    const { lines } = await run(PROBE + '\n');
    expect(lines).toEqual([
      { id: 'p1', lang: 'arb', mentions: [{ figureId: 'qais-al-khazali', start: 15, end: 26, text: 'قيس الخزعلي' }] },
      {
        id: 'p2',
        lang: 'eng',
        mentions: [
          { figureId: 'laith-al-khazali', start: 0, end: 16, text: 'Laith al-Khazali' },
          { figureId: 'muhammad-al-tabatabai', start: 21, end: 42, text: 'Muhammad al-Tabatabai' },
        ],
      },
    ]);
  });

  it('a malformed line yields an error line with its number and the run goes on', async () => {
    const input = [
      '{"id":"a","text":"قال الخزعلي"}',
      'not json',
      '',
      '{"id":"b"}',
      '[1,2]',
      '{"id":{},"text":"x"}',
      '{"id":7,"text":"Moqtada al-Sadr"}',
    ].join('\n');
    const { lines, counts } = await run(input);
    expect(lines.map((l) => ('error' in l ? `line ${l.line}` : `id ${l.id}`))).toEqual(['id a', 'line 2', 'line 4', 'line 5', 'line 6', 'id 7']);
    expect(lines[1].error).toMatch(/not JSON/);
    expect(lines[2].error).toMatch(/"text"/);
    expect(lines[4].error).toMatch(/"id"/);
    expect(counts).toEqual({ lines: 7, errors: 4 });
  });

  it('handles CRLF input and lines split across chunks', async () => {
    const whole = PROBE.replace('\n', '\r\n');
    const { lines } = await run([whole.slice(0, 17), whole.slice(17, 95), whole.slice(95)]);
    expect(lines.map((l) => l.id)).toEqual(['p1', 'p2']);
  });

  it('streams a large input line by line', async () => {
    const n = 20_000;
    async function* gen() {
      for (let i = 0; i < n; i++) yield JSON.stringify({ id: i, text: `خبر رقم ${i}: قال قيس الخزعلي` }) + '\n';
    }
    const out = new PassThrough({ highWaterMark: 1024 });
    let count = 0;
    let last = '';
    out.on('data', (c: Buffer) => {
      const s = last + c.toString('utf8');
      const parts = s.split('\n');
      last = parts.pop() ?? '';
      count += parts.length;
    });
    const counts = await runAnalyze(Readable.from(gen()), out, { matcher });
    out.end();
    expect(counts).toEqual({ lines: n, errors: 0 });
    expect(count).toBe(n);
  });
});

describe('runAnalyze with the places gazetteer', () => {
  it('adds debunk, signals tied to their figure, and places', async () => {
    const places = compilePlaces(loadPlaces('config/places.yaml'));
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on('data', (c: Buffer) => chunks.push(c));
    const text = 'نفى مكتب قيس الخزعلي أنباء مقتله، مؤكداً أنه موجود في قم وبصحة جيدة. والتقى ليث الخزعلي وفداً في بغداد.';
    await runAnalyze(Readable.from([JSON.stringify({ id: 1, text })]), out, { matcher, places });
    out.end();
    const line = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { debunk: boolean; signals: Array<Record<string, string>>; places: string[] };
    expect(line.debunk).toBe(true);
    expect(line.places).toEqual(['qom', 'baghdad']);
    // signals may carry more than type, figureId and placeId (harm, basis, speaker): the contract's fields are there
    expect(line.signals).toContainEqual(expect.objectContaining({ type: 'debunk', figureId: 'qais-al-khazali' }));
    expect(line.signals).toContainEqual(expect.objectContaining({ type: 'whereabouts', figureId: 'qais-al-khazali', placeId: 'qom' }));
    expect(line.signals).toContainEqual(expect.objectContaining({ type: 'whereabouts', figureId: 'laith-al-khazali', placeId: 'baghdad' }));
    expect(line.signals.filter((s) => s.type === 'harm_claim')).toEqual([]);
  });

  it('prints what the classifier knows of a signal: the harm, how a debunk answers, the rumour, the speaker', async () => {
    const places = compilePlaces(loadPlaces('config/places.yaml'));
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on('data', (c: Buffer) => chunks.push(c));
    const text = 'Hadi al-Amiri appeared in Najaf days after rumours of his arrest. Qais al-Khazali said Laith al-Khazali was unhurt.';
    await runAnalyze(Readable.from([JSON.stringify({ id: 'x', text })]), out, { matcher, places });
    out.end();
    const line = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { signals: Array<Record<string, unknown>> };
    expect(line.signals).toContainEqual(
      expect.objectContaining({ type: 'debunk', figureId: 'hadi-al-amiri', basis: 'sighting', answersRumor: true }),
    );
    const laith = line.signals.find((s) => s.type === 'debunk' && s.figureId === 'laith-al-khazali');
    expect(laith).toMatchObject({ basis: 'assurance', speaker: { text: 'Qais al-Khazali', figureId: 'qais-al-khazali' } });
    const span = laith!.speaker as { start: number; end: number };
    expect(text.slice(span.start, span.end)).toBe('Qais al-Khazali');
  });
});

describe('raqib analyze (spawned)', () => {
  it('reads stdin and writes JSON Lines through scripts/raqib.ts', () => {
    const dir = mkdtempSync(join(tmpdir(), 'raqib-analyze-'));
    const wl = join(dir, 'watchlist.yaml');
    writeFileSync(wl, 'figures:\n  - {id: someone, name: Someone, aliases: [زيد عمرو]}\n');
    const r = spawnSync('npx', ['tsx', 'scripts/raqib.ts', 'analyze', '--watchlist', wl], {
      input: '{"id":"x","text":"قال زيد عمرو"}\n',
      encoding: 'utf8',
    });
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      id: 'x',
      lang: 'arb',
      mentions: [{ figureId: 'someone', start: 4, end: 12, text: 'زيد عمرو' }],
      debunk: false,
      signals: [],
      places: [],
    });

    const bad = spawnSync('npx', ['tsx', 'scripts/raqib.ts', 'analyze', '--watchlist', join(dir, 'missing.yaml')], { input: '', encoding: 'utf8' });
    expect(bad.status).toBe(1);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toMatch(/missing\.yaml: cannot read/);
  });
});
