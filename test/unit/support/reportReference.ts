// The REPORT readers as they were before the one-pass scanners (split on fields, substrings,
// Number(), JSON.parse), kept as the reference the scanners must agree with. One fix since: a
// blank figure (`Duration:   ms`) is unreadable, where Number(' ') had made it 0.
import type { ReportRecord } from '../../../src/core/report/reportLine';

const PREFIX = 'REPORT RequestId: ';

export function referenceReportLine(line: string): ReportRecord | undefined {
  if (!line.startsWith(PREFIX)) return undefined;
  let requestId = '';
  let durationMs = NaN;
  let billedDurationMs = NaN;
  let memorySizeMB = NaN;
  let maxMemoryUsedMB = NaN;
  let initDurationMs: number | undefined;
  let restoreDurationMs: number | undefined;
  let status: string | undefined;
  let errorType: string | undefined;
  // One pass over the tab-separated fields; names are compared in place, nothing is split.
  let pos = 'REPORT '.length;
  while (pos < line.length) {
    let end = line.indexOf('\t', pos);
    if (end < 0) end = line.length;
    const colon = line.indexOf(': ', pos);
    if (colon > pos && colon < end) {
      const value = colon + 2;
      switch (colon - pos) {
        case 9:
          if (line.startsWith('RequestId', pos)) requestId = line.slice(value, end).trim();
          break;
        case 8:
          if (line.startsWith('Duration', pos)) durationMs = measure(line, value, end, ' ms');
          break;
        case 15:
          if (line.startsWith('Billed Duration', pos))
            billedDurationMs = measure(line, value, end, ' ms');
          else if (line.startsWith('Max Memory Used', pos))
            maxMemoryUsedMB = measure(line, value, end, ' MB');
          break;
        case 11:
          if (line.startsWith('Memory Size', pos)) memorySizeMB = measure(line, value, end, ' MB');
          break;
        case 13:
          if (line.startsWith('Init Duration', pos))
            initDurationMs = measure(line, value, end, ' ms');
          break;
        case 16:
          if (line.startsWith('Restore Duration', pos))
            restoreDurationMs = measure(line, value, end, ' ms');
          break;
        case 6:
          if (line.startsWith('Status', pos)) status = line.slice(value, end).trim();
          break;
        case 10:
          if (line.startsWith('Error Type', pos)) errorType = line.slice(value, end).trim();
          break;
        default:
          break; // Billed Restore Duration and fields Lambda may add later
      }
    }
    pos = end + 1;
  }
  // NaN fails every comparison, so one check refuses missing, malformed and negative values alike.
  if (
    !requestId ||
    !(durationMs >= 0 && billedDurationMs >= 0 && memorySizeMB > 0 && maxMemoryUsedMB >= 0)
  )
    return undefined;
  if (initDurationMs !== undefined && !(initDurationMs >= 0)) return undefined;
  if (restoreDurationMs !== undefined && !(restoreDurationMs >= 0)) return undefined;
  const record: Mutable<ReportRecord> = {
    requestId,
    durationMs,
    billedDurationMs,
    memorySizeMB,
    maxMemoryUsedMB,
  };
  if (initDurationMs !== undefined) record.initDurationMs = initDurationMs;
  if (restoreDurationMs !== undefined) record.restoreDurationMs = restoreDurationMs;
  if (status) record.status = status;
  if (errorType) record.errorType = errorType;
  return record;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** `8.40 ms` → 8.4; NaN when the unit is wrong or the number is not a plain decimal. */
function measure(line: string, start: number, end: number, unit: string): number {
  let stop = end;
  while (stop > start && line.charCodeAt(stop - 1) === 32) stop--;
  if (stop - start <= unit.length || !line.startsWith(unit, stop - unit.length)) return NaN;
  const text = line.slice(start, stop - unit.length);
  // Number() reads a blank as 0; a figure that is not there is not a zero.
  if (text.trim() === '') return NaN;
  const value = Number(text);
  return Number.isFinite(value) ? value : NaN;
}

// ---- platform.report, through JSON.parse
/** The record as a ReportRecord; undefined when the message is not a well-formed platform.report. */
export function referencePlatformReport(message: string): ReportRecord | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(message);
  } catch {
    return undefined;
  }
  if (!isObject(parsed) || parsed.type !== 'platform.report' || !isObject(parsed.record))
    return undefined;
  const { requestId, metrics, status, errorType } = parsed.record;
  if (typeof requestId !== 'string' || requestId === '' || !isObject(metrics)) return undefined;
  const durationMs = metric(metrics.durationMs);
  const billedDurationMs = metric(metrics.billedDurationMs);
  const memorySizeMB = metric(metrics.memorySizeMB);
  const maxMemoryUsedMB = metric(metrics.maxMemoryUsedMB);
  if (
    durationMs === undefined ||
    billedDurationMs === undefined ||
    memorySizeMB === undefined ||
    memorySizeMB === 0 ||
    maxMemoryUsedMB === undefined
  )
    return undefined;
  const initDurationMs = optionalMetric(metrics.initDurationMs);
  const restoreDurationMs = optionalMetric(metrics.restoreDurationMs);
  if (initDurationMs === null || restoreDurationMs === null) return undefined;
  return {
    requestId,
    durationMs,
    billedDurationMs,
    memorySizeMB,
    maxMemoryUsedMB,
    ...(initDurationMs !== undefined ? { initDurationMs } : {}),
    ...(restoreDurationMs !== undefined ? { restoreDurationMs } : {}),
    // The text line says nothing on success; keep the two formats alike.
    ...(typeof status === 'string' && status !== '' && status !== 'success' ? { status } : {}),
    ...(typeof errorType === 'string' && errorType !== '' ? { errorType } : {}),
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function metric(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
}

/** undefined when absent, null when present but not a usable number. */
function optionalMetric(value: unknown): number | undefined | null {
  if (value === undefined) return undefined;
  return metric(value) ?? null;
}

const TEXT_MARK = 'REPORT RequestId:';
const JSON_MARK = '"platform.report"';

/**
 * The classification as reportMessage.ts made it, with two deliberate changes since (issue #17:
 * forged REPORT lines). A REPORT is recognised only where the message starts (at `start`, past a
 * log file's prefix), no longer after a space or tab anywhere in the message: a console.log of a
 * REPORT line is the function's output. And JSON that parses but whose top-level type is not
 * platform.report is another line, no longer a malformed REPORT.
 */
export function referenceReportMessage(
  message: string,
  start = 0,
): { kind: 'report'; record: ReportRecord } | { kind: 'malformed' } | { kind: 'other' } {
  const rest = message.slice(start);
  if (rest.startsWith(TEXT_MARK)) {
    const record = referenceReportLine(rest);
    return record ? { kind: 'report', record } : { kind: 'malformed' };
  }
  if (rest.startsWith('{') && rest.includes(JSON_MARK)) {
    const record = referencePlatformReport(rest);
    if (record) return { kind: 'report', record };
    return isAnotherRecord(rest) ? { kind: 'other' } : { kind: 'malformed' };
  }
  return { kind: 'other' };
}

function isAnotherRecord(text: string): boolean {
  try {
    const parsed: unknown = JSON.parse(text);
    return !isObject(parsed) || parsed.type !== 'platform.report';
  } catch {
    return false;
  }
}
