// Reads the REPORT line Lambda writes after each invocation (text format; see aws-facts.md).
// Tolerant of field order and of fields it does not know; refuses lines that are not REPORT lines
// and numbers that are not numbers. The statistics read millions of these lines, so this is the
// hot path: one pass over the line's bytes, names compared in place, numbers read from the bytes into a
// reused ReportFields; strings are made only for the rare Status and Error Type.
import { AsciiName, lineBytes } from './asciiBytes';
import { PlainDecimalReader } from './plainDecimal';
import { ReportFields } from './reportFields';

export interface ReportRecord {
  readonly requestId: string;
  readonly durationMs: number;
  readonly billedDurationMs: number;
  readonly memorySizeMB: number;
  readonly maxMemoryUsedMB: number;
  /** Only on a cold start. */
  readonly initDurationMs?: number;
  /** SnapStart restores. */
  readonly restoreDurationMs?: number;
  readonly status?: string;
  readonly errorType?: string;
}

const PREFIX = 'REPORT RequestId: ';
const TAB = 9;
const SPACE = 32;
/** A unit as it follows the number: alone at the end of the line, or before the next field's tab. */
class Unit {
  readonly last: AsciiName;
  readonly beforeTab: AsciiName;
  constructor(readonly text: ' ms' | ' MB') {
    this.last = new AsciiName(text);
    this.beforeTab = new AsciiName(`${text}\t`);
  }
}
const MS = new Unit(' ms');
const MB = new Unit(' MB');
const PREFIX_CODES = new AsciiName(PREFIX);
const REQUEST_ID = new AsciiName('RequestId: ');
const DURATION = new AsciiName('Duration: ');
const BILLED_DURATION = new AsciiName('Billed Duration: ');
const MEMORY_SIZE = new AsciiName('Memory Size: ');
const MAX_MEMORY_USED = new AsciiName('Max Memory Used: ');
const INIT_DURATION = new AsciiName('Init Duration: ');
const RESTORE_DURATION = new AsciiName('Restore Duration: ');

/** The line as a record of its own; undefined when it is not a well-formed REPORT line. */
export function parseReportLine(line: string): ReportRecord | undefined {
  const fields = new ReportFields();
  return scanReportLine(line, 0, fields) ? fields.toRecord() : undefined;
}

/**
 * Reads the REPORT line that starts at `start` into `fields`; false when it is not one or is
 * malformed (a field missing, a number that is not a non-negative number in the right unit).
 * A field given twice counts once, the last one. `loaded`: whether lineBytes holds the line
 * (readReportMessage loads each message once for every scanner).
 */
export function scanReportLine(
  line: string,
  start: number,
  fields: ReportFields,
  loaded = lineBytes.load(line),
): boolean {
  return scanner.scan(line, start, fields, loaded);
}

/**
 * Fields are tab-separated `Name: value`; a field's name runs to the first ': ' after its start.
 * The general path reads every field by that rule, on the string. The fast path reads Lambda's own
 * fields, written as Lambda writes them (`Duration: 8.40 ms`), from the line's bytes: a name is
 * recognised by one comparison and its number read on the way to the tab. A field it does not
 * recognise, or a line that is not plain ASCII, goes to the general path; where the fast path
 * answers, the general path would answer the same (test/unit/reportScanner.test.ts checks both).
 */
class ReportLineScanner {
  private line = '';
  /** Where the field just read ends (its tab, or the end of the line). */
  private end = 0;
  /** The next ': ' at or after the current field (kept across fields, so huge lines are read in one pass). */
  private colon = -1;
  private readonly ascii = lineBytes;
  private readonly decimal = new PlainDecimalReader();

  scan(line: string, start: number, fields: ReportFields, fast: boolean): boolean {
    if (fast ? !this.ascii.matches(start, PREFIX_CODES) : !line.startsWith(PREFIX, start))
      return false;
    fields.clear();
    fields.requestIdSource = line;
    this.line = line;
    this.colon = -1;
    const length = line.length;
    let pos = start + 'REPORT '.length;
    while (pos < length) {
      if (!(fast && this.lambdaField(pos, fields))) this.anyField(pos, fields);
      pos = this.end + 1;
    }
    return fields.isValid();
  }

  /** A field named exactly as Lambda writes it, read from the bytes; false when the general path must read it. */
  private lambdaField(pos: number, fields: ReportFields): boolean {
    const ascii = this.ascii;
    switch (ascii.bytes[pos]) {
      case 68: // D
        if (!ascii.matches(pos, DURATION)) return false;
        fields.durationMs = this.measure(pos + DURATION.length, MS);
        return true;
      case 66: // B
        if (!ascii.matches(pos, BILLED_DURATION)) return false;
        fields.billedDurationMs = this.measure(pos + BILLED_DURATION.length, MS);
        return true;
      case 77: // M
        if (ascii.matches(pos, MEMORY_SIZE))
          fields.memorySizeMB = this.measure(pos + MEMORY_SIZE.length, MB);
        else if (ascii.matches(pos, MAX_MEMORY_USED))
          fields.maxMemoryUsedMB = this.measure(pos + MAX_MEMORY_USED.length, MB);
        else return false;
        return true;
      case 73: // I
        if (!ascii.matches(pos, INIT_DURATION)) return false;
        fields.hasInit = true;
        fields.initDurationMs = this.measure(pos + INIT_DURATION.length, MS);
        return true;
      case 82: // R
        if (ascii.matches(pos, REQUEST_ID)) {
          this.requestId(pos + REQUEST_ID.length, fields);
        } else if (ascii.matches(pos, RESTORE_DURATION)) {
          fields.hasRestore = true;
          fields.restoreDurationMs = this.measure(pos + RESTORE_DURATION.length, MS);
        } else {
          return false;
        }
        return true;
      default:
        return false;
    }
  }

  /** Any field, by the general rule, on the string. Sets `end`. */
  private anyField(pos: number, fields: ReportFields): void {
    const line = this.line;
    let end = line.indexOf('\t', pos);
    if (end < 0) end = line.length;
    this.end = end;
    if (this.colon < pos) {
      this.colon = line.indexOf(': ', pos);
      if (this.colon < 0) this.colon = line.length;
    }
    const colon = this.colon;
    if (!(colon > pos && colon < end)) return;
    const value = colon + 2;
    switch (colon - pos) {
      case 9:
        if (line.startsWith('RequestId', pos)) trimmedRequestId(line, value, end, fields);
        break;
      case 8:
        if (line.startsWith('Duration', pos)) fields.durationMs = measure(line, value, end, ' ms');
        break;
      case 15:
        if (line.startsWith('Billed Duration', pos))
          fields.billedDurationMs = measure(line, value, end, ' ms');
        else if (line.startsWith('Max Memory Used', pos))
          fields.maxMemoryUsedMB = measure(line, value, end, ' MB');
        break;
      case 11:
        if (line.startsWith('Memory Size', pos))
          fields.memorySizeMB = measure(line, value, end, ' MB');
        break;
      case 13:
        if (line.startsWith('Init Duration', pos)) {
          fields.hasInit = true;
          fields.initDurationMs = measure(line, value, end, ' ms');
        }
        break;
      case 16:
        if (line.startsWith('Restore Duration', pos)) {
          fields.hasRestore = true;
          fields.restoreDurationMs = measure(line, value, end, ' ms');
        }
        break;
      case 6:
        if (line.startsWith('Status', pos)) fields.status = line.slice(value, end).trim();
        break;
      case 10:
        if (line.startsWith('Error Type', pos)) fields.errorType = line.slice(value, end).trim();
        break;
      default:
        break; // Billed Restore Duration and fields Lambda may add later
    }
  }

  /**
   * The measure whose value starts at `start`: as Lambda writes it (digits, ` ms`, then the tab or
   * the end) read from the bytes; anything else (spaces, signs, exponents, many digits) by the
   * general measure(). Sets `end`.
   */
  private measure(start: number, unit: Unit): number {
    const ascii = this.ascii;
    const value = this.decimal.read(ascii.bytes, start);
    const unitStart = this.decimal.end;
    if (value === value) {
      if (ascii.matches(unitStart, unit.beforeTab)) {
        this.end = unitStart + 3;
        return value;
      }
      if (unitStart + 3 === ascii.length && ascii.matches(unitStart, unit.last)) {
        this.end = ascii.length;
        return value;
      }
    }
    this.end = this.tabAfter(start);
    return measure(this.line, start, this.end, unit.text);
  }

  /** The request id runs to the tab; only unusual ends need String.prototype.trim. Sets `end`. */
  private requestId(start: number, fields: ReportFields): void {
    const bytes = this.ascii.bytes;
    // A native search: ids are long enough for it to beat a loop over bytes.
    let end = this.line.indexOf('\t', start);
    if (end < 0) end = this.line.length;
    this.end = end;
    if (end > start && bytes[start]! > SPACE && bytes[end - 1]! > SPACE) {
      fields.requestIdStart = start;
      fields.requestIdEnd = end;
    } else {
      trimmedRequestId(this.line, start, end, fields);
    }
  }

  private tabAfter(pos: number): number {
    const bytes = this.ascii.bytes;
    const length = this.ascii.length;
    let end = pos;
    while (end < length && bytes[end] !== TAB) end++;
    return end;
  }
}

const scanner = new ReportLineScanner();

/** The id without surrounding white space, as String.prototype.trim has it, as a range. */
function trimmedRequestId(line: string, start: number, end: number, fields: ReportFields): void {
  const raw = line.slice(start, end);
  const from = start + raw.length - raw.trimStart().length;
  fields.requestIdStart = from;
  fields.requestIdEnd = Math.max(from, start + raw.trimEnd().length);
}

/**
 * The general reading of `8.40 ms`: trailing spaces allowed, then the unit, and before it whatever
 * Number() reads; NaN when the unit is wrong, the number is blank or it is not finite.
 */
function measure(line: string, start: number, end: number, unit: ' ms' | ' MB'): number {
  let stop = end;
  while (stop > start && line.charCodeAt(stop - 1) === SPACE) stop--;
  if (stop - start <= unit.length || !line.startsWith(unit, stop - unit.length)) return NaN;
  const text = line.slice(start, stop - unit.length);
  // Number() reads a blank as 0; a figure that is not there is not a zero.
  if (text.trim() === '') return NaN;
  const value = Number(text);
  return Number.isFinite(value) ? value : NaN;
}

/** Cold when Lambda reported an init (or a SnapStart restore) for it. */
export function isColdStart(record: ReportRecord): boolean {
  return record.initDurationMs !== undefined || record.restoreDurationMs !== undefined;
}
