// Reading events for GetLogEvents (one stream, by number) and FilterLogEvents (a group's streams
// merged in time order), straight from the stream files. A page holds at most 10,000 events and
// 1 MB, as CloudWatch's do, and one FilterLogEvents request reads at most SCAN_BUDGET of the
// group before it answers with what it found and a nextToken (CloudWatch may also answer with no
// events and a token): no request holds the endpoint for long, whatever the volume of logs.
import { LOG_EVENT_OVERHEAD_BYTES, LOG_RESPONSE_MAX_BYTES } from '../../core/limits';
import { markedEventId } from '../../core/logs/platformMark';
import type { StoredEvent } from '../store/logLine';
import type { LogStream } from '../store/logStore';
import type { EventCursor, LineTerms } from '../store/eventCursor';

/** What one FilterLogEvents request reads at most, in bytes of stored lines. */
export const SCAN_BUDGET = 8 * 1024 * 1024;
/** As CloudWatch counts an event. */
const sizeOf = (message: string) => Buffer.byteLength(message) + LOG_EVENT_OVERHEAD_BYTES;

export interface OutputEvent {
  readonly timestamp: number;
  readonly message: string;
  readonly ingestionTime: number;
}

export interface StreamPageRequest {
  readonly startTime?: number;
  readonly endTime?: number;
  readonly limit: number;
  /** Where a previous page's token points, and which way to read. */
  readonly token?: { readonly forward: boolean; readonly at: number };
  readonly startFromHead: boolean;
}

/** One page of GetLogEvents: events [from, to) of the stream in time order. */
export function streamPage(
  stream: LogStream,
  request: StreamPageRequest,
): { events: OutputEvent[]; from: number; to: number } {
  stream.sort();
  const lo = request.startTime !== undefined ? stream.ordinalAtTime(request.startTime) : 0;
  const hi =
    request.endTime !== undefined
      ? Math.max(lo, stream.ordinalAtTime(request.endTime))
      : stream.eventCount;
  const forward = request.token ? request.token.forward : request.startFromHead;
  const at = request.token ? Math.min(Math.max(request.token.at, lo), hi) : forward ? lo : hi;
  if (forward) {
    const events: OutputEvent[] = [];
    let bytes = 0;
    const cursor = stream.cursorAt(at);
    while (events.length < request.limit && at + events.length < hi && cursor.next()) {
      const event = cursor.event;
      bytes += sizeOf(event.message);
      if (events.length > 0 && bytes > LOG_RESPONSE_MAX_BYTES) break;
      events.push(output(event));
    }
    return { events, from: at, to: at + events.length };
  }
  // Backward: the newest events before `at` that fit, read forward through a sliding window.
  const start = Math.max(lo, at - request.limit);
  const window: OutputEvent[] = [];
  const sizes: number[] = [];
  let first = 0;
  let bytes = 0;
  const cursor = stream.cursorAt(start);
  for (let n = start; n < at && cursor.next(); n++) {
    const event = cursor.event;
    window.push(output(event));
    sizes.push(sizeOf(event.message));
    bytes += sizes[sizes.length - 1]!;
    while (bytes > LOG_RESPONSE_MAX_BYTES && window.length - first > 1) bytes -= sizes[first++]!;
  }
  const events = window.slice(first);
  return { events, from: at - events.length, to: at };
}

export interface FilterRequest {
  readonly startTime: number;
  readonly endTime: number;
  readonly limit: number;
  readonly matches: (message: string) => boolean;
  /** Terms an event's stored line must hold, looked for before it is decoded (rawPrefilter.ts). */
  readonly prefilter?: LineTerms;
  /** The last event a previous page examined. */
  readonly after?: FilterPosition;
}

/** An event's place in the merged order: timestamp, stream name, number in its stream. */
export interface FilterPosition {
  readonly t: number;
  readonly s: string;
  readonly i: number;
}

export interface FilteredEvent extends OutputEvent {
  readonly logStreamName: string;
  readonly eventId: string;
}

/** One page of FilterLogEvents over `streams` (sorted by name): matching events in (time, stream, number) order. */
export function filterPage(
  streams: readonly LogStream[],
  request: FilterRequest,
): { events: FilteredEvent[]; last?: FilterPosition; exhausted: boolean } {
  const after = request.after;
  const from = Math.max(request.startTime, after?.t ?? -Infinity);
  const heap = new CursorHeap();
  streams.forEach((stream, order) => {
    if (
      stream.eventCount === 0 ||
      stream.lastEventTimestamp! < from ||
      stream.firstEventTimestamp! >= request.endTime
    )
      return;
    stream.sort();
    heap.push({
      stream,
      order,
      eventIdPart: String(order).padStart(6, '0'),
      key: Math.max(from, stream.firstEventTimestamp!),
      cursor: undefined,
    });
  });
  const events: FilteredEvent[] = [];
  let bytes = 0;
  let scanned = 0;
  // The last event examined (kept as values: an object for each would be garbage).
  let lastT = NaN;
  let lastS = '';
  let lastI = -1;
  const position = (): FilterPosition | undefined =>
    lastI < 0 ? undefined : { t: lastT, s: lastS, i: lastI };
  for (let top = heap.peek(); top; top = heap.peek()) {
    const cursor = top.cursor;
    if (!cursor) {
      // Opened only when it is the earliest: its key until then is a lower bound.
      top.cursor = top.stream.cursorAtTime(from);
      if (after) skipSeen(top.cursor, top.stream.name, after);
      if (advanced(top, request.endTime)) heap.fix();
      else heap.pop();
      continue;
    }
    if (scanned >= SCAN_BUDGET) return { events, last: position(), exhausted: false };
    const event = !request.prefilter || cursor.holds(request.prefilter) ? cursor.event : undefined;
    const size = event && request.matches(event.message) ? sizeOf(event.message) : 0;
    if (
      size &&
      (events.length === request.limit ||
        (events.length > 0 && bytes + size > LOG_RESPONSE_MAX_BYTES))
    )
      return { events, last: position(), exhausted: false };
    scanned += cursor.lineBytes;
    if (event && size) {
      bytes += size;
      events.push({
        logStreamName: top.stream.name,
        timestamp: event.timestamp,
        message: event.message,
        ingestionTime: event.ingestionTime,
        eventId: markedEventId(
          `${event.timestamp}${top.eventIdPart}${String(cursor.ordinal).padStart(12, '0')}`,
          event.platform,
        ),
      });
    }
    lastT = cursor.timestamp;
    lastS = top.stream.name;
    lastI = cursor.ordinal;
    cursor.next();
    if (advanced(top, request.endTime)) heap.fix();
    else heap.pop();
  }
  return { events, last: position(), exhausted: true };
}

function output(e: StoredEvent): OutputEvent {
  return { timestamp: e.timestamp, message: e.message, ingestionTime: e.ingestionTime };
}

/** Moves past the events a previous page already examined (same timestamp, earlier in the order). */
function skipSeen(cursor: EventCursor, name: string, after: FilterPosition): void {
  while (
    cursor.more &&
    cursor.timestamp === after.t &&
    (name < after.s || (name === after.s && cursor.ordinal <= after.i))
  )
    cursor.next();
}

/** Sets the entry's key to its cursor's event; false when it has none left before `endTime`. */
function advanced(entry: HeapEntry, endTime: number): boolean {
  const cursor = entry.cursor!;
  if (!cursor.more || cursor.timestamp >= endTime) return false;
  entry.key = cursor.timestamp;
  return true;
}

interface HeapEntry {
  readonly stream: LogStream;
  /** The stream's place among the request's streams: the tie-break, and part of the eventId. */
  readonly order: number;
  readonly eventIdPart: string;
  key: number;
  cursor: EventCursor | undefined;
}

/** A binary min-heap on (key, order): the stream whose next event comes first on top. */
class CursorHeap {
  private readonly items: HeapEntry[] = [];

  peek(): HeapEntry | undefined {
    return this.items[0];
  }

  push(entry: HeapEntry): void {
    const items = this.items;
    items.push(entry);
    for (let i = items.length - 1; i > 0;) {
      const parent = (i - 1) >> 1;
      if (!before(items[i]!, items[parent]!)) break;
      [items[i], items[parent]] = [items[parent]!, items[i]!];
      i = parent;
    }
  }

  pop(): void {
    const items = this.items;
    const last = items.pop()!;
    if (items.length) {
      items[0] = last;
      this.fix();
    }
  }

  /** Restores the order after the top's key grew. */
  fix(): void {
    const items = this.items;
    for (let i = 0; ;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let least = i;
      if (left < items.length && before(items[left]!, items[least]!)) least = left;
      if (right < items.length && before(items[right]!, items[least]!)) least = right;
      if (least === i) return;
      [items[i], items[least]] = [items[least]!, items[i]!];
      i = least;
    }
  }
}

function before(a: HeapEntry, b: HeapEntry): boolean {
  return a.key < b.key || (a.key === b.key && a.order < b.order);
}
