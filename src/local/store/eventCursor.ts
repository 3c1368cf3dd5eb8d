// Reads a stream file's events in file order from an indexed point, one at a time: `timestamp`
// and `ordinal` (its number) come from the line's first bytes, the rest (`event`) is decoded only
// when asked for, so a reader that rules lines out (a filter's terms) decodes only the ones it
// keeps. Every line after the header is an event: files are checked on load and rewritten when
// one is not.
import { LineReader, type ReadAt } from './lineReader';
import { parseEventLine, type StoredEvent } from './logLine';
import type { IndexPoint } from './streamIndex';

const TIMESTAMP_AT = '{"t":'.length;

/** Terms a line must hold for its event to be of interest: all of `required`, one of `anyOf` (when any). */
export interface LineTerms {
  readonly required: readonly Buffer[];
  readonly anyOf: readonly Buffer[];
}

export class EventCursor {
  private readonly lines: LineReader;
  private decoded: StoredEvent | undefined;
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
    this.ordinal += 1;
    this.timestamp = this.lines.integerAt(TIMESTAMP_AT);
    if (Number.isNaN(this.timestamp)) this.timestamp = this.event.timestamp;
    return true;
  }

  /** Moves past `n` events without decoding them; false when the file ends first. */
  skip(n: number): boolean {
    for (let i = 0; i < n; i++) {
      if (!this.lines.next()) return (this.more = false);
      this.ordinal += 1;
    }
    this.decoded = undefined;
    return true;
  }

  /** The size of the current event's stored line, in bytes. */
  get lineBytes(): number {
    return this.lines.lineEnd - this.lines.lineStart;
  }

  /** Whether the current line holds the terms (looked for in its bytes, before any decoding). */
  holds(terms: LineTerms): boolean {
    for (let i = 0; i < terms.required.length; i++)
      if (!this.lines.holds(terms.required[i]!, i)) return false;
    if (terms.anyOf.length === 0) return true;
    for (let i = 0; i < terms.anyOf.length; i++)
      if (this.lines.holds(terms.anyOf[i]!, terms.required.length + i)) return true;
    return false;
  }

  /** Moves to the next line that is an event and decodes it, skipping damaged ones (for a file being checked). */
  nextEvent(): StoredEvent | undefined {
    while (this.next()) {
      const event = parseEventLine(this.lines.text);
      if (event) return (this.decoded = event);
    }
    return undefined;
  }

  /** The current event, decoded. */
  get event(): StoredEvent {
    this.decoded ??= parseEventLine(this.lines.text) ?? {
      timestamp: this.timestamp,
      ingestionTime: this.timestamp,
      message: '',
      platform: false,
    };
    return this.decoded;
  }
}
