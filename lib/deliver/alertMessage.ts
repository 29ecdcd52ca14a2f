/**
 * What a delivery is: the alert, or (webhook and Slack) `alert.updated`, the English of an alert first sent
 * without it.
 */
export type DeliveryEvent = 'alert' | 'alert.updated';

/** What a delivery says about an alert, whatever the channel. Built from the alert row and its names. */
export interface AlertForDelivery {
  id: number;
  kind: string;
  priority: string;
  figure_id: string;
  figure_name: string | null;
  feed_id: string | null;
  feed_name: string | null;
  lang: string | null;
  snippet: string;
  snippet_en: string | null;
  /** the item's English headline, which lands before the body's English */
  item_title_en?: string | null;
  item_url: string | null;
  created_at: Date;
}

export interface AlertPayload {
  id: number;
  kind: string;
  priority: string;
  figure: { id: string; name: string };
  outlet: { id: string; name: string } | null;
  lang: string | null;
  snippet: string;
  snippetEn: string | null;
  /** the English headline (the item's title), when translated */
  titleEn: string | null;
  /** why English is missing or incomplete ("no English: no model for Arabic"); null when it is all there */
  noEnglish: string | null;
  url: string | null;
  createdAt: string;
}

export const KIND_LABELS: Record<string, string> = {
  mention: 'Mention',
  debunk: 'Debunk',
  harm_claim: 'Harm claim',
  whereabouts: 'Whereabouts',
  appearance: 'Appearance',
  surge: 'Surge',
  silence: 'Silence',
};

export const kindLabel = (kind: string): string => KIND_LABELS[kind] ?? kind;

export function alertPayload(a: AlertForDelivery, noEnglish: string | null = null): AlertPayload {
  return {
    id: a.id,
    kind: a.kind,
    priority: a.priority,
    figure: { id: a.figure_id, name: a.figure_name ?? a.figure_id },
    outlet: a.feed_id ? { id: a.feed_id, name: a.feed_name ?? a.feed_id } : null,
    lang: a.lang,
    snippet: a.snippet,
    snippetEn: a.snippet_en,
    titleEn: a.item_title_en ?? null,
    noEnglish,
    url: a.item_url,
    createdAt: a.created_at.toISOString(),
  };
}

/** One line for subjects and notifications: "Debunk: Abu Fadak (Baghdad Today)". */
export function alertHeadline(p: AlertPayload): string {
  return `${p.priority === 'high' ? '[high] ' : ''}${kindLabel(p.kind)}: ${p.figure.name}${p.outlet ? ` (${p.outlet.name})` : ''}`;
}
