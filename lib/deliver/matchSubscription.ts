/** The parts of a subscription that decide whether an alert goes to it. */
export interface SubscriptionFilter {
  enabled: boolean;
  /** empty: every figure */
  figure_ids: readonly string[];
  /** empty: every kind */
  kinds: readonly string[];
}

export function matchesSubscription(sub: SubscriptionFilter, alert: { figure_id: string; kind: string }): boolean {
  if (!sub.enabled) return false;
  if (sub.figure_ids.length > 0 && !sub.figure_ids.includes(alert.figure_id)) return false;
  if (sub.kinds.length > 0 && !sub.kinds.includes(alert.kind)) return false;
  return true;
}

/** Delay before attempt `attempts + 1`: base doubled per failed attempt, capped at one hour. */
export function retryDelayMs(attempts: number, baseMs: number): number {
  return Math.min(baseMs * 2 ** Math.max(0, attempts - 1), 3_600_000);
}
