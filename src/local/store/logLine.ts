// The lines of a log stream's file. The first line says when the stream was created and the
// format's version; each later line is one event: its timestamp, ingestion time, message, and
// `p: 1` when the endpoint itself wrote it (START, END, REPORT, platform.* records: see
// core/logs/platformMark.ts). A file without a version was written before the mark existed.
export interface StoredEvent {
  readonly timestamp: number;
  readonly ingestionTime: number;
  readonly message: string;
  /** Written by the endpoint (the platform), not by the function or PutLogEvents. */
  readonly platform: boolean;
}

export const FORMAT_VERSION = 2;

export function headerLine(creationTime: number): string {
  return JSON.stringify({ c: creationTime, v: FORMAT_VERSION });
}

export function eventLine(e: StoredEvent): string {
  return e.platform
    ? `{"t":${e.timestamp},"i":${e.ingestionTime},"p":1,"m":${JSON.stringify(e.message)}}`
    : `{"t":${e.timestamp},"i":${e.ingestionTime},"m":${JSON.stringify(e.message)}}`;
}

/** The header's fields, or undefined when the line is not a header (files from early versions began with an event). */
export function parseHeader(text: string): { creationTime: number; version: number } | undefined {
  try {
    const record = JSON.parse(text) as { c?: unknown; v?: unknown };
    if (typeof record.c !== 'number') return undefined;
    return { creationTime: record.c, version: typeof record.v === 'number' ? record.v : 1 };
  } catch {
    return undefined;
  }
}

/** The event on a line, or undefined for a line that is not one (torn by a kill, or damaged). */
export function parseEventLine(text: string): StoredEvent | undefined {
  return readOwnLayout(text) ?? readAnyLayout(text);
}

/**
 * The layout eventLine() writes, read in place: the numbers by their digits, the message as it is
 * when it holds no escape, else JSON.parse of its string alone. Undefined when laid out otherwise.
 */
function readOwnLayout(text: string): StoredEvent | undefined {
  if (!text.startsWith('{"t":')) return undefined;
  const timestamp = integerAt(text, 5);
  if (Number.isNaN(timestamp) || !text.startsWith(',"i":', integerEnd)) return undefined;
  const ingestionTime = integerAt(text, integerEnd + 5);
  if (Number.isNaN(ingestionTime)) return undefined;
  let at = integerEnd;
  const platform = text.startsWith(',"p":1', at);
  if (platform) at += 6;
  if (!text.startsWith(',"m":"', at) || !text.endsWith('"}')) return undefined;
  const literal = text.slice(at + 5, text.length - 1);
  // Without a backslash there is no escape to undo (a quote in a message is written escaped).
  if (!literal.includes('\\') && literal.indexOf('"', 1) === literal.length - 1)
    return { timestamp, ingestionTime, message: literal.slice(1, -1), platform };
  try {
    const message: unknown = JSON.parse(literal);
    return typeof message === 'string'
      ? { timestamp, ingestionTime, message, platform }
      : undefined;
  } catch {
    return undefined;
  }
}

let integerEnd = 0;

/** A whole number of up to 15 digits at `at` (its end in `integerEnd`), else NaN. */
function integerAt(text: string, at: number): number {
  let i = at;
  const negative = text.charCodeAt(i) === 0x2d;
  if (negative) i++;
  const first = i;
  let value = 0;
  for (let code = text.charCodeAt(i); code >= 0x30 && code <= 0x39; code = text.charCodeAt(++i))
    value = value * 10 + (code - 0x30);
  if (i === first || i - first > 15) return NaN;
  integerEnd = i;
  return negative ? -value : value;
}

function readAnyLayout(text: string): StoredEvent | undefined {
  let record: { t?: unknown; i?: unknown; m?: unknown; p?: unknown };
  try {
    record = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!record || typeof record.t !== 'number' || typeof record.m !== 'string') return undefined;
  return {
    timestamp: record.t,
    ingestionTime: typeof record.i === 'number' ? record.i : record.t,
    message: record.m,
    platform: record.p === 1,
  };
}

// What the endpoint wrote before it marked its lines: START, END, REPORT, INIT_REPORT, the
// time-out line and the JSON format's platform.* records. Used once, to mark such files' events.
const PLATFORM_TEXT =
  /^(?:(?:START|END|REPORT) RequestId: [0-9a-f-]{36}|INIT_REPORT Init Duration: |\d{4}-\d\d-\d\dT[\d:.]+Z [0-9a-f-]{36} Task timed out after )/;
const PLATFORM_JSON = /^\{"time":"[^"]*","type":"platform\./;

export function looksWrittenByPlatform(message: string): boolean {
  return PLATFORM_TEXT.test(message) || PLATFORM_JSON.test(message);
}
