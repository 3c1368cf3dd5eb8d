// A log event's fields as the server sent them. The SDK passes its JSON through unchecked, so a
// foreign endpoint that answers a number or an object where text belongs would make every reader
// throw (message.startsWith is not a function) and end the command: each field is made what its
// type says, the server's value shown rather than dropped. Called per event on the follow's hot
// path: a typeof check, no allocation for well-formed events.

/** Text as sent; a number or an object as its JSON; nothing as ''. */
export function eventText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === undefined || value === null) return '';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/** A time in ms as sent; anything but a number as 0 (shown as the placeholder time, as a missing one is). */
export function eventTime(value: unknown): number {
  return typeof value === 'number' ? value : 0;
}

/** An event id when it is text (a foreign one of another type matches no mark of ours). */
export function eventId(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
