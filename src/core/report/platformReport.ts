// The JSON log format's `platform.report` record (LoggingConfig LogFormat = JSON; aws-facts.md):
// the same figures as the text REPORT line, as floats, in `record.metrics`. The one-pass scanner
// reads the usual records; whatever it is unsure of goes through JSON.parse, which decides.
import { lineBytes } from './asciiBytes';
import { scanPlatformReport } from './platformReportScanner';
import { ReportFields } from './reportFields';
import type { ReportRecord } from './reportLine';
import { isJsonObject } from '../jsonObject';

/** The record as a ReportRecord; undefined when the message is not a well-formed platform.report. */
export function parsePlatformReport(message: string): ReportRecord | undefined {
  const fields = new ReportFields();
  return readPlatformReport(message, 0, fields) ? fields.toRecord() : undefined;
}

/**
 * Reads the record that starts at `start` and runs to the end of `message` into `fields`.
 * `loaded`: whether lineBytes holds the message (see scanPlatformReport).
 */
export function readPlatformReport(
  message: string,
  start: number,
  fields: ReportFields,
  loaded = lineBytes.load(message),
): boolean {
  return (
    scanPlatformReport(message, start, fields, loaded) ||
    readParsedPlatformReport(message, start, fields)
  );
}

/** The reference reading, through JSON.parse: any valid JSON, in any shape. */
export function readParsedPlatformReport(
  message: string,
  start: number,
  fields: ReportFields,
): boolean {
  fields.clear();
  let parsed: unknown;
  try {
    parsed = JSON.parse(start === 0 ? message : message.slice(start));
  } catch {
    return false;
  }
  if (!isJsonObject(parsed) || parsed.type !== 'platform.report' || !isJsonObject(parsed.record))
    return false;
  const { requestId, metrics, status, errorType } = parsed.record;
  if (typeof requestId !== 'string' || !isJsonObject(metrics)) return false;
  fields.requestIdSource = requestId;
  fields.requestIdEnd = requestId.length;
  fields.durationMs = metric(metrics.durationMs);
  fields.billedDurationMs = metric(metrics.billedDurationMs);
  fields.memorySizeMB = metric(metrics.memorySizeMB);
  fields.maxMemoryUsedMB = metric(metrics.maxMemoryUsedMB);
  fields.hasInit = metrics.initDurationMs !== undefined;
  fields.initDurationMs = metric(metrics.initDurationMs);
  fields.hasRestore = metrics.restoreDurationMs !== undefined;
  fields.restoreDurationMs = metric(metrics.restoreDurationMs);
  // The text line says nothing on success; keep the two formats alike.
  if (typeof status === 'string' && status !== 'success') fields.status = status;
  if (typeof errorType === 'string') fields.errorType = errorType;
  return fields.isValid();
}

/**
 * Whether the text at `start` is a JSON record of another kind (its top-level type is not
 * platform.report, e.g. a function's own JSON log record that quotes one): not a REPORT at all,
 * rather than a REPORT that cannot be read. Invalid JSON is not known to be another record.
 */
export function isAnotherJsonRecord(message: string, start: number): boolean {
  try {
    const parsed: unknown = JSON.parse(start === 0 ? message : message.slice(start));
    return !isJsonObject(parsed) || parsed.type !== 'platform.report';
  } catch {
    return false;
  }
}

/** NaN (refused by ReportFields.isValid) unless a finite number. */
function metric(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : NaN;
}
