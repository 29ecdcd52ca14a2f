/**
 * The one text that analysis runs on and that mention/place offsets (UTF-16, `mentions.start_pos/end_pos`)
 * point into: the title, a blank line, the body. Every stage that reads or writes those offsets builds the
 * text here, so they can never disagree.
 */
export const TITLE_BODY_SEPARATOR = '\n\n';

export function analyzedText(title: string, body: string): string {
  return title + TITLE_BODY_SEPARATOR + body;
}

/** Where the body starts in analyzedText(title, body). */
export function bodyOffset(title: string): number {
  return title.length + TITLE_BODY_SEPARATOR.length;
}
