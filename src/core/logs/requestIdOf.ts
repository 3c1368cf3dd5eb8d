// The invocation a Lambda log line belongs to, from the line itself: START/END/REPORT (and our
// DEBUG, RUNTIME and CPU_SHARE) lines, the runtimes' text format ("<time>\t<id>\t<LEVEL>\t…", Python's
// "[LEVEL]\t<time>\t<id>\t…"), the time-out line, and the JSON format's "requestId" field.
// Undefined for a line that names none (a bare write to stdout).
const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const PLATFORM = new RegExp(`^(?:START|END|REPORT|DEBUG|RUNTIME|CPU_SHARE) RequestId: (${UUID})`);
const TEXT = new RegExp(`^(?:\\[[A-Z]+\\]\\t)?\\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z[\\t ](${UUID})[\\t ]`);
const JSON_FIELD = new RegExp(`"requestId"\\s*:\\s*"(${UUID})"`);

export function requestIdOf(message: string): string | undefined {
  const found =
    PLATFORM.exec(message) ??
    TEXT.exec(message) ??
    (message.startsWith('{') ? JSON_FIELD.exec(message) : null);
  return found?.[1];
}

/** The lines that open and close an invocation (text or JSON format), when the platform wrote them. */
export function invocationBoundary(message: string): 'start' | 'end' | undefined {
  if (message.startsWith('START RequestId: ') || message.includes('"type":"platform.start"'))
    return 'start';
  if (
    message.startsWith('REPORT RequestId: ') ||
    message.startsWith('DEBUG RequestId: ') ||
    message.includes('"type":"platform.report"') ||
    message.includes('"type":"lambdaLens.debugReport"')
  )
    return 'end';
  return undefined;
}
