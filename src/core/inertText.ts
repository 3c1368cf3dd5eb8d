// Text from a function (its response, log lines, error message) shown in a terminal, an output
// channel or a document: control characters would let it retitle the window, clear the screen,
// rewrite lines or move the cursor; bidirectional controls reorder what is shown (a line could read
// other than it is, "invoice\u202etxt.exe" as "invoiceexe.txt"); line and paragraph separators
// break lines where an editor does. Each one becomes a visible \uXXXX escape instead, except the
// line break and the tab. Inside a JSON string that escape means the same character, so JSON stays
// equivalent.
/** What is made inert, as the body of a regular expression's character class (for a caller that looks for more). */
export const INERT_CHARACTERS =
  '\\x00-\\x08\\x0b-\\x1f\\x7f-\\x9f\\u061c\\u200e\\u200f\\u2028\\u2029\\u202a-\\u202e\\u2066-\\u2069';
const CONTROL = new RegExp(`[${INERT_CHARACTERS}]`, 'g');

export function inertText(text: string): string {
  return text.replace(CONTROL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
