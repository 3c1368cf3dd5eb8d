// REPORT records from the log tails of the invokes made in this session, per function. CloudWatch
// Logs can take seconds to deliver a REPORT line, so a read of the logs right after an invoke may
// not hold it yet: the panel and the lens add the session's records that their read did not
// contain, matched by request ID. Bounded per function, so a long session holds little.
import type { ReportRecord } from './reportLine';

export const SESSION_REPORTS_PER_FUNCTION = 500;

export interface SessionReport {
  readonly record: ReportRecord;
  /** When the invoke returned (ms since epoch): the REPORT line's own time, within milliseconds. */
  readonly timestamp: number;
}

export class SessionReports {
  private readonly byFunction = new Map<string, SessionReport[]>();

  add(functionKey: string, record: ReportRecord, timestamp: number): void {
    let reports = this.byFunction.get(functionKey);
    if (!reports) this.byFunction.set(functionKey, (reports = []));
    reports.push({ record, timestamp });
    if (reports.length > SESSION_REPORTS_PER_FUNCTION)
      reports.splice(0, reports.length - SESSION_REPORTS_PER_FUNCTION);
  }

  /** The request IDs a read of the function's logs should look out for. */
  requestIds(functionKey: string): ReadonlySet<string> {
    return new Set((this.byFunction.get(functionKey) ?? []).map((r) => r.record.requestId));
  }

  /** The function's records within [startMs, endMs] whose request IDs the read did not see. */
  unseen(
    functionKey: string,
    seen: ReadonlySet<string>,
    startMs: number,
    endMs: number,
  ): SessionReport[] {
    return (this.byFunction.get(functionKey) ?? []).filter(
      (r) => r.timestamp >= startMs && r.timestamp <= endMs && !seen.has(r.record.requestId),
    );
  }
}
