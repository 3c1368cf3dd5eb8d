// One log message (a CloudWatch event, or a line of a file) → a REPORT, nothing, or a malformed
// REPORT. Telling "not a REPORT" from "a REPORT we cannot read" apart lets statistics count what
// they skipped instead of silently dropping figures.
import { AsciiName, lineBytes } from './asciiBytes';
import { isAnotherJsonRecord, readPlatformReport } from './platformReport';
import { ReportFields } from './reportFields';
import { scanReportLine, type ReportRecord } from './reportLine';

export type ReportMessage =
  | { readonly kind: 'report'; readonly record: ReportRecord }
  | { readonly kind: 'malformed' }
  | { readonly kind: 'other' };

export type ReportMessageKind = ReportMessage['kind'];

const OTHER: ReportMessage = { kind: 'other' };
const MALFORMED: ReportMessage = { kind: 'malformed' };
const TEXT_LINE_START = new AsciiName('REPORT RequestId: ');
const TEXT_MARK = 'REPORT RequestId:';
const JSON_MARK = '"platform.report"';
const OPEN_BRACE = 123;

/** The message as a record of its own, for callers that keep reports. `start`: see readReportMessage. */
export function classifyReportMessage(message: string, start = 0): ReportMessage {
  const fields = new ReportFields();
  const kind = readReportMessage(message, fields, start);
  return kind === 'report'
    ? { kind, record: fields.toRecord() }
    : kind === 'malformed'
      ? MALFORMED
      : OTHER;
}

/**
 * Reads the message into `fields` when it is a REPORT. The platform writes its REPORT as a message
 * of its own, so one is recognised only where the message starts (at `start`, past a log file's
 * prefix: logFileLine.ts): a text line that begins `REPORT RequestId:`, or a JSON record that
 * begins with `{` and whose top-level type is platform.report. The same words anywhere else (a
 * console.log, whose message follows a timestamp, request id and level, or a JSON log record that
 * quotes one) are the function's output.
 */
export function readReportMessage(
  message: string,
  fields: ReportFields,
  start = 0,
): ReportMessageKind {
  const loaded = lineBytes.load(message);
  // Most messages are REPORT lines as Lambda writes them: told by their bytes, without a search.
  if (loaded && lineBytes.matches(start, TEXT_LINE_START))
    return scanReportLine(message, start, fields, true) ? 'report' : 'malformed';
  if (message.startsWith(TEXT_MARK, start))
    return scanReportLine(message, start, fields, loaded) ? 'report' : 'malformed';
  if (message.charCodeAt(start) === OPEN_BRACE && message.includes(JSON_MARK, start)) {
    if (readPlatformReport(message, start, fields, loaded)) return 'report';
    return isAnotherJsonRecord(message, start) ? 'other' : 'malformed';
  }
  return 'other';
}
