// Parses the REPORT line Lambda writes after each invocation (text format; see aws-facts.md).
// Tolerant of field order and of fields it does not know; refuses lines that are not REPORT lines
// and numbers that are not numbers. Hand-rolled (split on tabs) rather than a regex per field:
// the statistics read millions of these lines, so this is the hot path.
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

export function parseReportLine(line: string): ReportRecord | undefined {
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
          if (line.startsWith('Billed Duration', pos)) billedDurationMs = measure(line, value, end, ' ms');
          else if (line.startsWith('Max Memory Used', pos)) maxMemoryUsedMB = measure(line, value, end, ' MB');
          break;
        case 11:
          if (line.startsWith('Memory Size', pos)) memorySizeMB = measure(line, value, end, ' MB');
          break;
        case 13:
          if (line.startsWith('Init Duration', pos)) initDurationMs = measure(line, value, end, ' ms');
          break;
        case 16:
          if (line.startsWith('Restore Duration', pos)) restoreDurationMs = measure(line, value, end, ' ms');
          break;
        case 6:
          if (line.startsWith('Status', pos)) status = line.slice(value, end).trim();
          break;
        case 10:
          if (line.startsWith('Error Type', pos)) errorType = line.slice(value, end).trim();
          break;
        default: break; // Billed Restore Duration and fields Lambda may add later
      }
    }
    pos = end + 1;
  }
  // NaN fails every comparison, so one check refuses missing, malformed and negative values alike.
  if (!requestId || !(durationMs >= 0 && billedDurationMs >= 0 && memorySizeMB > 0 && maxMemoryUsedMB >= 0)) return undefined;
  if (initDurationMs !== undefined && !(initDurationMs >= 0)) return undefined;
  if (restoreDurationMs !== undefined && !(restoreDurationMs >= 0)) return undefined;
  const record: Mutable<ReportRecord> = { requestId, durationMs, billedDurationMs, memorySizeMB, maxMemoryUsedMB };
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
  const value = Number(line.slice(start, stop - unit.length));
  return Number.isFinite(value) ? value : NaN;
}

/** Cold when Lambda reported an init (or a SnapStart restore) for it. */
export function isColdStart(record: ReportRecord): boolean {
  return record.initDurationMs !== undefined || record.restoreDurationMs !== undefined;
}
