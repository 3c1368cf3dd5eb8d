// What an Invoke returned, made readable: the response (pretty-printed when it is JSON), the
// function's error (errorType, errorMessage, stack), and the tail log with its REPORT figures.
import type { ReportRecord } from '../report/reportLine';
import { classifyReportMessage } from '../report/reportMessage';

export interface RawInvokeResult {
  readonly statusCode?: number;
  readonly payload?: Uint8Array;
  /** X-Amz-Function-Error: "Unhandled" or "Handled" when the function failed. */
  readonly functionError?: string;
  /** X-Amz-Log-Result: the last 4 KB of the log, base64. */
  readonly logResult?: string;
  readonly executedVersion?: string;
}

export interface FunctionFailure {
  readonly errorType: string;
  readonly errorMessage: string;
  readonly stack: readonly string[];
}

export interface InvokeSummary {
  /** The response as shown to the user: pretty JSON, else the text as it came. */
  readonly responseText: string;
  readonly responseIsJson: boolean;
  readonly failure?: FunctionFailure;
  readonly log: string;
  readonly report?: ReportRecord;
  /** One line: duration, billed, memory, cold or warm (and the runtime note, when there is one). */
  readonly headline?: string;
  /** The local endpoint's word that the function ran on another version than its runtime declares. */
  readonly runtimeNote?: string;
  /** The headline short enough for the status bar: duration, cold or warm, a failed status. */
  readonly shortHeadline?: string;
}

export function summarizeInvoke(raw: RawInvokeResult): InvokeSummary {
  const text = raw.payload ? new TextDecoder().decode(raw.payload) : '';
  let parsed: unknown;
  let responseIsJson = false;
  try {
    parsed = text ? JSON.parse(text) : undefined;
    responseIsJson = text !== '';
  } catch {
    /* not JSON: shown as text */
  }
  const responseText = responseIsJson ? `${JSON.stringify(parsed, null, 2)}\n` : text;
  const log = raw.logResult ? decodeBase64(raw.logResult) : '';
  const report = findReport(log);
  const runtimeNote = runtimeNoteIn(log);
  return {
    responseText,
    responseIsJson,
    ...(raw.functionError ? { failure: failureOf(parsed, text) } : {}),
    log,
    ...(report
      ? {
          report,
          headline: headlineOf(report) + (runtimeNote ? ` · ${runtimeNote}` : ''),
          shortHeadline: shortHeadlineOf(report),
        }
      : {}),
    ...(runtimeNote ? { runtimeNote } : {}),
  };
}

export function headlineOf(r: ReportRecord): string {
  const parts = [
    `Duration ${r.durationMs.toFixed(2)} ms`,
    `billed ${r.billedDurationMs} ms`,
    `memory ${r.maxMemoryUsedMB} of ${r.memorySizeMB} MB`,
    r.initDurationMs !== undefined ? `cold start, init ${r.initDurationMs.toFixed(2)} ms` : 'warm',
  ];
  if (r.status && r.status !== 'success')
    parts.push(`status ${r.status}${r.errorType ? ` (${r.errorType})` : ''}`);
  return parts.join(' · ');
}

export function shortHeadlineOf(r: ReportRecord): string {
  const parts = [
    `${r.durationMs.toFixed(2)} ms`,
    r.initDurationMs !== undefined ? 'cold start' : 'warm',
  ];
  if (r.status && r.status !== 'success') parts.push(r.status);
  return parts.join(' · ');
}

function failureOf(parsed: unknown, text: string): FunctionFailure {
  const document = (parsed && typeof parsed === 'object' ? parsed : {}) as {
    errorType?: unknown;
    errorMessage?: unknown;
    trace?: unknown;
    stackTrace?: unknown;
  };
  const stack = Array.isArray(document.trace)
    ? document.trace
    : Array.isArray(document.stackTrace)
      ? document.stackTrace
      : [];
  return {
    errorType: typeof document.errorType === 'string' ? document.errorType : 'Error',
    errorMessage:
      typeof document.errorMessage === 'string'
        ? document.errorMessage
        : text || 'The function failed without an error document.',
    stack: stack.map((line) => String(line)),
  };
}

/** The last REPORT of the tail: a text line, or a `platform.report` record when the log format is JSON. */
function findReport(log: string): ReportRecord | undefined {
  const lines = log.split('\n');
  for (let i = lines.length - 1; i >= 0; i--) {
    const message = classifyReportMessage(lines[i]!.replace(/\r$/, ''));
    if (message.kind === 'report') return message.record;
  }
  return undefined;
}

const RUNTIME_NOTE_LINE = /^RUNTIME RequestId: [0-9a-f-]{36}\t(.{1,500})$/;

/**
 * The local endpoint's runtime note (platformLog.ts runtimeNoteLine), read only after the tail's
 * last REPORT: nothing the function prints comes after it in its own invocation's tail.
 */
function runtimeNoteIn(log: string): string | undefined {
  const lines = log.split('\n').map((l) => l.replace(/\r$/, ''));
  const report = lines.findLastIndex((l) => classifyReportMessage(l).kind === 'report');
  if (report < 0) return undefined;
  for (const line of lines.slice(report + 1)) {
    const text = RUNTIME_NOTE_LINE.exec(line)?.[1];
    if (text) return text;
    if (line.startsWith('{') && line.includes('"lambdaLens.runtimeNote"')) {
      try {
        const note = (JSON.parse(line) as { record?: { note?: unknown } }).record?.note;
        if (typeof note === 'string') return note.slice(0, 500);
      } catch {
        /* not ours */
      }
    }
  }
  return undefined;
}

function decodeBase64(value: string): string {
  // atob is in every JavaScript runtime; the log is UTF-8. A server's header is untrusted.
  try {
    const bytes = Uint8Array.from(atob(value), (c) => c.charCodeAt(0));
    return new TextDecoder().decode(bytes);
  } catch {
    return '(the server sent a log that is not base64; it is not shown)';
  }
}
