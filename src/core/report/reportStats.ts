// Streaming statistics over REPORT records of one function and window: every figure the estimate
// panel and the CodeLens show, in constant memory (fixed histograms and counters, nothing per
// record), so 10 or 10 million lines cost the same memory.
import { HISTOGRAM_RELATIVE_ERROR, LogHistogram, type Distribution } from './logHistogram';
import { ReportFields } from './reportFields';
import { readReportMessage } from './reportMessage';
import type { ReportRecord } from './reportLine';

export interface ReportSummary {
  readonly invocations: number;
  readonly coldStarts: number;
  /** coldStarts / invocations; NaN with no invocations. */
  readonly coldStartRate: number;
  readonly snapStartRestores: number;
  readonly timeouts: number;
  /** Status error or failure (out-of-memory included). */
  readonly errors: number;
  readonly outOfMemory: number;
  /** Duration of every invocation, of warm ones, and of cold ones (the handler only). */
  readonly duration?: Distribution;
  readonly warmDuration?: Distribution;
  readonly coldDuration?: Distribution;
  readonly initDuration?: Distribution;
  readonly restoreDuration?: Distribution;
  readonly billed: {
    readonly totalMs: number;
    /** Σ billed seconds × memory in GB, per record: what Lambda charged duration for. */
    readonly gbSeconds: number;
    readonly warmMeanMs: number;
    readonly coldMeanMs: number;
  };
  readonly memory: {
    /** The memory size of the latest record; min and max differ when the window spans a change. */
    readonly sizeMB: number;
    readonly minSizeMB: number;
    readonly maxSizeMB: number;
    readonly maxUsedMB: number;
    readonly p99UsedMB: number;
    /** maxUsedMB / sizeMB of the latest size. */
    readonly maxUsedRatio: number;
  };
  /** Event timestamps (ms since epoch) when the caller gave them. */
  readonly firstTimestamp?: number;
  readonly lastTimestamp?: number;
  /** Error types of failed invocations, most frequent first (bounded: see MAX_ERROR_TYPES). */
  readonly errorTypes: readonly { readonly type: string; readonly count: number }[];
  /** Failed invocations whose error type was beyond the bound. */
  readonly otherErrorTypes: number;
  /** REPORT lines that could not be read (skipped, never guessed at). */
  readonly malformed: number;
  /** Lines that were not REPORT lines at all (START, END, the function's own output). */
  readonly ignored: number;
  /** Percentiles are within this relative error of the exact value. */
  readonly percentileRelativeError: number;
}

/** Distinct error types kept (each name at most 200 characters); more are counted as "other". */
export const MAX_ERROR_TYPES = 20;

export class ReportStats {
  private readonly warm = new LogHistogram();
  private readonly cold = new LogHistogram();
  private readonly init = new LogHistogram();
  private readonly restore = new LogHistogram();
  private readonly memoryUsed = new LogHistogram();
  private invocations = 0;
  private timeouts = 0;
  private errors = 0;
  private outOfMemory = 0;
  private billedWarmMs = 0;
  private billedColdMs = 0;
  private gbSeconds = 0;
  private memorySizeMB = NaN;
  private minSizeMB = Infinity;
  private maxSizeMB = -Infinity;
  private firstTimestamp = Infinity;
  private lastTimestamp = -Infinity;
  private latestTimestamp = -Infinity;
  /** Error types of failed invocations (REPORT's `Error Type`), at most MAX_ERROR_TYPES distinct. */
  private readonly errorTypes = new Map<string, number>();
  private otherErrorTypes = 0;
  malformed = 0;
  ignored = 0;

  /** The scanners write each message's figures here: reading a line allocates nothing. */
  private readonly fields = new ReportFields();

  /** Reads one log message (text REPORT line or JSON record); returns whether it was a REPORT. */
  addMessage(message: string, timestamp?: number): boolean {
    const kind = readReportMessage(message, this.fields);
    if (kind === 'report') {
      this.addFields(this.fields, timestamp);
      return true;
    }
    if (kind === 'malformed') this.malformed += 1;
    else this.ignored += 1;
    return false;
  }

  add(record: ReportRecord, timestamp?: number): void {
    this.fields.setRecord(record);
    this.addFields(this.fields, timestamp);
  }

  private addFields(report: ReportFields, timestamp: number | undefined): void {
    this.invocations += 1;
    const cold = report.isColdStart;
    (cold ? this.cold : this.warm).add(report.durationMs);
    if (report.hasInit) this.init.add(report.initDurationMs);
    if (report.hasRestore) this.restore.add(report.restoreDurationMs);
    this.memoryUsed.add(report.maxMemoryUsedMB);
    if (cold) this.billedColdMs += report.billedDurationMs;
    else this.billedWarmMs += report.billedDurationMs;
    this.gbSeconds += (report.billedDurationMs / 1000) * (report.memorySizeMB / 1024);
    const status = report.status;
    if (status === 'timeout') this.timeouts += 1;
    else if (status === 'error' || status === 'failure') this.errors += 1;
    const errorType = report.errorType;
    if (errorType === 'Runtime.OutOfMemory') this.outOfMemory += 1;
    if (errorType) this.countErrorType(errorType, 1);
    const sizeMB = report.memorySizeMB;
    if (sizeMB < this.minSizeMB) this.minSizeMB = sizeMB;
    if (sizeMB > this.maxSizeMB) this.maxSizeMB = sizeMB;
    // The latest size is the one of the newest record (logs arrive in time order per page, not overall).
    if (timestamp === undefined || timestamp >= this.latestTimestamp) {
      this.memorySizeMB = sizeMB;
      if (timestamp !== undefined) this.latestTimestamp = timestamp;
    }
    if (timestamp !== undefined && Number.isFinite(timestamp)) {
      if (timestamp < this.firstTimestamp) this.firstTimestamp = timestamp;
      if (timestamp > this.lastTimestamp) this.lastTimestamp = timestamp;
    }
  }

  /** Folds another accumulator in (pages fetched in parallel, several log groups). */
  merge(other: ReportStats): void {
    this.warm.addAll(other.warm);
    this.cold.addAll(other.cold);
    this.init.addAll(other.init);
    this.restore.addAll(other.restore);
    this.memoryUsed.addAll(other.memoryUsed);
    this.invocations += other.invocations;
    this.timeouts += other.timeouts;
    this.errors += other.errors;
    this.outOfMemory += other.outOfMemory;
    this.billedWarmMs += other.billedWarmMs;
    this.billedColdMs += other.billedColdMs;
    this.gbSeconds += other.gbSeconds;
    this.minSizeMB = Math.min(this.minSizeMB, other.minSizeMB);
    this.maxSizeMB = Math.max(this.maxSizeMB, other.maxSizeMB);
    if (Number.isNaN(this.memorySizeMB) || other.latestTimestamp > this.latestTimestamp) this.memorySizeMB = other.memorySizeMB;
    this.latestTimestamp = Math.max(this.latestTimestamp, other.latestTimestamp);
    this.firstTimestamp = Math.min(this.firstTimestamp, other.firstTimestamp);
    this.lastTimestamp = Math.max(this.lastTimestamp, other.lastTimestamp);
    this.malformed += other.malformed;
    this.ignored += other.ignored;
    for (const [type, n] of other.errorTypes) this.countErrorType(type, n);
    this.otherErrorTypes += other.otherErrorTypes;
  }

  /** Distinct types are bounded, so memory stays constant whatever the logs hold. */
  private countErrorType(name: string, n: number): void {
    const type = name.length > 200 ? `${name.slice(0, 199)}…` : name;
    const known = this.errorTypes.get(type);
    if (known !== undefined) this.errorTypes.set(type, known + n);
    else if (this.errorTypes.size < MAX_ERROR_TYPES) this.errorTypes.set(type, n);
    else this.otherErrorTypes += n;
  }

  get count(): number {
    return this.invocations;
  }

  /** Durations of warm and of cold invocations, for charts (see durationChart). */
  get durationHistograms(): { readonly warm: LogHistogram; readonly cold: LogHistogram } {
    return { warm: this.warm, cold: this.cold };
  }

  /** Bytes held: the same after one record or a million (the histograms are fixed arrays). */
  get byteSize(): number {
    return this.warm.byteSize + this.cold.byteSize + this.init.byteSize + this.restore.byteSize + this.memoryUsed.byteSize + 18 * 8;
  }

  summary(): ReportSummary {
    const all = new LogHistogram();
    all.addAll(this.warm);
    all.addAll(this.cold);
    const coldStarts = this.cold.count;
    const optional = <K extends string>(key: K, d: Distribution | undefined) => (d ? { [key]: d } as Record<K, Distribution> : {});
    return {
      invocations: this.invocations,
      coldStarts,
      coldStartRate: this.invocations ? coldStarts / this.invocations : NaN,
      snapStartRestores: this.restore.count,
      timeouts: this.timeouts,
      errors: this.errors,
      outOfMemory: this.outOfMemory,
      ...optional('duration', all.distribution()),
      ...optional('warmDuration', this.warm.distribution()),
      ...optional('coldDuration', this.cold.distribution()),
      ...optional('initDuration', this.init.distribution()),
      ...optional('restoreDuration', this.restore.distribution()),
      billed: {
        totalMs: this.billedWarmMs + this.billedColdMs,
        gbSeconds: this.gbSeconds,
        warmMeanMs: this.warm.count ? this.billedWarmMs / this.warm.count : NaN,
        coldMeanMs: coldStarts ? this.billedColdMs / coldStarts : NaN,
      },
      memory: {
        sizeMB: this.memorySizeMB,
        minSizeMB: this.invocations ? this.minSizeMB : NaN,
        maxSizeMB: this.invocations ? this.maxSizeMB : NaN,
        maxUsedMB: this.invocations ? this.memoryUsed.max : NaN,
        p99UsedMB: this.memoryUsed.percentile(99),
        maxUsedRatio: this.invocations ? this.memoryUsed.max / this.memorySizeMB : NaN,
      },
      ...(Number.isFinite(this.firstTimestamp) ? { firstTimestamp: this.firstTimestamp, lastTimestamp: this.lastTimestamp } : {}),
      errorTypes: [...this.errorTypes].map(([type, count]) => ({ type, count })).sort((a, b) => b.count - a.count),
      otherErrorTypes: this.otherErrorTypes,
      malformed: this.malformed,
      ignored: this.ignored,
      percentileRelativeError: HISTOGRAM_RELATIVE_ERROR,
    };
  }
}
