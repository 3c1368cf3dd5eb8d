// The REPORT lines the statistics read but did not count, said in words for every basis that shows
// observed figures (the panel, the lens's hover, `estimate` and `report`): none when none were.
import type { ReportSummary } from './reportStats';

export function discardedReportsBasis(summary: Pick<ReportSummary, 'discarded'>): string[] {
  const { duplicateRequestIds, writtenByFunction } = summary.discarded;
  const lines = (n: number) =>
    `${n.toLocaleString('en-US')} REPORT line${n === 1 ? '' : 's'} discarded`;
  return [
    ...(duplicateRequestIds ? [`${lines(duplicateRequestIds)}: duplicate request ids`] : []),
    ...(writtenByFunction
      ? [`${lines(writtenByFunction)}: written by the function, not by the local endpoint`]
      : []),
  ];
}

/** How many were discarded in all. */
export function discardedReportCount(summary: Pick<ReportSummary, 'discarded'>): number {
  return summary.discarded.duplicateRequestIds + summary.discarded.writtenByFunction;
}
