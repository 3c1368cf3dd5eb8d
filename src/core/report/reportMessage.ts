// One log message (a CloudWatch event, or a line of a file) → a REPORT, nothing, or a malformed
// REPORT. Telling "not a REPORT" from "a REPORT we cannot read" apart lets statistics count what
// they skipped instead of silently dropping figures.
import { AsciiName, lineBytes } from './asciiBytes';
import { readPlatformReport } from './platformReport';
import { ReportFields } from './reportFields';
import { scanReportLine, type ReportRecord } from './reportLine';

export type ReportMessage =
  | { readonly kind: 'report'; readonly record: ReportRecord }
  | { readonly kind: 'malformed' }
  | { readonly kind: 'other' };

export type ReportMessageKind = ReportMessage['kind'];

const OTHER: ReportMessage = { kind: 'other' };
const MALFORMED: ReportMessage = { kind: 'malformed' };
const TEXT_MARK = 'REPORT RequestId:';
const JSON_MARK = '"platform.report"';
const TEXT_LINE_START = new AsciiName('REPORT RequestId: ');

/** The message as a record of its own, for callers that keep reports. */
export function classifyReportMessage(message: string): ReportMessage {
  const fields = new ReportFields();
  const kind = readReportMessage(message, fields);
  return kind === 'report' ? { kind, record: fields.toRecord() } : kind === 'malformed' ? MALFORMED : OTHER;
}

/**
 * Reads the message into `fields` when it is a REPORT. Text lines may carry a prefix before REPORT
 * (a timestamp and stream, as `aws logs tail` prints them); JSON records are recognised by their type.
 */
export function readReportMessage(message: string, fields: ReportFields): ReportMessageKind {
  const loaded = lineBytes.load(message);
  // Most messages are REPORT lines as Lambda writes them: told by their bytes, without a search.
  if (loaded && lineBytes.matches(0, TEXT_LINE_START)) return scanReportLine(message, 0, fields, true) ? 'report' : 'malformed';
  const text = message.indexOf(TEXT_MARK);
  if (text >= 0) {
    if (text > 0 && !isSpace(message.charCodeAt(text - 1))) return 'other';
    return scanReportLine(message, text, fields, loaded) ? 'report' : 'malformed';
  }
  if (message.includes(JSON_MARK)) {
    const start = message.indexOf('{');
    if (start < 0 || (start > 0 && !isSpace(message.charCodeAt(start - 1)))) return 'other';
    return readPlatformReport(message, start, fields, loaded) ? 'report' : 'malformed';
  }
  return 'other';
}

function isSpace(code: number): boolean {
  return code === 32 || code === 9;
}
