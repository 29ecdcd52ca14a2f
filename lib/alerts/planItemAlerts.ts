import type { ItemSignalRow } from '../../db/sql/loadSignalsOfItems.ts';
import { makeSnippet, type Snippet } from './makeSnippet.ts';
import type { PairSignal } from './planAlertBatch.ts';

export interface PlannedAlert {
  figureId: string;
  /** set when this (item, figure) already has an alert (an edited item): never a second alert */
  existingAlertId: number | null;
  signals: PairSignal[];
  snippet: Snippet;
}

/** Per figure mentioned in one item, in order of first mention: its signals, snippet and any existing alert. */
export function planItemAlerts(
  text: string,
  mentions: ReadonlyArray<{ figure_id: string; start_pos: number; end_pos: number }>,
  signals: ReadonlyArray<Pick<ItemSignalRow, 'figure_id' | 'type' | 'place_id' | 'harm' | 'basis' | 'answers_rumor'>>,
  alerted: ReadonlyArray<{ figure_id: string; alert_id: number }>,
): PlannedAlert[] {
  const spans = new Map<string, Array<{ start: number; end: number }>>();
  for (const m of [...mentions].sort((a, b) => a.start_pos - b.start_pos)) {
    let list = spans.get(m.figure_id);
    if (!list) spans.set(m.figure_id, (list = []));
    list.push({ start: m.start_pos, end: m.end_pos });
  }
  const existing = new Map(alerted.map((a) => [a.figure_id, a.alert_id]));
  return [...spans].map(([figureId, s]) => ({
    figureId,
    existingAlertId: existing.get(figureId) ?? null,
    signals: signals
      .filter((x) => x.figure_id === figureId)
      .map((x) => ({
        type: x.type,
        placeId: x.place_id || null,
        harm: x.harm ?? null,
        basis: x.basis ?? null,
        answersRumor: x.answers_rumor === true,
      })),
    snippet: makeSnippet(text, s),
  }));
}
