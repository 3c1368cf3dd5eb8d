// The text of a log document's shown lines, kept as a few large chunks: each line is joined into a
// chunk once, when it arrives, so that a redraw joins tens of chunks rather than the 20,000 lines
// kept (that join, done at each redraw, took the extension host tens of ms in one go). Lines
// dropped from the front cut into the first chunk, and a chunk whose lines are all gone goes.

/** Lines a chunk takes before the next starts: a redraw joins at most maxLines / this many. */
const CHUNK_LINES = 1000;

interface Chunk {
  text: string;
  lines: number;
}

export class ChunkedLines {
  private chunks: (Chunk | undefined)[] = [];
  private first = 0;
  /** Characters and lines of the first chunk already dropped. */
  private cutChars = 0;
  private cutLines = 0;
  /** The text, until it changes. */
  private cached: string | undefined = '';

  /** Adds lines at the end (each without its line break). */
  append(lines: readonly string[]): void {
    if (lines.length === 0) return;
    const text = `${lines.join('\n')}\n`;
    const last = this.chunks.length > this.first ? this.chunks[this.chunks.length - 1] : undefined;
    if (last && last.lines < CHUNK_LINES) {
      last.text += text;
      last.lines += lines.length;
    } else {
      this.chunks.push({ text, lines: lines.length });
    }
    this.cached = undefined;
  }

  /** Drops the first line, whose text (without its line break) is `length` characters long. */
  dropFirst(length: number): void {
    const chunk = this.chunks[this.first];
    if (!chunk) return;
    this.cutChars += length + 1;
    this.cutLines++;
    if (this.cutLines >= chunk.lines) {
      this.chunks[this.first++] = undefined;
      this.cutChars = 0;
      this.cutLines = 0;
      if (this.first > 64 && this.first * 2 > this.chunks.length) {
        this.chunks = this.chunks.slice(this.first);
        this.first = 0;
      }
    }
    this.cached = undefined;
  }

  clear(): void {
    this.chunks = [];
    this.first = 0;
    this.cutChars = 0;
    this.cutLines = 0;
    this.cached = '';
  }

  /** Every line, each followed by a line break. */
  text(): string {
    if (this.cached === undefined) {
      const parts: string[] = [];
      for (let i = this.first; i < this.chunks.length; i++) {
        const chunk = this.chunks[i]!;
        parts.push(i === this.first && this.cutChars > 0 ? chunk.text.slice(this.cutChars) : chunk.text);
      }
      this.cached = parts.join('');
    }
    return this.cached;
  }
}
