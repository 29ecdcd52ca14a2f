import { once } from 'node:events';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { Command } from 'commander';
import type { TextAnalysis } from '../../lib/text/analyzeText.ts';
import type { Matcher } from '../../lib/text/matchFigures.ts';
import { placeIds, type StatementAnalysis } from '../../lib/statements/analyzeStatements.ts';
import type { Signal } from '../../lib/statements/classifyStatement.ts';
import type { PlaceMatcher } from '../../lib/statements/matchPlaces.ts';

/**
 * `raqib analyze [--watchlist FILE]`: JSON Lines `{"id", "text"}` on stdin, one line per input on stdout,
 * `{"id", "lang", "mentions": [{"figureId", "start", "end", "text"}]}`, and with the gazetteer `debunk`,
 * `signals` (`type`, `figureId`, `placeId`?, and when known `harm`, `basis`, `answersRumor`, `speaker`) and
 * `places`. Streams, so inputs of any size work;
 * a bad input line becomes `{"line": N, "error": "…"}` and the run goes on. Ops use it to tune aliases.
 */
export function register(program: Command): void {
  program
    .command('analyze')
    .description('language and tracked-figure mentions for JSON Lines {"id","text"} on stdin')
    .option('--watchlist <file>', 'watchlist YAML (default: RAQIB_WATCHLIST, config/watchlist.yaml)')
    .action(async (opts: { watchlist?: string }) => {
      const { settings } = await import('../../config/settings.ts');
      const { loadWatchlist } = await import('../../config/watchlistSchema.ts');
      const { compileWatchlist } = await import('../../lib/text/matchFigures.ts');
      const { loadPlaces } = await import('../../config/placesSchema.ts');
      const { compilePlaces } = await import('../../lib/statements/matchPlaces.ts');
      const matcher = compileWatchlist(loadWatchlist(opts.watchlist ?? settings().RAQIB_WATCHLIST));
      const places = compilePlaces(loadPlaces(settings().RAQIB_PLACES));
      // the statement word lists load now, so a bad file fails the command before any input is read
      const { defaultLexicon } = await import('../../lib/statements/defaultLexicon.ts');
      defaultLexicon();
      const counts = await runAnalyze(process.stdin, process.stdout, { matcher, places });
      if (counts.errors > 0) process.stderr.write(`analyze: ${counts.errors} of ${counts.lines} input lines were malformed\n`);
    });
}

export interface AnalyzeOptions {
  matcher: Matcher;
  /** the places gazetteer; without it lines carry no places, signals or debunk */
  places?: PlaceMatcher;
}

/** Reads JSON Lines from `input` and writes one result line per non-blank input line to `output`. */
export async function runAnalyze(input: Readable, output: Writable, opts: AnalyzeOptions): Promise<{ lines: number; errors: number }> {
  const { analyzeText } = await import('../../lib/text/analyzeText.ts');
  const { analyzeStatements } = await import('../../lib/statements/analyzeStatements.ts');
  const build = (id: string | number, text: string) => {
    const a = analyzeText(text, opts.matcher);
    return analysisLine(id, text, a, opts.places ? analyzeStatements(text, a.lang, a.mentions, opts.places) : undefined);
  };
  let lineNo = 0;
  let errors = 0;
  for await (const raw of createInterface({ input, crlfDelay: Infinity })) {
    lineNo++;
    if (raw.trim() === '') continue;
    let out: object;
    const parsed = parseInputLine(raw);
    if ('error' in parsed) {
      errors++;
      out = { line: lineNo, error: parsed.error };
    } else out = build(parsed.id, parsed.text);
    if (!output.write(JSON.stringify(out) + '\n')) await once(output, 'drain');
  }
  return { lines: lineNo, errors };
}

/** The output line for one input: language, mentions, and (with the gazetteer) statements and places. */
export function analysisLine(id: string | number, _text: string, a: TextAnalysis, st?: StatementAnalysis): Record<string, unknown> {
  return {
    id,
    lang: a.lang,
    mentions: a.mentions.map((m) => ({ figureId: m.figureId, start: m.start, end: m.end, text: m.text })),
    ...(st
      ? {
          debunk: st.debunk,
          signals: st.signals.map(signalOut),
          places: placeIds(st.places),
        }
      : {}),
  };
}

/**
 * One signal as printed: type, figureId and placeId (the contract of INTERFACES.md), then what the
 * classifier knows of it when it knows it: the harm claimed or answered, how a debunk answers (denial,
 * assurance, sighting), whether it names the rumour it answers, and who is credited with saying it.
 */
function signalOut(x: Signal): Record<string, unknown> {
  return {
    type: x.type,
    figureId: x.figureId,
    ...(x.placeId ? { placeId: x.placeId } : {}),
    ...(x.harm ? { harm: x.harm } : {}),
    ...(x.basis ? { basis: x.basis } : {}),
    ...(x.answersRumor ? { answersRumor: true } : {}),
    ...(x.speaker ? { speaker: x.speaker } : {}),
  };
}

export function parseInputLine(raw: string): { id: string | number; text: string } | { error: string } {
  let v: unknown;
  try {
    v = JSON.parse(raw);
  } catch (e) {
    return { error: `not JSON (${(e as Error).message})` };
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return { error: 'expected an object {"id", "text"}' };
  const { id, text } = v as Record<string, unknown>;
  if (typeof id !== 'string' && typeof id !== 'number') return { error: '"id" must be a string or a number' };
  if (typeof text !== 'string') return { error: '"text" must be a string' };
  return { id, text };
}
