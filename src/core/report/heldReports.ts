// The REPORTs read last, held back before they count, so that a later REPORT with the same request
// id can still take a held one's place. On AWS nothing marks the platform's own REPORT, and a
// function can write one itself (process.stdout.write, Python's print: a raw write is a message of
// its own, which starts where the platform's would). Lambda writes its REPORT after the END, when
// the invocation is over, while anything the function prints with the invocation's request id is
// printed during it: so of two REPORTs of one invocation, the platform's is the later one.
//
// A fixed window of HELD_REPORTS reports, oldest first, and an open-addressing table from request
// id to slot: constant memory, nothing allocated per report. A slot's figures are 8 numbers side by
// side in one Float64Array, one cache line, so holding and counting a report touch little memory
// (objects would spread each number in a box of its own). Request ids are kept as two 32-bit
// hashes of the id and its length, seeded at random per window, never as strings (a string per line would be
// an allocation, and a slice would keep its whole line alive): two different ids are taken for one
// with a chance of about 2^-64.
import { lineBytes } from './asciiBytes';
import type { ReportFields } from './reportFields';

/**
 * How many REPORTs are held. A REPORT printed during an invocation is read before the platform's by
 * the REPORTs of the invocations that end meanwhile (FilterLogEvents interleaves streams by time):
 * about one per concurrent environment. A copy read further apart is not recognised, and counts.
 */
export const HELD_REPORTS = 1024;

/** What counts a released report (ReportStats), figure by figure. */
export interface ReportCounter {
  countReport(
    durationMs: number,
    billedDurationMs: number,
    memorySizeMB: number,
    maxMemoryUsedMB: number,
    hasInit: boolean,
    initDurationMs: number,
    hasRestore: boolean,
    restoreDurationMs: number,
    timestamp: number,
    status: string,
    errorType: string,
  ): void;
}
const SLOT_MASK = HELD_REPORTS - 1; // HELD_REPORTS is a power of two
const TABLE_SIZE = 4096; // a power of two, four times the slots: most lookups end at their first place
const MASK = TABLE_SIZE - 1;
/** A REPORT line is about 200 characters: a held report keeps no slice of a line longer than this. */
const LONG_LINE = 1024;
/** Error types beyond this are cut when held, as the statistics cut them when they count. */
const MAX_TEXT = 200;
// A slot's numbers, in this order.
const STRIDE = 8;
const DURATION = 0;
const BILLED = 1;
const MEMORY_SIZE = 2;
const MAX_USED = 3;
const INIT = 4; // NaN when the report has no Init Duration: then `hasInit` is false
const RESTORE = 5;
const TIMESTAMP = 6;
const FLAGS = 7;
const HAS_INIT = 1;
const HAS_RESTORE = 2;
const HAS_TEXT = 4; // a Status or an Error Type, kept in the arrays of strings

export class HeldReports {
  private readonly numbers = new Float64Array(HELD_REPORTS * STRIDE);
  private readonly statuses: string[] = new Array<string>(HELD_REPORTS).fill('');
  private readonly errorTypes: string[] = new Array<string>(HELD_REPORTS).fill('');
  private readonly keyA = new Int32Array(HELD_REPORTS);
  private readonly keyB = new Int32Array(HELD_REPORTS);
  /** slot + 1 at each request id's place; 0 where none is. */
  private readonly table = new Int32Array(TABLE_SIZE);
  /** Each slot's place in the table, so that letting it go needs no search. */
  private readonly place = new Int32Array(HELD_REPORTS);
  /** Held in a field: a module binding read per line can cost a call. */
  private readonly ascii = lineBytes;
  private readonly seedA = (Math.random() * 0x1_0000_0000) | 0;
  private readonly seedB = (Math.random() * 0x1_0000_0000) | 0;
  private oldest = 0;
  size = 0;
  /** The key of the request id find() looked up last, and the free place its search ended at, for hold(). */
  private a = 0;
  private b = 0;
  private vacant = 0;

  get isFull(): boolean {
    return this.size === HELD_REPORTS;
  }

  get byteSize(): number {
    return (
      this.numbers.byteLength + 2 * 8 * HELD_REPORTS + 3 * 4 * HELD_REPORTS + this.table.byteLength
    );
  }

  /** The slot holding a report with this report's request id, or -1. */
  find(report: ReportFields): number {
    this.keyOf(report);
    const table = this.table;
    for (let at = this.a & MASK; ; at = (at + 1) & MASK) {
      const entry = table[at]!;
      if (entry === 0) {
        this.vacant = at;
        return -1;
      }
      const slot = entry - 1;
      if (this.keyA[slot] === this.a && this.keyB[slot] === this.b) return slot;
    }
  }

  /**
   * Holds the report whose request id find() just looked up and did not find, at the place the
   * search ended; the window must not be full, and nothing released in between.
   */
  hold(report: ReportFields): void {
    const slot = (this.oldest + this.size) & SLOT_MASK;
    this.size += 1;
    this.keyA[slot] = this.a;
    this.keyB[slot] = this.b;
    this.table[this.vacant] = slot + 1;
    this.place[slot] = this.vacant;
    this.write(slot, report);
  }

  /** Puts the report in the place of the one held in `slot` (the same request id). */
  write(slot: number, report: ReportFields): void {
    const numbers = this.numbers;
    const at = slot * STRIDE;
    numbers[at + DURATION] = report.durationMs;
    numbers[at + BILLED] = report.billedDurationMs;
    numbers[at + MEMORY_SIZE] = report.memorySizeMB;
    numbers[at + MAX_USED] = report.maxMemoryUsedMB;
    numbers[at + INIT] = report.initDurationMs;
    numbers[at + RESTORE] = report.restoreDurationMs;
    numbers[at + TIMESTAMP] = report.timestamp;
    const text = report.status !== '' || report.errorType !== '';
    numbers[at + FLAGS] =
      (report.hasInit ? HAS_INIT : 0) |
      (report.hasRestore ? HAS_RESTORE : 0) |
      (text ? HAS_TEXT : 0);
    if (text) this.keepText(slot, report);
    else if (this.statuses[slot] !== '' || this.errorTypes[slot] !== '')
      this.statuses[slot] = this.errorTypes[slot] = '';
  }

  timestampOf(slot: number): number {
    return this.numbers[slot * STRIDE + TIMESTAMP]!;
  }

  /** The held report's figures and time into `out` (not its request id: counting does not need it). */
  read(slot: number, out: ReportFields): void {
    const numbers = this.numbers;
    const at = slot * STRIDE;
    out.durationMs = numbers[at + DURATION]!;
    out.billedDurationMs = numbers[at + BILLED]!;
    out.memorySizeMB = numbers[at + MEMORY_SIZE]!;
    out.maxMemoryUsedMB = numbers[at + MAX_USED]!;
    out.initDurationMs = numbers[at + INIT]!;
    out.restoreDurationMs = numbers[at + RESTORE]!;
    out.timestamp = numbers[at + TIMESTAMP]!;
    const flags = numbers[at + FLAGS]!;
    out.hasInit = (flags & HAS_INIT) !== 0;
    out.hasRestore = (flags & HAS_RESTORE) !== 0;
    if (flags & HAS_TEXT) {
      out.status = this.statuses[slot]!;
      out.errorType = this.errorTypes[slot]!;
    } else {
      out.status = '';
      out.errorType = '';
    }
  }

  /** The i-th held report's slot, oldest first. */
  slotAt(i: number): number {
    return (this.oldest + i) & SLOT_MASK;
  }

  /** Lets the oldest report go: counted straight from its slot (copying it out first costs as much as counting it). */
  release(counter: ReportCounter): void {
    const slot = this.oldest;
    this.countSlot(slot, counter);
    this.unlink(slot);
    this.oldest = (slot + 1) & SLOT_MASK;
    this.size -= 1;
  }

  /** Counts the report held in `slot`, leaving it held. */
  countSlot(slot: number, counter: ReportCounter): void {
    const numbers = this.numbers;
    const at = slot * STRIDE;
    const flags = numbers[at + FLAGS]!;
    const text = (flags & HAS_TEXT) !== 0;
    counter.countReport(
      numbers[at + DURATION]!,
      numbers[at + BILLED]!,
      numbers[at + MEMORY_SIZE]!,
      numbers[at + MAX_USED]!,
      (flags & HAS_INIT) !== 0,
      numbers[at + INIT]!,
      (flags & HAS_RESTORE) !== 0,
      numbers[at + RESTORE]!,
      numbers[at + TIMESTAMP]!,
      text ? this.statuses[slot]! : '',
      text ? this.errorTypes[slot]! : '',
    );
  }

  /**
   * The report's Status and Error Type. They are slices of its line: from a long line (a hostile
   * one may be a megabyte) they become short strings of their own, cut as the statistics cut error
   * types when they count them, so that a held report keeps nothing of its line.
   */
  private keepText(slot: number, report: ReportFields): void {
    let { status, errorType } = report;
    if (report.requestIdSource.length > LONG_LINE) {
      status = copyOf(status.length > MAX_TEXT ? status.slice(0, MAX_TEXT) : status);
      errorType = copyOf(
        errorType.length > MAX_TEXT ? `${errorType.slice(0, MAX_TEXT - 1)}…` : errorType,
      );
    }
    this.statuses[slot] = status;
    this.errorTypes[slot] = errorType;
  }

  /** Removes the slot's table entry, moving later entries of its probe run back (linear probing's deletion). */
  private unlink(slot: number): void {
    const table = this.table;
    let hole = this.place[slot]!;
    for (let at = (hole + 1) & MASK; table[at] !== 0; at = (at + 1) & MASK) {
      const moving = table[at]! - 1;
      const home = this.keyA[moving]! & MASK;
      // The entry may fill the hole unless its home lies cyclically in (hole, at].
      const stays = hole <= at ? home > hole && home <= at : home > hole || home <= at;
      if (stays) continue;
      table[hole] = moving + 1;
      this.place[moving] = hole;
      hole = at;
    }
    table[hole] = 0;
  }

  /**
   * Two 32-bit hashes of the request id, four characters a word, the words taken in turn by each
   * (half the multiplications of both reading every word): from the line's bytes when they are
   * loaded (the usual REPORT line), else from its characters, which give the same words for the
   * same ASCII id.
   */
  private keyOf(report: ReportFields): void {
    const source = report.requestIdSource;
    const start = report.requestIdStart;
    const end = report.requestIdEnd;
    const pairs = end - ((end - start) & 7);
    let a = this.seedA;
    let b = this.seedB;
    let i = start;
    // Eight bytes a step, one word to each hash: a request id (a UUID, 36 characters) takes 4 steps and a tail.
    if (this.ascii.text === source) {
      const view = this.ascii.view;
      for (; i < pairs; i += 8) {
        a = Math.imul(a ^ view.getInt32(i, true), 0x5bd1e995);
        a ^= a >>> 15;
        b = Math.imul(b ^ view.getInt32(i + 4, true), 0x27d4eb2f);
        b ^= b >>> 13;
      }
    } else {
      for (; i < pairs; i += 8) {
        a = Math.imul(a ^ wordAt(source, i), 0x5bd1e995);
        a ^= a >>> 15;
        b = Math.imul(b ^ wordAt(source, i + 4), 0x27d4eb2f);
        b ^= b >>> 13;
      }
    }
    let tailA = 0;
    let tailB = 0;
    for (let shift = 0; i < end && shift < 32; i++, shift += 8)
      tailA |= source.charCodeAt(i) << shift;
    for (let shift = 0; i < end; i++, shift += 8) tailB |= source.charCodeAt(i) << shift;
    const length = end - start;
    // Each hash has read half the words: each is mixed into the other, so that both depend on all of them.
    a ^= tailA;
    b = Math.imul(b ^ tailB, 0x27d4eb2f) + length;
    this.a = mix(a ^ Math.imul(b, 0x9e3779b1) ^ length);
    this.b = mix(b ^ Math.imul(a, 0x85ebca77));
  }
}

/** Four characters as one little-endian word, as a DataView reads their ASCII bytes. */
function wordAt(source: string, i: number): number {
  return (
    source.charCodeAt(i) |
    (source.charCodeAt(i + 1) << 8) |
    (source.charCodeAt(i + 2) << 16) |
    (source.charCodeAt(i + 3) << 24)
  );
}

/** A string of its own, not a view into the line it was sliced from. */
function copyOf(text: string): string {
  return JSON.parse(JSON.stringify(text)) as string;
}

/** MurmurHash3's finaliser: every input bit moves every output bit. */
function mix(h: number): number {
  let x = h ^ (h >>> 16);
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  return x ^ (x >>> 16);
}
