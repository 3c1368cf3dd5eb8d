// What the endpoint keeps in memory about one log stream: its figures (events, first and last
// event time, last ingestion, bytes) and a sparse index into its file, one entry every 64 KB
// (ordinal, offset, timestamp), so that a read starts near where it is asked to, whatever the
// stream's size. Events are in the file in arrival order; `runs` counts the stretches in which
// timestamps never go down. One run means file order is time order; more need sorting first.
import { LOG_EVENT_OVERHEAD_BYTES } from '../../core/limits';

const INDEX_SPACING_BYTES = 64 * 1024;

export interface IndexPoint {
  /** The event's number in file order (0 for the first). */
  readonly ordinal: number;
  /** Where its line starts in the file. */
  readonly offset: number;
}

export class StreamIndex {
  eventCount = 0;
  firstEventTimestamp: number | undefined;
  lastEventTimestamp: number | undefined;
  lastIngestionTime: number | undefined;
  /** As CloudWatch counts an upload: each message's length plus 26. */
  storedBytes = 0;
  /** Where the next event's line will start: the end of the last complete line. */
  end: number;
  /** The offsets at which a run starts (the first at `dataStart`). */
  readonly runStarts: number[] = [];
  private readonly ordinals: number[] = [];
  private readonly offsets: number[] = [];
  private readonly timestamps: number[] = [];
  /** The timestamp of the last event in file order (a smaller one starts a run). */
  private lastInFile = -Infinity;

  /** `dataStart`: where the first event's line starts (after the header). */
  constructor(readonly dataStart: number) {
    this.end = dataStart;
  }

  get sorted(): boolean {
    return this.runStarts.length <= 1;
  }

  get runs(): number {
    return this.runStarts.length;
  }

  /** Records an event whose line spans [offset, next) and was just written or read. */
  add(
    timestamp: number,
    ingestionTime: number,
    messageLength: number,
    offset: number,
    next: number,
  ): void {
    if (timestamp < this.lastInFile || this.runStarts.length === 0) this.runStarts.push(offset);
    this.lastInFile = timestamp;
    const lastIndexed = this.offsets[this.offsets.length - 1];
    if (lastIndexed === undefined || offset - lastIndexed >= INDEX_SPACING_BYTES) {
      this.ordinals.push(this.eventCount);
      this.offsets.push(offset);
      this.timestamps.push(timestamp);
    }
    this.eventCount += 1;
    if (this.firstEventTimestamp === undefined || timestamp < this.firstEventTimestamp)
      this.firstEventTimestamp = timestamp;
    if (this.lastEventTimestamp === undefined || timestamp > this.lastEventTimestamp)
      this.lastEventTimestamp = timestamp;
    if (this.lastIngestionTime === undefined || ingestionTime > this.lastIngestionTime)
      this.lastIngestionTime = ingestionTime;
    this.storedBytes += messageLength + LOG_EVENT_OVERHEAD_BYTES;
    this.end = next;
  }

  /** The indexed event at or before ordinal `n` (file order); where a read of event n starts. */
  pointAtOrBefore(n: number): IndexPoint {
    let lo = 0;
    let hi = this.ordinals.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.ordinals[mid]! <= n) lo = mid + 1;
      else hi = mid;
    }
    return this.point(lo - 1);
  }

  /** In a sorted stream: the indexed event from which every event at or after `t` follows. */
  pointBeforeTime(t: number): IndexPoint {
    let lo = 0;
    let hi = this.timestamps.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.timestamps[mid]! < t) lo = mid + 1;
      else hi = mid;
    }
    return this.point(lo - 1);
  }

  private point(i: number): IndexPoint {
    if (i < 0) return { ordinal: 0, offset: this.dataStart };
    return { ordinal: this.ordinals[i]!, offset: this.offsets[i]! };
  }
}
