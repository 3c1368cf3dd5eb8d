// The explorer's recent invocations, counted as the statistics count them (reportStats.ts): one
// REPORT per request id and invocation, and of two from one invocation the later, the platform's.
import type { ReportRecord } from './reportLine';
import { sameInvocation } from './sameInvocation';

/** The reports, oldest first, without the earlier of two from one invocation. */
export function distinctInvocations<T extends ReportRecord & { readonly timestamp: number }>(
  reports: readonly T[],
): T[] {
  const kept: T[] = [];
  /** Request id → the index in `kept` of its latest report. */
  const latest = new Map<string, number>();
  for (const report of [...reports].sort((a, b) => a.timestamp - b.timestamp)) {
    const at = latest.get(report.requestId);
    const ranMs =
      report.durationMs + (report.initDurationMs ?? 0) + (report.restoreDurationMs ?? 0);
    if (at !== undefined && sameInvocation(kept[at]!.timestamp, report.timestamp, ranMs)) {
      kept[at] = report;
    } else {
      latest.set(report.requestId, kept.length);
      kept.push(report);
    }
  }
  return kept;
}
