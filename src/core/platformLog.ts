// The lines Lambda itself writes around each invocation (START, END, REPORT), in the text and
// JSON log formats, and how it computes Billed Duration. See ../shared/notes/aws-facts.md.
import type { ReportRecord } from './report/reportLine';

/** What the local endpoint reports about an invocation: a REPORT line's fields, its status always set. */
export interface InvocationMetrics extends Omit<ReportRecord, 'status' | 'restoreDurationMs'> {
  readonly status: 'success' | 'error' | 'timeout';
}

/**
 * Billed per 1 ms, rounded up; a cold start also bills its INIT phase (zip packages, since
 * 2025-08-01). Computed from the durations as the REPORT line prints them (to 0.01 ms), in whole
 * hundredths, so that anyone adding up the line gets the same figure.
 */
export function billedDurationMs(durationMs: number, initDurationMs?: number): number {
  const hundredths = Math.round(durationMs * 100) + Math.round((initDurationMs ?? 0) * 100);
  return Math.max(1, Math.ceil(hundredths / 100));
}

export function startLine(requestId: string, version: string): string {
  return `START RequestId: ${requestId} Version: ${version}`;
}

export function endLine(requestId: string): string {
  return `END RequestId: ${requestId}`;
}

export function reportLine(m: InvocationMetrics): string {
  let line =
    `REPORT RequestId: ${m.requestId}\tDuration: ${ms(m.durationMs)} ms\tBilled Duration: ${m.billedDurationMs} ms\t` +
    `Memory Size: ${m.memorySizeMB} MB\tMax Memory Used: ${m.maxMemoryUsedMB} MB\t`;
  if (m.initDurationMs !== undefined) line += `Init Duration: ${ms(m.initDurationMs)} ms\t`;
  if (m.status !== 'success') line += `Status: ${m.status}\t`;
  if (m.errorType) line += `Error Type: ${m.errorType}\t`;
  return line;
}

/**
 * What follows END for a debug invocation instead of REPORT (a line of ours, marked as the
 * platform's): its time includes the pauses at breakpoints, so nothing that reads REPORT lines
 * (statistics, cold starts, cost) may count it, and none does, since it is no REPORT line.
 */
export function debugLine(m: InvocationMetrics): string {
  let line = `DEBUG RequestId: ${m.requestId}\tDuration: ${ms(m.durationMs)} ms\t`;
  if (m.initDurationMs !== undefined) line += `Init Duration: ${ms(m.initDurationMs)} ms\t`;
  line += `Memory Size: ${m.memorySizeMB} MB\tMax Memory Used: ${m.maxMemoryUsedMB} MB\t`;
  if (m.status !== 'success') line += `Status: ${m.status}\t`;
  if (m.errorType) line += `Error Type: ${m.errorType}\t`;
  return line;
}

/** Written before START when the runtime failed to start (the init phase's own report). */
export function initReportLine(initDurationMs: number, errorType: string): string {
  return `INIT_REPORT Init Duration: ${ms(initDurationMs)} ms\tPhase: init\tStatus: error\tError Type: ${errorType}`;
}

export function timeoutLine(at: Date, requestId: string, timeoutSeconds: number): string {
  return `${at.toISOString()} ${requestId} Task timed out after ${timeoutSeconds.toFixed(2)} seconds`;
}

/** The JSON log format's platform records (LoggingConfig LogFormat = JSON). */
export function platformStartRecord(at: Date, requestId: string, version: string): string {
  return JSON.stringify({
    time: at.toISOString(),
    type: 'platform.start',
    record: { requestId, version },
  });
}

export function platformInitReportRecord(
  at: Date,
  initDurationMs: number,
  errorType: string,
): string {
  return JSON.stringify({
    time: at.toISOString(),
    type: 'platform.initReport',
    record: {
      initializationType: 'on-demand',
      phase: 'init',
      status: 'error',
      errorType,
      metrics: { durationMs: round2(initDurationMs) },
    },
  });
}

export function platformRuntimeDoneRecord(at: Date, m: InvocationMetrics): string {
  return JSON.stringify({
    time: at.toISOString(),
    type: 'platform.runtimeDone',
    record: {
      requestId: m.requestId,
      status: m.status,
      metrics: { durationMs: round2(m.durationMs) },
    },
  });
}

export function platformReportRecord(at: Date, m: InvocationMetrics): string {
  return JSON.stringify({
    time: at.toISOString(),
    type: 'platform.report',
    record: {
      requestId: m.requestId,
      metrics: {
        durationMs: round2(m.durationMs),
        billedDurationMs: m.billedDurationMs,
        memorySizeMB: m.memorySizeMB,
        maxMemoryUsedMB: m.maxMemoryUsedMB,
        ...(m.initDurationMs !== undefined ? { initDurationMs: round2(m.initDurationMs) } : {}),
      },
      status: m.status,
      ...(m.errorType ? { errorType: m.errorType } : {}),
    },
  });
}

/** The JSON log format's counterpart of debugLine: a record type of ours, not platform.report. */
export function debugRecord(at: Date, m: InvocationMetrics): string {
  return JSON.stringify({
    time: at.toISOString(),
    type: 'lambdaLens.debugReport',
    record: {
      requestId: m.requestId,
      metrics: {
        durationMs: round2(m.durationMs),
        ...(m.initDurationMs !== undefined ? { initDurationMs: round2(m.initDurationMs) } : {}),
        memorySizeMB: m.memorySizeMB,
        maxMemoryUsedMB: m.maxMemoryUsedMB,
      },
      status: m.status,
      ...(m.errorType ? { errorType: m.errorType } : {}),
    },
  });
}

/**
 * After REPORT (or DEBUG), when the function did not run on the version its runtime declares: a
 * line of ours, marked as the platform's, so that REPORT itself stays exactly Lambda's.
 */
export function runtimeNoteLine(requestId: string, note: string): string {
  return `RUNTIME RequestId: ${requestId}\t${note}`;
}

/** The JSON log format's counterpart of runtimeNoteLine: a record type of ours. */
export function runtimeNoteRecord(at: Date, requestId: string, note: string): string {
  return JSON.stringify({
    time: at.toISOString(),
    type: 'lambdaLens.runtimeNote',
    record: { requestId, note },
  });
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}

/** A duration as the text lines print it: rounded to 0.01 ms the same way billedDurationMs counts it. */
function ms(value: number): string {
  return round2(value).toFixed(2);
}
