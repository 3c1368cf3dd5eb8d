// The lines of a log document, kept as a few large chunks of text and a number per line (its
// length): each line is joined into a chunk once, when it arrives, so that a redraw joins tens of
// chunks rather than the 20,000 lines kept (that join, at every redraw, took the extension host
// tens of ms in one go), and so that a line kept is no object of its own: 20,000 small strings and
// their records, all outliving the young generation, made every garbage collection of the
// extension host copy them. Lines dropped from the front cut into the first chunk; a chunk whose
// lines are all gone goes.
import { Queue } from './queue';

/** Lines a chunk takes before the next starts: a redraw joins at most maxLines / this many. */
const CHUNK_LINES = 1000;

interface Chunk {
  text: string;
  lines: number;
}

export class ChunkedLines {
  private chunks = new Queue<Chunk>();
  /** Each line's length (its text, without the line break that follows it). */
  private readonly lengths = new Queue<number>();
  /** Characters and lines of the first chunk already dropped. */
  private cutChars = 0;
  private cutLines = 0;
  /** The text, until it changes. */
  private cached: string | undefined = '';

  get count(): number {
    return this.lengths.length;
  }

  /** Adds lines at the end (each without a line break of its own at the end). */
  append(lines: readonly string[]): void {
    if (lines.length === 0) return;
    for (const line of lines) this.lengths.push(line.length);
    const text = `${lines.join('\n')}\n`;
    const last = this.chunks.length > 0 ? this.chunks.at(this.chunks.length - 1) : undefined;
    if (last && last.lines < CHUNK_LINES) {
      last.text += text;
      last.lines += lines.length;
    } else {
      this.chunks.push({ text, lines: lines.length });
    }
    this.cached = undefined;
  }

  /** Drops the first `count` lines. */
  dropFirst(count: number): void {
    const n = Math.min(count, this.lengths.length);
    if (n === 0) return;
    let i = 0;
    while (i < n) {
      const chunk = this.chunks.at(0);
      // The whole rest of the first chunk at once, when it all goes.
      const left = chunk.lines - this.cutLines;
      if (n - i >= left) {
        this.chunks.shift(1);
        this.cutChars = 0;
        this.cutLines = 0;
        i += left;
        continue;
      }
      for (; i < n; i++) {
        this.cutChars += this.lengths.at(i) + 1;
        this.cutLines++;
      }
    }
    this.lengths.shift(n);
    this.cached = undefined;
  }

  clear(): void {
    this.chunks.clear();
    this.lengths.clear();
    this.cutChars = 0;
    this.cutLines = 0;
    this.cached = '';
  }

  /** Every line, each followed by a line break. */
  text(): string {
    if (this.cached === undefined) {
      const parts: string[] = [];
      for (let i = 0; i < this.chunks.length; i++) {
        const chunk = this.chunks.at(i);
        parts.push(i === 0 && this.cutChars > 0 ? chunk.text.slice(this.cutChars) : chunk.text);
      }
      this.cached = parts.join('');
    }
    return this.cached;
  }

  /** Each line's text (a line may hold line breaks of its own: it is cut by its length). */
  lines(): string[] {
    const text = this.text();
    const lines: string[] = new Array(this.lengths.length);
    let at = 0;
    for (let i = 0; i < this.lengths.length; i++) {
      const length = this.lengths.at(i);
      lines[i] = text.slice(at, at + length);
      at += length + 1;
    }
    return lines;
  }
}
