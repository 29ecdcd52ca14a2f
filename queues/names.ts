/**
 * Queue names and job payloads. Payloads carry ids, never text: a stage loads what the previous one wrote.
 * Data flows one way: fetch -> (store) -> analyze -> translate -> alert -> deliver.
 */
export const QUEUES = {
  fetch: 'fetch',
  analyze: 'analyze',
  alert: 'alert',
  translate: 'translate',
  deliver: 'deliver',
  /** figure-level checks (surge, silence) run on a schedule */
  watch: 'watch',
} as const;

export type Stage = keyof typeof QUEUES;
export const STAGES = Object.keys(QUEUES) as Stage[];

export interface FetchJob {
  feedId: string;
}
/** Items just stored or changed by a fetch, in batches so one queue hop serves many items. */
export interface AnalyzeJob {
  itemIds: number[];
}
export interface AlertJob {
  itemIds: number[];
}
export interface TranslateJob {
  itemId: number;
}
export interface DeliverJob {
  alertId: number;
}
/**
 * The name of the deliver jobs the translate stage adds when an alert's English lands (or will not come):
 * they send what was waiting for it and owe `alert.updated`, but never plan a delivery of the alert itself.
 */
export const DELIVER_ENGLISH_JOB = 'english';
export interface WatchJob {
  check: 'surge' | 'silence' | 'retention';
}

export interface JobPayloads {
  fetch: FetchJob;
  analyze: AnalyzeJob;
  alert: AlertJob;
  translate: TranslateJob;
  deliver: DeliverJob;
  watch: WatchJob;
}

/** Most item ids one analyze/alert job carries. */
export const ITEM_BATCH = 200;

/** The scheduler id of a feed's repeating fetch. */
export const feedSchedulerId = (feedId: string) => `feed:${feedId}`;
