// One invocation's lines: exactly those from its START to its REPORT in its stream, including the
// lines between that name no request id (a bare write to stdout, a stack trace's later lines).
// The lines naming the id find its stream and its span; the stream is then read over that span,
// and cut at the START and the REPORT (from the local endpoint, only lines it marked as its own
// count as those: a function printing "START RequestId: …" does not move the cut).
import { FilterLogEventsCommand, type CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { invocationBoundary, requestIdOf } from '../../core/logs/requestIdOf';
import { windowRange, type ReportWindow } from '../../core/report/reportWindow';
import type { LogLine } from './followLogs';
import { logLineOf } from './eventFields';

export interface InvocationRequest {
  readonly logs: CloudWatchLogsClient;
  readonly logGroupName: string;
  readonly requestId: string;
  /** Where to look for it (default: the last 24 hours). */
  readonly window?: ReportWindow;
  readonly fromLocalEndpoint?: boolean;
}

export interface Invocation {
  readonly lines: LogLine[];
  readonly logStreamName?: string;
  /** False when no REPORT closes it yet (still running, or its end is past the window). */
  readonly complete: boolean;
}

export async function invocationLines(request: InvocationRequest): Promise<Invocation> {
  const { startMs, endMs } = windowRange(request.window ?? '24h');
  const named = await read(request, {
    startTime: startMs,
    endTime: endMs + 1,
    filterPattern: `"${request.requestId}"`,
  });
  const trusted = (line: LogLine) => !request.fromLocalEndpoint || line.platform;
  const mine = named.filter((l) => requestIdOf(l.message) === request.requestId);
  const start = mine.find((l) => invocationBoundary(l.message) === 'start' && trusted(l));
  const end = mine.find(
    (l) =>
      invocationBoundary(l.message) === 'end' &&
      trusted(l) &&
      (!start || l.logStreamName === start.logStreamName),
  );
  const anchor = start ?? mine[0];
  if (!anchor) return { lines: [], complete: false };
  const stream = await read(request, {
    logStreamNames: [anchor.logStreamName],
    startTime: anchor.timestamp,
    endTime: (end?.timestamp ?? endMs) + 1,
  });
  const from = start
    ? stream.findIndex(
        (l) =>
          l.eventId === start.eventId ||
          (l.timestamp === start.timestamp && l.message === start.message),
      )
    : 0;
  const to = end
    ? stream.findIndex(
        (l, i) =>
          i >= from &&
          (l.eventId === end.eventId ||
            (l.timestamp === end.timestamp && l.message === end.message)),
      )
    : -1;
  const lines = stream.slice(Math.max(0, from), to < 0 ? undefined : to + 1);
  return { lines, logStreamName: anchor.logStreamName, complete: end !== undefined };
}

async function read(
  request: InvocationRequest,
  input: { startTime: number; endTime: number; filterPattern?: string; logStreamNames?: string[] },
): Promise<LogLine[]> {
  const lines: LogLine[] = [];
  let nextToken: string | undefined;
  try {
    do {
      const out = await request.logs.send(
        new FilterLogEventsCommand({
          logGroupName: request.logGroupName,
          ...input,
          ...(nextToken ? { nextToken } : {}),
        }),
      );
      for (const e of out.events ?? []) {
        lines.push(logLineOf(e, request.fromLocalEndpoint));
      }
      nextToken = out.nextToken;
    } while (nextToken);
  } catch (error) {
    if ((error as { name?: string }).name === 'ResourceNotFoundException') return [];
    throw error;
  }
  return lines;
}
