// A log event's fields as the server sent them, each made what its type says (answerText.ts says
// why). Called per event on the follow's hot path: a typeof check, no allocation for well-formed
// events.
import { answerText } from '../answerText';

/** Text as sent; a number or an object as its JSON; nothing as ''. */
export function eventText(value: unknown): string {
  return typeof value === 'string' ? value : (answerText(value) ?? '');
}

/** A time in ms as sent; anything but a number as 0 (shown as the placeholder time, as a missing one is). */
export function eventTime(value: unknown): number {
  return typeof value === 'number' ? value : 0;
}

/** An event id when it is text (a foreign one of another type matches no mark of ours). */
export function eventId(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
