import { makeSnippet, type Snippet } from './makeSnippet.ts';
import type { ItemSignalType } from './alertKind.ts';

export interface PlannedAlert {
  figureId: string;
  /** set when this (item, figure) already has an alert (an edited item): never a second alert */
  existingAlertId: number | null;
  signals: Array<{ type: ItemSignalType; placeId: string | null }>;
  snippet: Snippet;
}

/** Per figure mentioned in one item, in order of first mention: its signals, snippet and any existing alert. */
export function planItemAlerts(
  text: string,
  mentions: Array<{ figure_id: string; start_pos: number; end_pos: number }>,
  signals: Array<{ figure_id: string; type: ItemSignalType; place_id: string }>,
  alerted: Array<{ figure_id: string; alert_id: number }>,
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
    signals: signals.filter((x) => x.figure_id === figureId).map((x) => ({ type: x.type, placeId: x.place_id || null })),
    snippet: makeSnippet(text, s),
  }));
}
