// The figures of one REPORT (text line or JSON record), written in place by the scanners so that
// reading a million lines allocates nothing per line: the statistics reuse one ReportFields, and
// only callers that keep records turn it into a ReportRecord. Numbers are NaN until read, so a
// missing, malformed or non-finite figure fails the one validity check below.
import type { ReportRecord } from './reportLine';

export class ReportFields {
  durationMs = NaN;
  billedDurationMs = NaN;
  memorySizeMB = NaN;
  maxMemoryUsedMB = NaN;
  /** Whether the report has an Init Duration (a cold start); its value may still be malformed. */
  hasInit = false;
  initDurationMs = NaN;
  /** Whether the report has a Restore Duration (a SnapStart restore). */
  hasRestore = false;
  restoreDurationMs = NaN;
  /** '' when absent. */
  status = '';
  errorType = '';
  /** The request id is kept as a range of a string: only a record needs it as a string of its own. */
  requestIdSource = '';
  requestIdStart = 0;
  requestIdEnd = 0;
  /** When the report was logged (ms since epoch); NaN when the caller gave no time. Set by the statistics, after the scan. */
  timestamp = NaN;

  clear(): void {
    this.durationMs = NaN;
    this.billedDurationMs = NaN;
    this.memorySizeMB = NaN;
    this.maxMemoryUsedMB = NaN;
    this.hasInit = false;
    this.initDurationMs = NaN;
    this.hasRestore = false;
    this.restoreDurationMs = NaN;
    this.status = '';
    this.errorType = '';
    this.requestIdSource = '';
    this.requestIdStart = 0;
    this.requestIdEnd = 0;
  }

  /** Every required figure present and usable; NaN fails each comparison, so one check does. */
  isValid(): boolean {
    return (
      this.requestIdEnd > this.requestIdStart &&
      this.durationMs >= 0 &&
      this.billedDurationMs >= 0 &&
      this.memorySizeMB > 0 &&
      this.maxMemoryUsedMB >= 0 &&
      (!this.hasInit || this.initDurationMs >= 0) &&
      (!this.hasRestore || this.restoreDurationMs >= 0)
    );
  }

  get isColdStart(): boolean {
    return this.hasInit || this.hasRestore;
  }

  get requestId(): string {
    return this.requestIdSource.slice(this.requestIdStart, this.requestIdEnd);
  }

  /** Figures given as a record (ReportStats.add), so that one code path aggregates both. */
  setRecord(record: ReportRecord): void {
    this.durationMs = record.durationMs;
    this.billedDurationMs = record.billedDurationMs;
    this.memorySizeMB = record.memorySizeMB;
    this.maxMemoryUsedMB = record.maxMemoryUsedMB;
    this.hasInit = record.initDurationMs !== undefined;
    this.initDurationMs = record.initDurationMs ?? NaN;
    this.hasRestore = record.restoreDurationMs !== undefined;
    this.restoreDurationMs = record.restoreDurationMs ?? NaN;
    this.status = record.status ?? '';
    this.errorType = record.errorType ?? '';
    this.requestIdSource = record.requestId;
    this.requestIdStart = 0;
    this.requestIdEnd = record.requestId.length;
  }

  /** A record of its own (only what is present), for callers that keep reports. */
  toRecord(): ReportRecord {
    const record: Mutable<ReportRecord> = {
      requestId: this.requestId,
      durationMs: this.durationMs,
      billedDurationMs: this.billedDurationMs,
      memorySizeMB: this.memorySizeMB,
      maxMemoryUsedMB: this.maxMemoryUsedMB,
    };
    if (this.hasInit) record.initDurationMs = this.initDurationMs;
    if (this.hasRestore) record.restoreDurationMs = this.restoreDurationMs;
    if (this.status) record.status = this.status;
    if (this.errorType) record.errorType = this.errorType;
    return record;
  }
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
