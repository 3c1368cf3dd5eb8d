// One log message (a CloudWatch event, or a line of a file) → a REPORT record, nothing, or a
// malformed REPORT. Telling "not a REPORT" from "a REPORT we cannot read" apart lets statistics
// count what they skipped instead of silently dropping figures.
import { parsePlatformReport } from './platformReport';
import { parseReportLine, type ReportRecord } from './reportLine';

export type ReportMessage =
  | { readonly kind: 'report'; readonly record: ReportRecord }
  | { readonly kind: 'malformed' }
  | { readonly kind: 'other' };

const OTHER: ReportMessage = { kind: 'other' };
const MALFORMED: ReportMessage = { kind: 'malformed' };
const TEXT_MARK = 'REPORT RequestId:';
const JSON_MARK = '"platform.report"';

/**
 * Text lines may carry a prefix before REPORT (a timestamp and stream, as `aws logs tail`
 * prints them); JSON records are recognised by their type.
 */
export function classifyReportMessage(message: string): ReportMessage {
  const text = message.indexOf(TEXT_MARK);
  if (text >= 0) {
    if (text > 0 && !isSpace(message.charCodeAt(text - 1))) return OTHER;
    const record = parseReportLine(text === 0 ? message : message.slice(text));
    return record ? { kind: 'report', record } : MALFORMED;
  }
  if (message.includes(JSON_MARK)) {
    const start = message.indexOf('{');
    if (start < 0 || (start > 0 && !isSpace(message.charCodeAt(start - 1)))) return OTHER;
    const record = parsePlatformReport(start === 0 ? message : message.slice(start));
    return record ? { kind: 'report', record } : MALFORMED;
  }
  return OTHER;
}

function isSpace(code: number): boolean {
  return code === 32 || code === 9;
}
