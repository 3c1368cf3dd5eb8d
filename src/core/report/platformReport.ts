// The JSON log format's `platform.report` record (LoggingConfig LogFormat = JSON; aws-facts.md):
// the same figures as the text REPORT line, as floats, in `record.metrics`.
import type { ReportRecord } from './reportLine';

/** The record as a ReportRecord; undefined when the message is not a well-formed platform.report. */
export function parsePlatformReport(message: string): ReportRecord | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(message);
  } catch {
    return undefined;
  }
  if (!isObject(parsed) || parsed.type !== 'platform.report' || !isObject(parsed.record)) return undefined;
  const { requestId, metrics, status, errorType } = parsed.record;
  if (typeof requestId !== 'string' || requestId === '' || !isObject(metrics)) return undefined;
  const durationMs = metric(metrics.durationMs);
  const billedDurationMs = metric(metrics.billedDurationMs);
  const memorySizeMB = metric(metrics.memorySizeMB);
  const maxMemoryUsedMB = metric(metrics.maxMemoryUsedMB);
  if (durationMs === undefined || billedDurationMs === undefined || memorySizeMB === undefined || memorySizeMB === 0 || maxMemoryUsedMB === undefined) return undefined;
  const initDurationMs = optionalMetric(metrics.initDurationMs);
  const restoreDurationMs = optionalMetric(metrics.restoreDurationMs);
  if (initDurationMs === null || restoreDurationMs === null) return undefined;
  return {
    requestId, durationMs, billedDurationMs, memorySizeMB, maxMemoryUsedMB,
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
