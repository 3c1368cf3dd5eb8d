// Reads a stream file's events in file order from an indexed point, one at a time: `event` is
// the current one and `ordinal` its number. A line that is not an event (damaged) is skipped
// and not counted, exactly as when the file was loaded, so numbers agree with the index.
import { LineReader, type ReadAt } from './lineReader';
import { parseEventLine, type StoredEvent } from './logLine';
import type { IndexPoint } from './streamIndex';

export class EventCursor {
  private readonly lines: LineReader;
  private readonly start: number;
  event: StoredEvent | undefined;
  ordinal: number;

  constructor(readAt: ReadAt, from: IndexPoint, end: number) {
    this.lines = new LineReader(readAt, from.offset, end);
    this.start = from.offset;
    this.ordinal = from.ordinal - 1;
  }

  /** Moves to the next event; false (and no event) at the end. */
  next(): boolean {
    while (this.lines.next()) {
      const event = parseEventLine(this.lines.text);
      if (event) {
        this.event = event;
        this.ordinal += 1;
        return true;
      }
    }
    this.event = undefined;
    return false;
  }

  /** The bytes read so far: what a read has cost. */
  get bytesRead(): number {
    return this.lines.lineEnd - this.start;
  }
}
