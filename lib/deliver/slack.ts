import { alertHeadline, type AlertPayload, type DeliveryEvent } from './alertMessage.ts';
import { postJson, type PostOptions, type PostResult } from './postJson.ts';

export interface SlackMessage {
  text: string;
  blocks: Array<Record<string, unknown>>;
}

/** Slack mrkdwn treats &, < and > as control characters; feed text must not become links or mentions. */
const slackEscape = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The incoming-webhook body: `text` for notifications, blocks for the message itself. */
export function slackMessage(p: AlertPayload): SlackMessage {
  const headline = slackEscape(alertHeadline(p));
  const lines = [`*${headline}*`, slackEscape(p.snippet)];
  if (p.snippetEn) lines.push(`_${slackEscape(p.snippetEn)}_`);
  if (p.noEnglish) lines.push(`(${slackEscape(p.noEnglish)})`);
  if (p.url) lines.push(`<${p.url.replace(/[<>|]/g, encodeURIComponent)}|source>`);
  return {
    text: headline,
    blocks: [{ type: 'section', text: { type: 'mrkdwn', text: lines.join('\n').slice(0, 2900) } }],
  };
}

/**
 * The English of an alert first posted without it. Slack's incoming webhooks answer "ok" and no message
 * timestamp, so a reply cannot be threaded under the first message: this is a follow-up message that names
 * the alert it completes (headline, time) and carries the English.
 */
export function slackUpdateMessage(p: AlertPayload): SlackMessage {
  const headline = slackEscape(alertHeadline(p));
  const lines = [`*English for the alert above* — ${headline}, ${p.createdAt.slice(0, 16).replace('T', ' ')} UTC`];
  if (p.titleEn) lines.push(`*${slackEscape(p.titleEn)}*`);
  if (p.snippetEn) lines.push(`_${slackEscape(p.snippetEn)}_`);
  if (p.url) lines.push(`<${p.url.replace(/[<>|]/g, encodeURIComponent)}|source>`);
  return {
    text: `English: ${headline}`,
    blocks: [{ type: 'section', text: { type: 'mrkdwn', text: lines.join('\n').slice(0, 2900) } }],
  };
}

export function sendSlack(url: string, payload: AlertPayload, opts: PostOptions, event: DeliveryEvent = 'alert'): Promise<PostResult> {
  return postJson(url, JSON.stringify(event === 'alert' ? slackMessage(payload) : slackUpdateMessage(payload)), opts);
}
