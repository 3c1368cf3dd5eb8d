// A text field of a server's answer as text. The SDK passes the server's JSON through unchecked,
// so a foreign endpoint's number or object where text belongs reaches the caller as it is, and
// ended commands after they took effect (sha.slice, message.startsWith is not a function). It is
// shown as its JSON rather than dropped; nothing stays nothing.

/** Text as sent; a number, boolean or object as its JSON; undefined or null as undefined. */
export function answerText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  return value === undefined || value === null ? undefined : JSON.stringify(value);
}
