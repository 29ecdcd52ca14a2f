import { alertHeadline, type AlertPayload } from './alertMessage.ts';
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
  if (p.url) lines.push(`<${p.url.replace(/[<>|]/g, encodeURIComponent)}|source>`);
  return {
    text: headline,
    blocks: [{ type: 'section', text: { type: 'mrkdwn', text: lines.join('\n').slice(0, 2900) } }],
  };
}

export function sendSlack(url: string, payload: AlertPayload, opts: PostOptions): Promise<PostResult> {
  return postJson(url, JSON.stringify(slackMessage(payload)), opts);
}
