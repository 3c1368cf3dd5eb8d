// A log event's fields as the server sent them, each made what its type says (answerText.ts says
// why). Called per event on the follow's hot path: a typeof check, no allocation for well-formed
// events.
import type { FilteredLogEvent } from '@aws-sdk/client-cloudwatch-logs';
import { isPlatformEventId } from '../../core/logs/platformMark';
import { answerText } from '../answerText';
import type { LogLine } from './followLogs';

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

/**
 * A FilterLogEvents event as the follow, the search and one invocation's lines take it; `platform`
 * only for a line the local endpoint marked as its own (core/logs/platformMark.ts).
 */
export function logLineOf(e: FilteredLogEvent, fromLocalEndpoint: boolean | undefined): LogLine {
  const id = eventId(e.eventId);
  return {
    logStreamName: eventText(e.logStreamName),
    timestamp: eventTime(e.timestamp),
    message: eventText(e.message),
    platform: fromLocalEndpoint === true && isPlatformEventId(id),
    ...(id ? { eventId: id } : {}),
  };
}
