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
  let record: { t?: unknown; i?: unknown; m?: unknown; p?: unknown };
  try {
    record = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof record.t !== 'number' || typeof record.m !== 'string') return undefined;
  return {
    timestamp: record.t,
    ingestionTime: typeof record.i === 'number' ? record.i : record.t,
    message: record.m,
    platform: record.p === 1,
  };
}

// What the endpoint wrote before it marked its lines: START, END, REPORT, INIT_REPORT, the
// time-out line and the JSON format's platform.* records. Used once, to mark such files' events.
const PLATFORM_TEXT = /^(?:(?:START|END|REPORT) RequestId: [0-9a-f-]{36}|INIT_REPORT Init Duration: |\d{4}-\d\d-\d\dT[\d:.]+Z [0-9a-f-]{36} Task timed out after )/;
const PLATFORM_JSON = /^\{"time":"[^"]*","type":"platform\./;

export function looksWrittenByPlatform(message: string): boolean {
  return PLATFORM_TEXT.test(message) || PLATFORM_JSON.test(message);
}
