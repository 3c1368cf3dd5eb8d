// Reads a stream file's events in file order from an indexed point, one at a time: `timestamp`
// and `ordinal` (its number) come from the line's start, the rest (`event`) is decoded only when
// asked for, so a reader that rules lines out (a filter) decodes only the ones it keeps. Every
// line after the header is an event: files are checked on load and rewritten when one is not.
import { LineReader, type ReadAt } from './lineReader';
import { parseEventLine, type StoredEvent } from './logLine';
import type { IndexPoint } from './streamIndex';

const TIMESTAMP_AT = '{"t":'.length;

/** The timestamp a line starts with, read in place (whole milliseconds, the usual case), else NaN. */
function leadingTimestamp(line: string): number {
  let value = 0;
  let i = TIMESTAMP_AT;
  const negative = line.charCodeAt(i) === 0x2d;
  if (negative) i++;
  const first = i;
  for (let code = line.charCodeAt(i); code >= 0x30 && code <= 0x39; code = line.charCodeAt(++i)) value = value * 10 + (code - 0x30);
  if (i === first || line.charCodeAt(i) !== 0x2c || i - first > 15) return Number(line.slice(TIMESTAMP_AT, line.indexOf(',', TIMESTAMP_AT)));
  return negative ? -value : value;
}

export class EventCursor {
  private readonly lines: LineReader;
  private decoded: StoredEvent | undefined;
  /** The current event's line as stored (JSON). */
  line = '';
  timestamp = NaN;
  ordinal: number;
  /** False once next() has passed the last event. */
  more = false;

  constructor(readAt: ReadAt, from: IndexPoint, end: number) {
    this.lines = new LineReader(readAt, from.offset, end);
    this.ordinal = from.ordinal - 1;
  }

  /** Moves to the next event; false at the end. */
  next(): boolean {
    this.decoded = undefined;
    this.more = this.lines.next();
    if (!this.more) return false;
    this.line = this.lines.text;
    this.ordinal += 1;
    this.timestamp = leadingTimestamp(this.line);
    if (Number.isNaN(this.timestamp)) this.timestamp = this.event.timestamp;
    return true;
  }

  /** Moves past `n` events without decoding them; false when the file ends first. */
  skip(n: number): boolean {
    this.decoded = undefined;
    for (let i = 0; i < n; i++) {
      if (!this.lines.skip()) return (this.more = false);
      this.ordinal += 1;
    }
    return true;
  }

  /** Moves to the next line that is an event and decodes it, skipping damaged ones (for a file being checked). */
  nextEvent(): StoredEvent | undefined {
    while (this.next()) {
      const event = parseEventLine(this.line);
      if (event) return (this.decoded = event);
    }
    return undefined;
  }

  /** The current event, decoded. */
  get event(): StoredEvent {
    this.decoded ??= parseEventLine(this.line) ?? { timestamp: this.timestamp, ingestionTime: this.timestamp, message: '', platform: false };
    return this.decoded;
  }
}
