// Parses the REPORT line Lambda writes after each invocation (text format; see aws-facts.md).
// Tolerant of field order and of fields it does not know; refuses lines that are not REPORT lines.
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

const FIELD = /(RequestId|Duration|Billed Duration|Memory Size|Max Memory Used|Init Duration|Restore Duration|Billed Restore Duration|Status|Error Type): ([^\t]+?)(?:\s(?:ms|MB))?\s*(?:\t|$)/g;

export function parseReportLine(line: string): ReportRecord | undefined {
  if (!line.startsWith('REPORT RequestId: ')) return undefined;
  const fields = new Map<string, string>();
  for (const match of line.matchAll(FIELD)) fields.set(match[1]!, match[2]!.trim());
  const number = (name: string) => {
    const value = fields.get(name);
    if (value === undefined) return undefined;
    const parsed = Number.parseFloat(value);
    return Number.isFinite(parsed) ? parsed : undefined;
  };
  const requestId = fields.get('RequestId');
  const durationMs = number('Duration');
  const billedDurationMs = number('Billed Duration');
  const memorySizeMB = number('Memory Size');
  const maxMemoryUsedMB = number('Max Memory Used');
  if (!requestId || durationMs === undefined || billedDurationMs === undefined || memorySizeMB === undefined || maxMemoryUsedMB === undefined) return undefined;
  const initDurationMs = number('Init Duration');
  const restoreDurationMs = number('Restore Duration');
  const status = fields.get('Status');
  const errorType = fields.get('Error Type');
  return {
    requestId, durationMs, billedDurationMs, memorySizeMB, maxMemoryUsedMB,
    ...(initDurationMs !== undefined ? { initDurationMs } : {}),
    ...(restoreDurationMs !== undefined ? { restoreDurationMs } : {}),
    ...(status ? { status } : {}),
    ...(errorType ? { errorType } : {}),
  };
}

/** Cold when Lambda reported an init (or a SnapStart restore) for it. */
export function isColdStart(record: ReportRecord): boolean {
  return record.initDurationMs !== undefined || record.restoreDurationMs !== undefined;
}
