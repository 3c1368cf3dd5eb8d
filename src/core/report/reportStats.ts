// Streaming statistics over REPORT records of one function and window: every figure the estimate
// panel and the CodeLens show, in constant memory (fixed histograms and counters, nothing per
// record), so 10 or 10 million lines cost the same memory. One REPORT counts per request id and
// invocation: each is held in a bounded window first (heldReports.ts), where a later one of the
// same invocation takes its place and the one it replaces is counted as discarded.
import { HeldReports } from './heldReports';
import { HISTOGRAM_RELATIVE_ERROR, LogHistogram, type Distribution } from './logHistogram';
import { ReportFields } from './reportFields';
import { readReportMessage } from './reportMessage';
import { sameInvocation } from './sameInvocation';
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
  /** REPORT lines read but not counted, by why (discardedReports.ts says it in words). */
  readonly discarded: DiscardedReports;
  /** Percentiles are within this relative error of the exact value. */
  readonly percentileRelativeError: number;
}

export interface DiscardedReports {
  /** A later REPORT of the same invocation (same request id, within its duration) took their place. */
  readonly duplicateRequestIds: number;
  /** Lines the local endpoint did not mark as its own: the function printed them. */
  readonly writtenByFunction: number;
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
  private duplicateRequestIds = 0;
  private writtenByFunction = 0;
  private readonly held = new HeldReports();

  /** The scanners write each message's figures here: reading a line allocates nothing. */
  private readonly fields = new ReportFields();
  /** A held report's figures, when it comes to count. */
  private readonly released = new ReportFields();

  /**
   * Reads one log message (text REPORT line or JSON record, from `start`: see readReportMessage);
   * returns whether it was a REPORT.
   */
  addMessage(message: string, timestamp?: number, start = 0): boolean {
    const fields = this.fields;
    const kind = readReportMessage(message, fields, start);
    if (kind === 'report') {
      fields.timestamp = timestamp ?? NaN;
      this.hold(fields);
      return true;
    }
    if (kind === 'malformed') this.malformed += 1;
    else this.ignored += 1;
    return false;
  }

  /**
   * A message the local endpoint did not mark as its own (core/logs/platformMark.ts): the function
   * printed it, so a REPORT in it is discarded and counted, whatever it says.
   */
  addFunctionOutput(message: string): void {
    if (readReportMessage(message, this.fields) === 'report') this.writtenByFunction += 1;
    else this.ignored += 1;
  }

  /** The request id of the REPORT addMessage() read last (made on request: reading allocates nothing). */
  get lastRequestId(): string {
    return this.fields.requestId;
  }

  add(record: ReportRecord, timestamp?: number): void {
    const fields = this.fields;
    fields.setRecord(record);
    fields.timestamp = timestamp ?? NaN;
    this.hold(fields);
  }

  /** Holds the report back; a held one of the same invocation gives way when this one is the later, the platform's. */
  private hold(report: ReportFields): void {
    const held = this.held;
    // Room first: the oldest counts now (a copy of it this late would not be recognised anyway).
    if (held.isFull) {
      held.release(this);
    }
    const slot = held.find(report);
    if (slot < 0) {
      held.hold(report);
      return;
    }
    const heldAt = held.timestampOf(slot);
    // Without times, the one read later is the later one (a file, read in order).
    if (!(report.timestamp < heldAt)) {
      if (writtenDuring(heldAt, report)) {
        this.duplicateRequestIds += 1;
      } else {
        held.read(slot, this.released); // an earlier attempt of a retried event
        this.addFields(this.released);
      }
      held.write(slot, report);
      return;
    }
    held.read(slot, this.released);
    if (writtenDuring(report.timestamp, this.released))
      this.duplicateRequestIds += 1; // read late, and the held one is the later
    else this.addFields(report); // an earlier attempt, read late
  }

  private addFields(report: ReportFields): void {
    this.countReport(
      report.durationMs,
      report.billedDurationMs,
      report.memorySizeMB,
      report.maxMemoryUsedMB,
      report.hasInit,
      report.initDurationMs,
      report.hasRestore,
      report.restoreDurationMs,
      report.timestamp,
      report.status,
      report.errorType,
    );
  }

  /** Counts one report, given figure by figure: a held one is counted straight from its slot (see HeldReports.release). */
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
  ): void {
    this.invocations += 1;
    const cold = hasInit || hasRestore;
    (cold ? this.cold : this.warm).add(durationMs);
    if (hasInit) this.init.add(initDurationMs);
    if (hasRestore) this.restore.add(restoreDurationMs);
    this.memoryUsed.add(maxMemoryUsedMB);
    if (cold) this.billedColdMs += billedDurationMs;
    else this.billedWarmMs += billedDurationMs;
    this.gbSeconds += (billedDurationMs / 1000) * (memorySizeMB / 1024);
    if (status === 'timeout') this.timeouts += 1;
    else if (status === 'error' || status === 'failure') this.errors += 1;
    if (errorType === 'Runtime.OutOfMemory') this.outOfMemory += 1;
    if (errorType) this.countErrorType(errorType, 1);
    if (memorySizeMB < this.minSizeMB) this.minSizeMB = memorySizeMB;
    if (memorySizeMB > this.maxSizeMB) this.maxSizeMB = memorySizeMB;
    // The latest size is the one of the newest record (logs arrive in time order per page, not overall).
    const timed = timestamp === timestamp;
    if (!timed || timestamp >= this.latestTimestamp) {
      this.memorySizeMB = memorySizeMB;
      if (timed) this.latestTimestamp = timestamp;
    }
    if (Number.isFinite(timestamp)) {
      if (timestamp < this.firstTimestamp) this.firstTimestamp = timestamp;
      if (timestamp > this.lastTimestamp) this.lastTimestamp = timestamp;
    }
  }

  /**
   * Folds another accumulator in (pages fetched in parallel, several log groups); the reports it
   * holds count here as they are. `other` is left as it was.
   */
  merge(other: ReportStats): void {
    for (let i = 0; i < other.held.size; i++) {
      other.held.countSlot(other.held.slotAt(i), this);
    }
    this.duplicateRequestIds += other.duplicateRequestIds;
    this.writtenByFunction += other.writtenByFunction;
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
    if (Number.isNaN(this.memorySizeMB) || other.latestTimestamp > this.latestTimestamp)
      this.memorySizeMB = other.memorySizeMB;
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
    return this.invocations + this.held.size;
  }

  /** Durations of warm and of cold invocations, for charts (see durationChart). */
  get durationHistograms(): { readonly warm: LogHistogram; readonly cold: LogHistogram } {
    const settled = this.snapshot();
    return { warm: settled.warm, cold: settled.cold };
  }

  /** Bytes held: the same after one record or a million (the histograms and the window are fixed arrays). */
  get byteSize(): number {
    return (
      this.warm.byteSize +
      this.cold.byteSize +
      this.init.byteSize +
      this.restore.byteSize +
      this.memoryUsed.byteSize +
      this.held.byteSize +
      20 * 8
    );
  }

  /** The figures with the held reports counted, leaving this as it is (more lines may follow). */
  summary(): ReportSummary {
    return this.snapshot().summaryOfCounted();
  }

  /**
   * This, or a copy where the held reports count: for a reader that wants both the summary and the
   * histograms, so that the copy is made once (its own snapshot is itself).
   */
  snapshot(): ReportStats {
    if (this.held.size === 0) return this;
    const copy = new ReportStats();
    copy.merge(this);
    return copy;
  }

  private summaryOfCounted(): ReportSummary {
    const all = new LogHistogram();
    all.addAll(this.warm);
    all.addAll(this.cold);
    const coldStarts = this.cold.count;
    const optional = <K extends string>(key: K, d: Distribution | undefined) =>
      d ? ({ [key]: d } as Record<K, Distribution>) : {};
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
      ...(Number.isFinite(this.firstTimestamp)
        ? { firstTimestamp: this.firstTimestamp, lastTimestamp: this.lastTimestamp }
        : {}),
      errorTypes: [...this.errorTypes]
        .map(([type, count]) => ({ type, count }))
        .sort((a, b) => b.count - a.count),
      otherErrorTypes: this.otherErrorTypes,
      malformed: this.malformed,
      ignored: this.ignored,
      discarded: {
        duplicateRequestIds: this.duplicateRequestIds,
        writtenByFunction: this.writtenByFunction,
      },
      percentileRelativeError: HISTOGRAM_RELATIVE_ERROR,
    };
  }
}

/** Whether a REPORT logged at `earlierAt` was written during the invocation `later` reports on (sameInvocation.ts). */
function writtenDuring(earlierAt: number, later: ReportFields): boolean {
  return sameInvocation(
    earlierAt,
    later.timestamp,
    later.durationMs +
      (later.hasInit ? later.initDurationMs : 0) +
      (later.hasRestore ? later.restoreDurationMs : 0),
  );
}
