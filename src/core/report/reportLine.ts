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
  for (const field of line.split('\t')) {
    const colon = field.indexOf(': ');
    if (colon < 0) continue;
    const name = field.slice(0, colon);
    switch (name) {
      case 'REPORT RequestId': requestId = field.slice(colon + 2).trim(); break;
      case 'Duration': durationMs = measure(field, colon, ' ms'); break;
      case 'Billed Duration': billedDurationMs = measure(field, colon, ' ms'); break;
      case 'Memory Size': memorySizeMB = measure(field, colon, ' MB'); break;
      case 'Max Memory Used': maxMemoryUsedMB = measure(field, colon, ' MB'); break;
      case 'Init Duration': initDurationMs = measure(field, colon, ' ms'); break;
      case 'Restore Duration': restoreDurationMs = measure(field, colon, ' ms'); break;
      case 'Status': status = field.slice(colon + 2).trim(); break;
      case 'Error Type': errorType = field.slice(colon + 2).trim(); break;
      default: break; // Billed Restore Duration and fields Lambda may add later
    }
  }
  // NaN fails every comparison, so one check refuses missing, malformed and negative values alike.
  if (!requestId || !(durationMs >= 0 && billedDurationMs >= 0 && memorySizeMB > 0 && maxMemoryUsedMB >= 0)) return undefined;
  if (initDurationMs !== undefined && !(initDurationMs >= 0)) return undefined;
  if (restoreDurationMs !== undefined && !(restoreDurationMs >= 0)) return undefined;
  return {
    requestId, durationMs, billedDurationMs, memorySizeMB, maxMemoryUsedMB,
    ...(initDurationMs !== undefined ? { initDurationMs } : {}),
    ...(restoreDurationMs !== undefined ? { restoreDurationMs } : {}),
    ...(status ? { status } : {}),
    ...(errorType ? { errorType } : {}),
  };
}

/** `8.40 ms` → 8.4; NaN when the unit is wrong or the number is not a plain decimal. */
function measure(field: string, colon: number, unit: string): number {
  const end = field.trimEnd();
  if (!end.endsWith(unit)) return NaN;
  const text = end.slice(colon + 2, end.length - unit.length);
  if (text.length === 0) return NaN;
  const value = Number(text);
  return Number.isFinite(value) ? value : NaN;
}

/** Cold when Lambda reported an init (or a SnapStart restore) for it. */
export function isColdStart(record: ReportRecord): boolean {
  return record.initDurationMs !== undefined || record.restoreDurationMs !== undefined;
}
