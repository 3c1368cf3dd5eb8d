// Reads the lines of a region of a file, one at a time, through a small buffer: reading a stream
// of any size holds one buffer (grown only for a line longer than it), never the file.
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
  /** The current line, as read by next(). */
  text = '';
  /** Where the current line starts in the file, and where the next one starts. */
  lineStart = 0;
  lineEnd = 0;

  /** Lines from `start` (a line's start) up to `end`; `end` is where reading stops. */
  constructor(private readonly readAt: ReadAt, start: number, private readonly end: number) {
    this.bufferAt = start;
    this.lineEnd = start;
  }

  /** The offset just past the last complete line read: bytes beyond it at the end are a torn line. */
  get position(): number {
    return this.bufferAt + this.at;
  }

  /** Moves to the next complete line; false at the end (a last line without its newline is not one). */
  next(): boolean {
    const newline = this.findNewline();
    if (newline < 0) return false;
    this.text = this.ascii ? this.buffer.toString('latin1', this.at, newline) : this.buffer.toString('utf8', this.at, newline);
    this.advance(newline);
    return true;
  }

  /** Moves past the next complete line without decoding it; false at the end. */
  skip(): boolean {
    const newline = this.findNewline();
    if (newline < 0) return false;
    this.advance(newline);
    return true;
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

  private advance(newline: number): void {
    this.lineStart = this.bufferAt + this.at;
    this.at = newline + 1;
    this.lineEnd = this.bufferAt + this.at;
  }

  /** Reads more of the file after what is buffered; false when there is no more before `end`. */
  private fill(): boolean {
    const fileAt = this.bufferAt + this.filled;
    if (fileAt >= this.end) return false;
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
