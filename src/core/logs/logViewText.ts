// The text of a log document that grows while it is read: the events kept (at most `maxLines`,
// older ones dropped and counted in a marker line), those a text filter selects, and those held
// while the reader paused. Built for a firehose: an append formats only the new events (and of an
// append larger than the cap, only those it keeps) and drops the oldest from a queue; the
// document's text is made when it is asked for (once per redraw), not per append: making a 2 MB
// string per append, as a running `text += added; text = text.slice(cut)` does, stalled the
// extension host for 100 ms at a time in its garbage collector. The shown lines are joined into
// chunks as they arrive (chunkedLines.ts): a redraw joins tens of chunks, not 20,000 lines.
import { ChunkedLines } from './chunkedLines';
import { documentLine, TimeText } from './documentLine';

export interface ViewEvent {
  readonly timestamp: number;
  readonly message: string;
}

/** A line of our own in the body (a notice, an invocation's heading): starts with "# ". */
export interface ViewNote {
  readonly note: string;
}

export type ViewEntry = ViewEvent | ViewNote;

/** A growable queue with a head index (Array.shift is linear). */
class Queue<T> {
  private items: T[] = [];
  private head = 0;

  get length(): number { return this.items.length - this.head; }
  push(item: T): void { this.items.push(item); }
  at(i: number): T { return this.items[this.head + i]!; }
  first(): T | undefined { return this.items[this.head]; }
  shift(count: number): void {
    this.head += count;
    // Compacted once the dead head is half the array: amortised constant time.
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
  }
  clear(): void { this.items = []; this.head = 0; }
  *[Symbol.iterator](): Iterator<T> { for (let i = this.head; i < this.items.length; i++) yield this.items[i]!; }
}

interface Kept { readonly seq: number; readonly text: string }


export class LogViewText {
  private readonly kept = new Queue<Kept>();
  private readonly shown = new Queue<Kept>();
  private held: ViewEntry[] = [];
  /** The text of the shown lines. */
  private readonly body = new ChunkedLines();
  private nextSeq = 0;
  private droppedCount = 0;
  private filterText = '';
  private filterLower = '';
  private pausedState = false;
  private readonly times = new TimeText();

  constructor(private maxLinesValue: number) {}

  get maxLines(): number { return this.maxLinesValue; }
  get dropped(): number { return this.droppedCount; }
  get filter(): string { return this.filterText; }
  get paused(): boolean { return this.pausedState; }
  /** Events and notes waiting for Resume. */
  get heldCount(): number { return this.held.length; }
  /** Entries kept (shown or filtered out). */
  get keptCount(): number { return this.kept.length; }

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
  countDropped(count: number): void { this.droppedCount += count; }

  pause(): void { this.pausedState = true; }

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
    this.shown.clear();
    this.body.clear();
    let texts: string[] = [];
    for (const k of this.kept) {
      if (!this.matches(k.text)) continue;
      this.shown.push(k);
      texts.push(k.text);
      if (texts.length === 1000) {
        this.body.append(texts);
        texts = [];
      }
    }
    this.body.append(texts);
  }

  setMaxLines(maxLines: number): void {
    this.maxLinesValue = maxLines;
    this.trim();
  }

  /** The document: the header lines, the marker of dropped lines, then the lines shown. */
  text(header: readonly string[]): string {
    const marker = this.droppedCount > 0
      ? `# … ${this.droppedCount.toLocaleString('en-US')} older line${this.droppedCount === 1 ? '' : 's'} dropped: this view keeps the last ${this.maxLinesValue.toLocaleString('en-US')} (setting lambdaLens.logs.maxLines)\n`
      : '';
    const filtered = this.filterText && this.shown.length === 0 && this.kept.length > 0 ? `# No line kept contains "${this.filterText}".\n` : '';
    return `${header.map((h) => `# ${h}\n`).join('')}${marker}${filtered}${this.body.text()}`;
  }

  private add(entries: readonly ViewEntry[]): void {
    let from = 0;
    if (entries.length > this.maxLinesValue) {
      // Only the newest fit: the others are dropped unformatted.
      from = entries.length - this.maxLinesValue;
      this.droppedCount += from;
    }
    const shownTexts: string[] = [];
    for (let i = from; i < entries.length; i++) {
      const entry = entries[i]!;
      const line = { seq: this.nextSeq++, text: 'note' in entry ? `# ${entry.note}` : documentLine(this.times.of(entry.timestamp), entry.message) };
      this.kept.push(line);
      if (this.matches(line.text)) {
        this.shown.push(line);
        shownTexts.push(line.text);
      }
    }
    this.body.append(shownTexts);
    this.trim();
  }

  private trim(): void {
    const over = this.kept.length - this.maxLinesValue;
    if (over <= 0) return;
    this.kept.shift(over);
    this.droppedCount += over;
    const firstKept = this.kept.first()?.seq ?? this.nextSeq;
    let count = 0;
    while (count < this.shown.length && this.shown.at(count).seq < firstKept) {
      this.body.dropFirst(this.shown.at(count).text.length);
      count++;
    }
    this.shown.shift(count);
  }

  private matches(text: string): boolean {
    return this.filterLower === '' || text.toLowerCase().includes(this.filterLower);
  }
}
