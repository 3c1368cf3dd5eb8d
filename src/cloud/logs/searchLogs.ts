// Search: a filter pattern over a window, the matching lines grouped by invocation (request id),
// newest invocation first, a page at a time. FilterLogEvents reads oldest first, so a page reads
// back from the end of what is left, over a span that doubles until it holds enough invocations;
// only invocations that start inside the span are complete there, and only those are shown. The
// next page starts below the last one shown, so no invocation is split or shown twice.
import { FilterLogEventsCommand, type CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { requestIdOf } from '../../core/logs/requestIdOf';
import { windowRange, type ReportWindow } from '../../core/report/reportWindow';
import type { LogLine } from './followLogs';
import { logLineOf } from './eventFields';

export interface InvocationLines {
  /** Undefined for a line that names no invocation (it is then a group of its own). */
  readonly requestId: string | undefined;
  readonly logStreamName: string;
  readonly firstTimestamp: number;
  readonly lines: LogLine[];
}

export interface SearchRequest {
  readonly logs: CloudWatchLogsClient;
  readonly logGroupName: string;
  readonly filterPattern?: string;
  readonly window?: ReportWindow;
  /** Invocations per page (default 20). */
  readonly limit?: number;
  readonly nextToken?: string;
  readonly fromLocalEndpoint?: boolean;
  readonly signal?: AbortSignal;
}

export interface SearchPage {
  readonly invocations: InvocationLines[];
  readonly nextToken?: string;
  /** False when the function has no log group yet. */
  readonly logGroupFound: boolean;
}

/** A Lambda invocation lasts at most 15 minutes; a minute more for clocks. */
const INVOCATION_MAX_MS = 16 * 60_000;
const FIRST_SPAN_MS = 15 * 60_000;
/** Events read for one span at most; a denser span is halved. */
const SPAN_EVENT_CAP = 20_000;

interface Cursor {
  readonly e: number;
  readonly s: number;
  readonly f?: number;
  readonly k?: string;
}

export class SearchTokenError extends Error {}

export async function searchLogs(request: SearchRequest): Promise<SearchPage> {
  const limit = Math.max(1, Math.floor(request.limit ?? 20));
  const cursor = request.nextToken
    ? decodeCursor(request.nextToken)
    : firstCursor(request.window ?? '1h');
  let span = FIRST_SPAN_MS;
  for (;;) {
    const from = Math.max(cursor.s, cursor.e - span);
    const read = await readSpan(request, from, cursor.e);
    if (read === 'missing') return { invocations: [], logGroupFound: false };
    if (read === 'too many' && span > 1000) {
      span = Math.floor(span / 2);
      continue;
    }
    const events = read === 'too many' ? [] : read;
    const groups = groupByInvocation(events)
      .filter((g) => from === cursor.s || g.firstTimestamp >= from)
      .filter((g) => cursor.f === undefined || before(g, cursor.f, cursor.k!))
      .sort((a, b) => (before(a, b.firstTimestamp, keyOf(b)) ? 1 : -1));
    if (groups.length <= limit && from > cursor.s) {
      span *= 2;
      continue;
    }
    const page = groups.slice(0, limit);
    const last = page[page.length - 1];
    const more = groups.length > limit;
    return {
      invocations: page,
      logGroupFound: true,
      ...(more && last
        ? {
            nextToken: encodeCursor({
              e: Math.min(cursor.e, last.firstTimestamp + INVOCATION_MAX_MS),
              s: cursor.s,
              f: last.firstTimestamp,
              k: keyOf(last),
            }),
          }
        : {}),
    };
  }
}

function firstCursor(window: ReportWindow): Cursor {
  const { startMs, endMs } = windowRange(window);
  return { e: endMs + 1, s: startMs };
}

function keyOf(g: InvocationLines): string {
  return g.requestId ?? `${g.logStreamName}@${g.firstTimestamp}#${g.lines[0]?.eventId ?? ''}`;
}

/** Whether `g` comes after (first, key) in newest-first order. */
function before(g: InvocationLines, first: number, key: string): boolean {
  return g.firstTimestamp < first || (g.firstTimestamp === first && keyOf(g) < key);
}

async function readSpan(
  request: SearchRequest,
  from: number,
  to: number,
): Promise<LogLine[] | 'missing' | 'too many'> {
  const lines: LogLine[] = [];
  let nextToken: string | undefined;
  try {
    do {
      const out = await request.logs.send(
        new FilterLogEventsCommand({
          logGroupName: request.logGroupName,
          startTime: from,
          endTime: to,
          ...(request.filterPattern ? { filterPattern: request.filterPattern } : {}),
          ...(nextToken ? { nextToken } : {}),
        }),
        request.signal ? { abortSignal: request.signal } : {},
      );
      for (const e of out.events ?? []) {
        lines.push(logLineOf(e, request.fromLocalEndpoint));
      }
      if (lines.length > SPAN_EVENT_CAP) return 'too many';
      nextToken = out.nextToken;
    } while (nextToken);
  } catch (error) {
    if ((error as { name?: string }).name === 'ResourceNotFoundException') return 'missing';
    throw error;
  }
  return lines;
}

/** Lines grouped by the request id they name; a line naming none is a group of its own. */
export function groupByInvocation(lines: readonly LogLine[]): InvocationLines[] {
  const groups = new Map<string, InvocationLines>();
  const loose: InvocationLines[] = [];
  for (const line of lines) {
    const requestId = requestIdOf(line.message);
    if (requestId === undefined) {
      loose.push({
        requestId,
        logStreamName: line.logStreamName,
        firstTimestamp: line.timestamp,
        lines: [line],
      });
      continue;
    }
    const group = groups.get(requestId);
    if (group) group.lines.push(line);
    else
      groups.set(requestId, {
        requestId,
        logStreamName: line.logStreamName,
        firstTimestamp: line.timestamp,
        lines: [line],
      });
  }
  return [...groups.values(), ...loose];
}

function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

function decodeCursor(token: string): Cursor {
  try {
    const c = JSON.parse(Buffer.from(token, 'base64url').toString()) as Cursor;
    if (
      Number.isFinite(c.e) &&
      Number.isFinite(c.s) &&
      (c.f === undefined || (Number.isFinite(c.f) && typeof c.k === 'string'))
    )
      return c;
  } catch {
    /* said below */
  }
  throw new SearchTokenError(
    'the next-page token is not one this search gave; start the search again without it',
  );
}
