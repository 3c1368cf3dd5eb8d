// Reads the lines of a region of a file, one at a time, through a small buffer: reading a stream
// of any size holds one buffer (grown only for a line longer than it), never the file. A line is
// decoded only when its text is asked for; until then it can be looked at as bytes (a number at
// its start, whether it holds a term), which is all a reader ruling lines out needs.
import { isAscii } from 'node:buffer';

export type ReadAt = (buffer: Buffer, offset: number, length: number, position: number) => number;

const INITIAL_BUFFER_BYTES = 16 * 1024;
const READ_BYTES = 64 * 1024;

export class LineReader {
  private buffer = Buffer.allocUnsafe(INITIAL_BUFFER_BYTES);
  /** The file offset of buffer[0]. */
  private bufferAt: number;
  private filled = 0;
  private at = 0;
  /** Where to look for the next newline: the bytes before it hold none (a long line is scanned once). */
  private searchFrom = 0;
  /** Whether the bytes read in are all ASCII: lines then decode as Latin-1, which is quicker. */
  private ascii = false;
  /** The current line's bytes in the buffer: [bytesStart, bytesEnd), bytesEnd its newline. */
  private bytesStart = 0;
  private bytesEnd = 0;
  private decoded: string | undefined;
  /** Counts the buffer's changes: term positions found in an earlier one no longer hold. */
  private generation = 0;
  private termsGeneration = -1;
  /** Per term: where it next occurs in the buffer (at or after the line it was looked for in), -1 nowhere. */
  private readonly termAt: number[] = [];
  /** Where the current line starts in the file, and where the next one starts. */
  lineStart = 0;
  lineEnd = 0;

  /** Lines from `start` (a line's start) up to `end`; `end` is where reading stops. */
  constructor(
    private readonly readAt: ReadAt,
    start: number,
    private readonly end: number,
  ) {
    this.bufferAt = start;
    this.lineEnd = start;
  }

  /** The offset just past the last complete line read: bytes beyond it at the end are a torn line. */
  get position(): number {
    return this.bufferAt + this.at;
  }

  /** The current line, decoded. */
  get text(): string {
    this.decoded ??= this.buffer.toString(
      this.ascii ? 'latin1' : 'utf8',
      this.bytesStart,
      this.bytesEnd,
    );
    return this.decoded;
  }

  /** Moves to the next complete line; false at the end (a last line without its newline is not one). */
  next(): boolean {
    const newline = this.findNewline();
    if (newline < 0) return false;
    this.decoded = undefined;
    this.bytesStart = this.at;
    this.bytesEnd = newline;
    this.lineStart = this.bufferAt + this.at;
    this.at = newline + 1;
    this.lineEnd = this.bufferAt + this.at;
    return true;
  }

  /** The whole number of up to 15 digits (with an optional minus) `skip` bytes into the line, ended by a comma; else NaN. */
  integerAt(skip: number): number {
    let i = this.bytesStart + skip;
    const negative = this.buffer[i] === 0x2d;
    if (negative) i++;
    const first = i;
    let value = 0;
    for (
      let byte = this.buffer[i]!;
      byte >= 0x30 && byte <= 0x39 && i < this.bytesEnd;
      byte = this.buffer[++i]!
    )
      value = value * 10 + (byte - 0x30);
    if (i === first || i - first > 15 || this.buffer[i] !== 0x2c || i >= this.bytesEnd) return NaN;
    return negative ? -value : value;
  }

  /**
   * Whether the current line holds `term` (bytes, no newline in them). `slot` numbers the term:
   * where it occurs next is remembered, so a run of lines is searched once per term, not per line.
   */
  holds(term: Buffer, slot: number): boolean {
    if (this.termsGeneration !== this.generation) {
      this.termAt.length = 0;
      this.termsGeneration = this.generation;
    }
    let found = this.termAt[slot];
    if (found === undefined || (found >= 0 && found < this.bytesStart)) {
      found = this.buffer.indexOf(term, this.bytesStart);
      if (found >= this.filled) found = -1; // past the bytes read: not in this buffer
      this.termAt[slot] = found;
    }
    return found >= 0 && found < this.bytesEnd;
  }

  /** The buffer index of the newline ending the next line, reading as needed; -1 at the end. */
  private findNewline(): number {
    for (;;) {
      const newline = this.buffer.indexOf(0x0a, Math.max(this.at, this.searchFrom));
      if (newline >= 0 && newline < this.filled) return newline;
      this.searchFrom = this.filled;
      if (!this.fill()) return -1;
    }
  }

  /** Reads more of the file after what is buffered; false when there is no more before `end`. */
  private fill(): boolean {
    const fileAt = this.bufferAt + this.filled;
    if (fileAt >= this.end) return false;
    this.generation += 1;
    // Keep the unread part of the current line at the start; grow when it fills the buffer.
    const pending = this.filled - this.at;
    if (this.at > 0) {
      this.buffer.copy(this.buffer, 0, this.at, this.filled);
      this.bufferAt += this.at;
      this.searchFrom -= this.at;
      this.at = 0;
      this.filled = pending;
    }
    if (this.buffer.length - this.filled < READ_BYTES / 4) {
      const grown = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, this.filled + READ_BYTES));
      this.buffer.copy(grown, 0, 0, this.filled);
      this.buffer = grown;
    }
    const want = Math.min(this.buffer.length - this.filled, this.end - fileAt);
    const got = this.readAt(this.buffer, this.filled, want, fileAt);
    if (got <= 0) return false;
    this.filled += got;
    this.ascii = isAscii(this.buffer.subarray(this.at, this.filled));
    return true;
  }
}
