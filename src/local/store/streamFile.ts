// One log stream: its events in an append-only file (logLine.ts), and in memory only what the
// index holds (streamIndex.ts). Appends are one write; reads go through cursors from the index.
// Out-of-order appends (allowed across PutLogEvents batches) start a new run; the file is
// rewritten in time order before it is read, and when it has too many runs.
import { statSync } from 'node:fs';
import { dirname } from 'node:path';
import { cutLongLine } from '../../core/logs/outputLines';
import { LAMBDA_LOG_LINE_MAX_CHARS, LOG_EVENT_MAX_BYTES } from '../../core/limits';
import type { AppendFiles } from './appendFiles';
import { AtomicWriter } from './atomicFile';
import { EventCursor } from './eventCursor';
import { LineReader, type ReadAt } from './lineReader';
import {
  eventLine,
  FORMAT_VERSION,
  headerLine,
  looksWrittenByPlatform,
  parseEventLine,
  parseHeader,
  type StoredEvent,
} from './logLine';
import { mergeRuns, type Region } from './runMerge';
import { StreamIndex } from './streamIndex';

export interface NewEvent {
  readonly timestamp: number;
  readonly message: string;
  /** Written by the endpoint itself (START, END, REPORT, …). */
  readonly platform?: boolean;
}

/** Past this many runs an append sorts the file, so that a merge never reads too many at once. */
const MAX_RUNS = 32;
const REWRITE_FLUSH_BYTES = 1024 * 1024;

/** A message longer than CloudWatch holds in one event (kept cut into Lambda's line length). */
function overEventLimit(message: string): boolean {
  return (
    message.length > LAMBDA_LOG_LINE_MAX_CHARS && Buffer.byteLength(message) > LOG_EVENT_MAX_BYTES
  );
}

/** Told of each append once it is stored (Live Tail sessions listen through the LogStore). */
export type AppendListener = (events: readonly NewEvent[], ingestionTime: number) => void;

export class StreamFile {
  private index: StreamIndex;
  private readonly readAt: ReadAt;
  /** Set by the LogStore, which knows the stream's group and region. */
  onAppend: AppendListener | undefined;

  private constructor(
    private readonly files: AppendFiles,
    private readonly path: string,
    readonly name: string,
    readonly creationTime: number,
    index: StreamIndex,
  ) {
    this.index = index;
    this.readAt = (buffer, offset, length, position) =>
      files.readAt(path, buffer, offset, length, position);
  }

  /** A new stream: its file holds the header only. */
  static create(files: AppendFiles, path: string, name: string, creationTime: number): StreamFile {
    const header = Buffer.from(`${headerLine(creationTime)}\n`);
    files.append(path, header);
    return new StreamFile(files, path, name, creationTime, new StreamIndex(header.length));
  }

  /**
   * A stream from its file, read once through to index it. A torn last line (a write cut short by
   * a kill) is cut from the file: the next append would otherwise continue it. A file from before
   * the platform mark, holding events over CloudWatch's size or damaged lines, is rewritten in
   * today's format (when that fails, `log` says so and the file is read as it is). Undefined
   * when the file holds nothing readable.
   */
  static load(
    files: AppendFiles,
    path: string,
    name: string,
    log: (message: string) => void,
  ): StreamFile | undefined {
    const size = statSync(path).size;
    const lines = new LineReader(
      (buffer, offset, length, position) => files.readAt(path, buffer, offset, length, position),
      0,
      size,
    );
    if (!lines.next()) {
      if (size > 0) files.truncate(path, 0);
      return undefined;
    }
    const header = parseHeader(lines.text);
    const version = header?.version ?? 1;
    const index = new StreamIndex(header ? lines.lineEnd : 0);
    let creationTime = header?.creationTime;
    let oversized = false;
    let damaged = false;
    let more = header ? lines.next() : true;
    for (; more; more = lines.next()) {
      const event = parseEventLine(lines.text);
      if (!event) {
        damaged = true; // dropped by the rewrite below: readers count every line as an event
        continue;
      }
      creationTime ??= event.timestamp;
      oversized ||= overEventLimit(event.message);
      index.add(
        event.timestamp,
        event.ingestionTime,
        event.message.length,
        lines.lineStart,
        lines.lineEnd,
      );
    }
    if (lines.position < size) files.truncate(path, lines.position);
    index.end = lines.position;
    if (creationTime === undefined) return undefined;
    const stream = new StreamFile(files, path, name, creationTime, index);
    if (version < FORMAT_VERSION || oversized || damaged) {
      try {
        stream.rewrite({ legacy: version < FORMAT_VERSION });
      } catch (error) {
        log(
          `Could not rewrite the log stream file ${path} in the current format: ${(error as Error).message}`,
        );
      }
    }
    return stream;
  }

  get eventCount(): number {
    return this.index.eventCount;
  }
  get firstEventTimestamp(): number | undefined {
    return this.index.firstEventTimestamp;
  }
  get lastEventTimestamp(): number | undefined {
    return this.index.lastEventTimestamp;
  }
  get lastIngestionTime(): number | undefined {
    return this.index.lastIngestionTime;
  }
  get storedBytes(): number {
    return this.index.storedBytes;
  }

  /** Appends the events with one write; on failure the file is cut back and nothing is recorded. */
  append(events: readonly NewEvent[], ingestionTime: number): void {
    if (events.length === 0) return;
    const lines = events.map(
      (e) =>
        `${eventLine({ timestamp: e.timestamp, ingestionTime, message: e.message, platform: e.platform === true })}\n`,
    );
    const bytes = Buffer.from(lines.length === 1 ? lines[0]! : lines.join(''));
    const start = this.index.end;
    try {
      this.files.append(this.path, bytes);
    } catch (error) {
      try {
        this.files.truncate(this.path, start);
      } catch {
        /* the load's torn-line check is the last resort */
      }
      throw error;
    }
    let offset = start;
    for (let i = 0; i < events.length; i++) {
      const length = lines.length === 1 ? bytes.length : Buffer.byteLength(lines[i]!);
      this.index.add(
        events[i]!.timestamp,
        ingestionTime,
        events[i]!.message.length,
        offset,
        offset + length,
      );
      offset += length;
    }
    this.onAppend?.(events, ingestionTime);
    if (this.index.runs > MAX_RUNS) {
      try {
        this.rewrite();
      } catch {
        // The events are stored; sorting waits for the next read (a full disk, say).
      }
    }
  }

  /** Puts the file in time order if appends arrived out of order. Before any read by time or number. */
  sort(): void {
    if (!this.index.sorted) this.rewrite();
  }

  /** A cursor whose next() gives event number `n` (time order: call sort() first). */
  cursorAt(n: number): EventCursor {
    const point = this.index.pointAtOrBefore(n);
    const cursor = new EventCursor(this.readAt, point, this.index.end);
    cursor.skip(n - point.ordinal);
    return cursor;
  }

  /** A cursor on the first event at or after `t` (`more` is false when there is none). */
  cursorAtTime(t: number): EventCursor {
    const cursor = new EventCursor(this.readAt, this.index.pointBeforeTime(t), this.index.end);
    while (cursor.next() && cursor.timestamp < t);
    return cursor;
  }

  /** The number of the first event at or after `t` (the event count when none is). */
  ordinalAtTime(t: number): number {
    if (this.index.lastEventTimestamp === undefined || t > this.index.lastEventTimestamp)
      return this.index.eventCount;
    const cursor = this.cursorAtTime(t);
    return cursor.more ? cursor.ordinal : this.index.eventCount;
  }

  /**
   * Writes the file again in time order (merging its runs), without the events before
   * `dropBefore`, with events over CloudWatch's size cut at Lambda's line limit and, for a file
   * from before the platform mark (`legacy`), the endpoint's own lines marked by their form.
   * The new file replaces the old with a rename: a kill leaves one or the other.
   */
  rewrite(options: { dropBefore?: number; legacy?: boolean } = {}): void {
    const dropBefore = options.dropBefore ?? -Infinity;
    const writer = new AtomicWriter(this.path);
    try {
      const header = Buffer.from(`${headerLine(this.creationTime)}\n`);
      writer.write(header);
      const index = new StreamIndex(header.length);
      let pending: string[] = [];
      let pendingBytes = 0;
      const flush = () => {
        if (pending.length) writer.write(Buffer.from(pending.join('')));
        pending = [];
        pendingBytes = 0;
      };
      const keep = (event: StoredEvent) => {
        const line = `${eventLine(event)}\n`;
        const offset = writer.size + pendingBytes;
        const length = Buffer.byteLength(line);
        pending.push(line);
        pendingBytes += length;
        index.add(
          event.timestamp,
          event.ingestionTime,
          event.message.length,
          offset,
          offset + length,
        );
        if (pendingBytes >= REWRITE_FLUSH_BYTES) flush();
      };
      mergeRuns(this.readAt, this.regions(), dirname(this.path), (event) => {
        if (event.timestamp < dropBefore) return;
        const platform = options.legacy ? looksWrittenByPlatform(event.message) : event.platform;
        if (!overEventLimit(event.message)) {
          keep({ ...event, platform });
          return;
        }
        const pieces: string[] = [];
        const last = cutLongLine(event.message, LAMBDA_LOG_LINE_MAX_CHARS, pieces);
        for (const message of [...pieces, last]) keep({ ...event, message, platform });
      });
      flush();
      this.files.forget(this.path); // the file is replaced: an open one would keep appending to the old
      writer.commit();
      this.index = index;
    } catch (error) {
      writer.abort();
      throw error;
    }
  }

  /** The runs of the file, each a region in time order. */
  private regions(): Region[] {
    const starts = this.index.runStarts;
    return starts.map((start, i) => ({ start, end: starts[i + 1] ?? this.index.end }));
  }
}
