// A function's output (stdout or stderr), as it arrives in chunks, into log event messages, as
// Lambda makes them: one event per line, a line longer than the limit cut into events of the
// limit. What is held between chunks is at most one limit's worth, whatever the function prints,
// so a line with no end costs no more memory than a short one.
import { LAMBDA_LOG_LINE_MAX_CHARS } from '../limits';

export class OutputLines {
  private rest = '';

  constructor(private readonly maxChars = LAMBDA_LOG_LINE_MAX_CHARS) {}

  /** The characters of the line under way (not yet ended by a newline). */
  get heldChars(): number {
    return this.rest.length;
  }

  /** Adds the complete lines (and the full pieces of a long one) to `into`; keeps the rest. */
  push(text: string, into: string[]): void {
    let start = 0;
    for (let newline = text.indexOf('\n'); newline >= 0; newline = text.indexOf('\n', start)) {
      this.cut(this.rest + text.slice(start, newline), into, true);
      this.rest = '';
      start = newline + 1;
    }
    if (start < text.length) this.rest = this.cut(this.rest + text.slice(start), into, false);
  }

  /** Adds the line under way, if any, to `into`: its invocation is over. */
  flush(into: string[]): void {
    if (this.rest) into.push(this.rest);
    this.rest = '';
  }

  /** Emits pieces of the limit; the last piece too when the line ended, else returns it. */
  private cut(line: string, into: string[], ended: boolean): string {
    const last = cutLongLine(line, this.maxChars, into);
    if (ended) into.push(last);
    return ended ? '' : last;
  }
}

/** Adds the leading pieces of `maxChars` of a longer line to `into`; returns the last piece. */
export function cutLongLine(line: string, maxChars: number, into: string[]): string {
  let from = 0;
  while (line.length - from > maxChars) {
    let to = from + maxChars;
    // A high surrogate at the cut stays with its low half, in the next piece.
    if (isHighSurrogate(line.charCodeAt(to - 1))) to -= 1;
    into.push(line.slice(from, to));
    from = to;
  }
  return from === 0 ? line : line.slice(from);
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}
