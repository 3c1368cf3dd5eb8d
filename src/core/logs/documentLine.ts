// A log event as lines of the editor's log document. Unlike a terminal line (displayLine.ts), an
// event that holds line breaks (a stack trace printed in one call) keeps them: its later lines are
// indented under the first, so that nothing a function prints can pose as a line of its own (every
// event's first line starts with its time at column 0). What the function wrote is untrusted:
// control characters, Unicode line separators and bidirectional overrides are shown as \uXXXX
// (inertText.ts), and a huge event is cut with a marker saying how much was left out.
import { inertText } from '../inertText';
import { DISPLAY_LINE_MAX_CHARS } from './displayLine';

/** Lines of one event shown at most; the rest is counted in a marker. */
export const DOCUMENT_EVENT_MAX_LINES = 200;
/** The width of an ISO time and its space: where an event's later lines start. */
export const CONTINUATION_INDENT = ' '.repeat(25);

/** "2026-12-07T06:27:13.123Z first line" and its later lines indented, without a final line break. */
export function documentLine(time: string, message: string): string {
  let text = message.endsWith('\n')
    ? message.slice(0, message.endsWith('\r\n') ? -2 : -1)
    : message;
  let cut = '';
  if (text.length > DISPLAY_LINE_MAX_CHARS) {
    cut = ` … [${text.length - DISPLAY_LINE_MAX_CHARS} more characters not shown]`;
    text = text.slice(0, DISPLAY_LINE_MAX_CHARS);
  }
  if (!text.includes('\n') && !text.includes('\r')) return `${time} ${inertText(text)}${cut}`;
  const parts = text.split(/\r\n|\r|\n/);
  const shown =
    parts.length > DOCUMENT_EVENT_MAX_LINES ? parts.slice(0, DOCUMENT_EVENT_MAX_LINES) : parts;
  if (shown.length < parts.length)
    cut = `${cut} … [${parts.length - shown.length} more lines not shown]`;
  return `${time} ${shown.map(inertText).join(`\n${CONTINUATION_INDENT}`)}${cut}`;
}

/**
 * An event's time in ISO 8601; a server's answer is untrusted, and a time no date can show (past
 * year 275760, not a number) is a placeholder of the same width, not a RangeError.
 */
export function logTime(timestamp: number): string {
  const date = new Date(timestamp);
  return Number.isNaN(date.getTime()) ? '0000-00-00T00:00:00.000Z' : date.toISOString();
}

/** ISO times of a run of lines, made once per millisecond (lines come in bursts). */
export class TimeText {
  private last = NaN;
  private text = '';

  of(timestamp: number): string {
    if (timestamp !== this.last) {
      this.last = timestamp;
      this.text = logTime(timestamp);
    }
    return this.text;
  }
}

/** A log event's document line, its time written through `times` (one per document or follow). */
export function eventLine(
  times: TimeText,
  event: { readonly timestamp: number; readonly message: string },
): string {
  return documentLine(times.of(event.timestamp), event.message);
}
