// The text of a log document that grows while it is read: the events kept (at most `maxLines`,
// older ones dropped and counted in a marker line), those a text filter selects, and those held
// while the reader paused. Built for a firehose: an append formats only the new events (and of an
// append larger than the cap, only those it keeps) and drops the oldest from a queue; the
// document's text is made when it is asked for (once per redraw), not per append: making a 2 MB
// string per append, as a running `text += added; text = text.slice(cut)` does, stalled the
// extension host for 100 ms at a time in its garbage collector. Lines are joined into chunks as
// they arrive (chunkedLines.ts): a redraw joins tens of chunks, not 20,000 lines, and a line kept
// is text in a chunk, not an object.
import { ChunkedLines } from './chunkedLines';
import { eventLine, TimeText } from './documentLine';
import { Queue } from './queue';

/** While a filter is on: the lines it selects, and the place among all kept lines (their seq) of each. */
interface Filtered {
  readonly lines: ChunkedLines;
  readonly seqs: Queue<number>;
}

export interface ViewEvent {
  readonly timestamp: number;
  readonly message: string;
}

/** A line of our own in the body (a notice, an invocation's heading): starts with "# ". */
export interface ViewNote {
  readonly note: string;
}

/** An event already formatted as its document line (documentLine.ts), by a follow in a worker thread. */
export type ViewLine = string;

export type ViewEntry = ViewEvent | ViewNote | ViewLine;

export class LogViewText {
  /** Every line kept, shown or not. */
  private readonly kept = new ChunkedLines();
  /** While a filter is on, the lines it selects (else every kept line is shown). */
  private filtered: Filtered | undefined;
  private held: ViewEntry[] = [];
  /** The seq the next kept line gets: the kept lines are the last `kept.count` seqs. */
  private nextSeq = 0;
  private droppedCount = 0;
  private filterText = '';
  private filterLower = '';
  private pausedState = false;
  private readonly times = new TimeText();

  constructor(private maxLinesValue: number) {}

  get maxLines(): number {
    return this.maxLinesValue;
  }
  get dropped(): number {
    return this.droppedCount;
  }
  get filter(): string {
    return this.filterText;
  }
  get paused(): boolean {
    return this.pausedState;
  }
  /** Events and notes waiting for Resume. */
  get heldCount(): number {
    return this.held.length;
  }
  /** Entries kept (shown or filtered out). */
  get keptCount(): number {
    return this.kept.count;
  }

  append(entries: readonly ViewEntry[]): void {
    if (entries.length === 0) return;
    if (this.pausedState) {
      for (const e of entries) this.held.push(e);
      // Held lines are capped too: a paused view of a firehose keeps the newest.
      if (this.held.length > this.maxLinesValue) {
        this.droppedCount += this.held.length - this.maxLinesValue;
        this.held = this.held.slice(this.held.length - this.maxLinesValue);
      }
      return;
    }
    this.add(entries);
  }

  /** Counts events that were dropped before they were appended (a reader that fell further behind than the cap). */
  countDropped(count: number): void {
    this.droppedCount += count;
  }

  pause(): void {
    this.pausedState = true;
  }

  resume(): void {
    if (!this.pausedState) return;
    this.pausedState = false;
    const held = this.held;
    this.held = [];
    this.add(held);
  }

  /** Shows only entries whose text contains `text` (any case); empty shows all. */
  setFilter(text: string): void {
    this.filterText = text;
    this.filterLower = text.toLowerCase();
    if (text === '') {
      this.filtered = undefined;
      return;
    }
    const filtered: Filtered = { lines: new ChunkedLines(), seqs: new Queue<number>() };
    const firstSeq = this.nextSeq - this.kept.count;
    let texts: string[] = [];
    this.kept.lines().forEach((line, i) => {
      if (!this.matches(line)) return;
      texts.push(line);
      filtered.seqs.push(firstSeq + i);
      if (texts.length === 1000) {
        filtered.lines.append(texts);
        texts = [];
      }
    });
    filtered.lines.append(texts);
    this.filtered = filtered;
  }

  setMaxLines(maxLines: number): void {
    this.maxLinesValue = maxLines;
    this.trim();
  }

  /** The document: the header lines, the marker of dropped lines, then the lines shown. */
  text(header: readonly string[]): string {
    const marker =
      this.droppedCount > 0
        ? `# … ${this.droppedCount.toLocaleString('en-US')} older line${this.droppedCount === 1 ? '' : 's'} dropped: this view keeps the last ${this.maxLinesValue.toLocaleString('en-US')} (setting lambdaLens.logs.maxLines)\n`
        : '';
    const none =
      this.filtered && this.filtered.lines.count === 0 && this.kept.count > 0
        ? `# No line kept contains "${this.filterText}".\n`
        : '';
    return `${header.map((h) => `# ${h}\n`).join('')}${marker}${none}${(this.filtered?.lines ?? this.kept).text()}`;
  }

  private add(entries: readonly ViewEntry[]): void {
    let from = 0;
    if (entries.length > this.maxLinesValue) {
      // Only the newest fit: the others are dropped unformatted.
      from = entries.length - this.maxLinesValue;
      this.droppedCount += from;
    }
    const texts: string[] = [];
    const selected: string[] = [];
    for (let i = from; i < entries.length; i++) {
      const entry = entries[i]!;
      const text =
        typeof entry === 'string'
          ? entry
          : 'note' in entry
            ? `# ${entry.note}`
            : eventLine(this.times, entry);
      texts.push(text);
      if (this.filtered && this.matches(text)) {
        selected.push(text);
        this.filtered.seqs.push(this.nextSeq);
      }
      this.nextSeq++;
    }
    this.kept.append(texts);
    this.filtered?.lines.append(selected);
    this.trim();
  }

  private trim(): void {
    const over = this.kept.count - this.maxLinesValue;
    if (over <= 0) return;
    this.kept.dropFirst(over);
    this.droppedCount += over;
    if (!this.filtered) return;
    const firstKept = this.nextSeq - this.kept.count;
    const { seqs } = this.filtered;
    let count = 0;
    while (count < seqs.length && seqs.at(count) < firstKept) count++;
    seqs.shift(count);
    this.filtered.lines.dropFirst(count);
  }

  private matches(text: string): boolean {
    return this.filterLower === '' || text.toLowerCase().includes(this.filterLower);
  }
}
