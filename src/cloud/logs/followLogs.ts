// Following a log group as lines arrive: CloudWatch Logs Live Tail (StartLiveTail, an event
// stream) where it is allowed and available, else FilterLogEvents polling (pollLogs.ts). Which
// mode is on is told to the caller, with the reason for polling. A Live Tail session that ends
// (AWS's 3 hours, a dropped connection) is started again; one that cannot start falls back.
import { DescribeLogGroupsCommand, StartLiveTailCommand, type CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { readPlatformMarks } from './liveTailMarks';
import { pollLogs } from './pollLogs';

export interface LogLine {
  readonly logStreamName: string;
  readonly timestamp: number;
  readonly message: string;
  /** Written by the local endpoint itself (START, END, REPORT…): only ever true from the local endpoint. */
  readonly platform: boolean;
  readonly eventId?: string;
}

export type FollowMode =
  | { readonly kind: 'live-tail' }
  | { readonly kind: 'polling'; readonly reason: string; readonly intervalMs: number }
  | { readonly kind: 'waiting'; readonly reason: string };

export interface FollowOptions {
  readonly logs: CloudWatchLogsClient;
  readonly logGroupName: string;
  readonly filterPattern?: string;
  /** The local endpoint's logs: its platform marks are trusted (core/logs/platformMark.ts). */
  readonly fromLocalEndpoint?: boolean;
  /** Ends the follow (Ctrl-C). */
  readonly signal: AbortSignal;
  /** Lines in the order they arrive (per stream, in the stream's order). */
  readonly onLines: (lines: readonly LogLine[]) => void;
  readonly onMode?: (mode: FollowMode) => void;
  /** Skip Live Tail (tests, or a user who wants polling). */
  readonly polling?: boolean;
  readonly pollIntervalMs?: number;
  readonly lagMs?: number;
}

const GROUP_WAIT_MS = 2000;
const RESTART_PAUSE_MS = 1000;

/** Follows until `signal` aborts; rejects only with an error that polling hits too (credentials, say). */
export async function followLogs(options: FollowOptions): Promise<void> {
  const { signal } = options;
  let polling = options.polling ? 'polling was asked for' : undefined;
  let waitingSaid = false;
  while (!signal.aborted && !polling) {
    const arn = await groupArn(options.logs, options.logGroupName, signal);
    if (signal.aborted) return;
    if (!arn) {
      if (!waitingSaid) options.onMode?.({ kind: 'waiting', reason: `${options.logGroupName} does not exist yet: waiting for the function's first invocation` });
      waitingSaid = true;
      await pause(GROUP_WAIT_MS, signal);
      continue;
    }
    const outcome = await liveTail(options, arn);
    if (outcome.kind === 'unavailable') polling = outcome.reason;
    else if (outcome.kind === 'ended' && !signal.aborted) await pause(RESTART_PAUSE_MS, signal);
  }
  if (signal.aborted) return;
  const intervalMs = options.pollIntervalMs ?? 1000;
  options.onMode?.({ kind: 'polling', reason: polling!, intervalMs });
  await pollLogs({ ...options, intervalMs });
}

/** The group's ARN (Live Tail takes ARNs), or undefined while it does not exist. */
async function groupArn(logs: CloudWatchLogsClient, name: string, signal: AbortSignal): Promise<string | undefined> {
  try {
    let nextToken: string | undefined;
    do {
      const out = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: name, ...(nextToken ? { nextToken } : {}) }), { abortSignal: signal });
      const group = out.logGroups?.find((g) => g.logGroupName === name);
      if (group) return group.logGroupArn ?? group.arn?.replace(/:\*$/, '');
      nextToken = out.nextToken;
    } while (nextToken);
  } catch (error) {
    if (signal.aborted) return undefined;
    throw error;
  }
  return undefined;
}

type SessionOutcome = { kind: 'unavailable'; reason: string } | { kind: 'ended' };

async function liveTail(options: FollowOptions, arn: string): Promise<SessionOutcome> {
  const { signal } = options;
  const command = new StartLiveTailCommand({
    logGroupIdentifiers: [arn],
    ...(options.filterPattern ? { logEventFilterPattern: options.filterPattern } : {}),
  });
  const marks = options.fromLocalEndpoint ? readPlatformMarks(command) : undefined;
  let stream: AsyncIterable<unknown>;
  try {
    const out = await options.logs.send(command, { abortSignal: signal });
    if (!out.responseStream) return { kind: 'unavailable', reason: 'the endpoint answered StartLiveTail without an event stream' };
    stream = out.responseStream;
  } catch (error) {
    if (signal.aborted) return { kind: 'ended' };
    if ((error as { name?: string }).name === 'ResourceNotFoundException') return { kind: 'ended' };
    return { kind: 'unavailable', reason: `Live Tail is not available here (${describe(error)})` };
  }
  let started = false;
  try {
    for await (const event of stream as AsyncIterable<{ sessionStart?: unknown; sessionUpdate?: { sessionResults?: { logStreamName?: string; timestamp?: number; message?: string }[] } }>) {
      if (event.sessionStart && !started) {
        started = true;
        options.onMode?.({ kind: 'live-tail' });
      }
      if (!event.sessionUpdate) continue;
      const places = marks?.next();
      const results = event.sessionUpdate.sessionResults ?? [];
      if (results.length === 0) continue;
      options.onLines(results.map((e, i) => ({
        logStreamName: e.logStreamName ?? '', timestamp: e.timestamp ?? 0, message: e.message ?? '', platform: places?.has(i) === true,
      })));
    }
  } catch (error) {
    if (signal.aborted) return { kind: 'ended' };
    // A session that never started is Live Tail refused; one that ran ends and is started again.
    if (!started) return { kind: 'unavailable', reason: `Live Tail is not available here (${describe(error)})` };
  }
  return { kind: 'ended' };
}

function describe(error: unknown): string {
  const e = error as { name?: string; message?: string; $metadata?: { httpStatusCode?: number } };
  const status = e.$metadata?.httpStatusCode ? `HTTP ${e.$metadata.httpStatusCode}, ` : '';
  return `${status}${e.name ?? 'Error'}: ${(e.message ?? String(error)).split('\n')[0]!.slice(0, 200)}`;
}

export function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done);
  });
}
