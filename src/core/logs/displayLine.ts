// A log line for a terminal or a document: what the function wrote is untrusted, so control
// characters are made inert (inertText.ts), and a huge line is shortened with a marker that says
// how much was left out, so that one line cannot flood the screen or the editor.
import { INERT_CHARACTERS, inertText } from '../inertText';

/** Lines longer than this are shortened (Lambda's own line limit is 256 KB). */
export const DISPLAY_LINE_MAX_CHARS = 8192;

// Any character either step below changes (a line break, or one inertText changes): one scan
// tells the common line, which needs neither.
const NEEDS_CHANGE = new RegExp(`[\\n\\r${INERT_CHARACTERS}]`);

export function displayLine(message: string, maxChars = DISPLAY_LINE_MAX_CHARS): string {
  if (message.length <= maxChars && !NEEDS_CHANGE.test(message)) return message;
  // Line breaks inside one event would look like separate lines: shown as \n like other escapes.
  const oneLine =
    message.includes('\n') || message.includes('\r')
      ? message.replace(/\r?\n$/, '').replace(/[\r\n]/g, (c) => (c === '\n' ? '\\n' : '\\r'))
      : message;
  if (oneLine.length <= maxChars) return inertText(oneLine);
  const left = oneLine.length - maxChars;
  return `${inertText(oneLine.slice(0, maxChars))} … [${left} more characters not shown]`;
}
