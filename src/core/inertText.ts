// Text from a function (its response, log lines, error message) shown in a terminal or an output
// channel: control characters would let it retitle the window, clear the screen, rewrite lines
// or move the cursor. Each one becomes a visible \uXXXX escape instead, except the line break and
// the tab. Inside a JSON string that escape means the same character, so JSON stays equivalent.
// eslint-disable-next-line no-control-regex -- control characters are what this finds
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/g;

export function inertText(text: string): string {
  return text.replace(CONTROL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
