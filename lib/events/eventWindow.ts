/** The published span of an event so far, in ms since the epoch. */
export interface EventSpan {
  firstAt: number;
  lastAt: number;
}

/**
 * Whether a statement published at `t` belongs to an event: it must keep the event's whole span within the
 * window, whichever side it falls on (an outlet that published earlier but arrived later still joins, and
 * becomes the event's first source). So an event never spans more than `windowMs`, and a denial repeated a
 * week later is a new event.
 */
export function fitsEvent(e: EventSpan, t: number, windowMs: number): boolean {
  return t >= e.lastAt - windowMs && t <= e.firstAt + windowMs;
}

/** The event a statement at `t` joins among those of its key: the latest-ending one it fits, if any. */
export function pickEvent<E extends EventSpan & { id: number }>(candidates: readonly E[], t: number, windowMs: number): E | undefined {
  let best: E | undefined;
  for (const e of candidates) {
    if (!fitsEvent(e, t, windowMs)) continue;
    if (!best || e.lastAt > best.lastAt || (e.lastAt === best.lastAt && e.id < best.id)) best = e;
  }
  return best;
}

/** The span after a statement at `t` joined. */
export function widen(e: EventSpan, t: number): void {
  if (t < e.firstAt) e.firstAt = t;
  if (t > e.lastAt) e.lastAt = t;
}

/** One key per figure, signal type and (for whereabouts) place: statements with the same key can be one event. */
export const eventKey = (figureId: string, type: string, placeId: string): string => `${figureId}\u0000${type}\u0000${placeId}`;
