// Following a log group as lines arrive: CloudWatch Logs Live Tail (StartLiveTail, an event
// stream) where it is allowed and available, else FilterLogEvents polling (pollLogs.ts). Which
// mode is on is told to the caller, with the reason for polling. A Live Tail session that ends
// (AWS's 3 hours, a dropped connection) is started again; one that cannot start falls back.
import {
  DescribeLogGroupsCommand,
  FilterLogEventsCommand,
  StartLiveTailCommand,
  type CloudWatchLogsClient,
} from '@aws-sdk/client-cloudwatch-logs';
import { ShownLines } from '../../core/logs/shownLines';
import { readPlatformMarks } from './liveTailMarks';
import { pollLogs } from './pollLogs';
import { pause, settledOrAborted } from '../../core/abortablePause';
import { eventText, eventTime, logLineOf } from './eventFields';

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
  /**
   * Lines in the order they arrive (per stream, in the stream's order). A promise returned holds
   * the next read until it settles: a reader slower than the lines (a pipe, a terminal) then holds
   * the stream back, so memory stays bounded here, and the endpoint samples as Live Tail does.
   */
  readonly onLines: (lines: readonly LogLine[]) => unknown;
  readonly onMode?: (mode: FollowMode) => void;
  /** Something the reader should know: lines left out (Live Tail sampled them), earlier lines unreadable. */
  readonly onNotice?: (text: string) => void;
  /** Show the lines from this time on first, then those that arrive (each once). */
  readonly since?: number;
  /** Skip Live Tail (tests, or a user who wants polling). */
  readonly polling?: boolean;
  readonly pollIntervalMs?: number;
  readonly lagMs?: number;
}

const GROUP_WAIT_MS = 2000;
/**
 * The longest a follow keeps its process's event loop busy in one go. Small: in an editor's
 * extension host, a turn of the loop also runs the reader's formatting and VS Code's own work on
 * a redraw, and their sum is the stall the user feels.
 */
const YIELD_EVERY_MS = 4;
const RESTART_PAUSE_MS = 1000;

/** Follows until `signal` aborts; rejects only with an error that polling hits too (credentials, say). */
export async function followLogs(options: FollowOptions): Promise<void> {
  const { signal } = options;
  let polling = options.polling ? 'polling was asked for' : undefined;
  let waitingSaid = false;
  let backfilled = false;
  // Every line shown goes through here, so that a session started again re-reads its gap.
  const shown = new ShownLines();
  const show = (lines: readonly LogLine[]) => {
    if (lines.length === 0) return undefined;
    shown.record(lines);
    return options.onLines(lines);
  };
  let since = options.since;
  const began = Date.now();
  while (!signal.aborted && !polling) {
    const arn = await groupArn(options.logs, options.logGroupName, signal);
    if (signal.aborted) return;
    if (!arn) {
      if (!waitingSaid)
        options.onMode?.({
          kind: 'waiting',
          reason: `${options.logGroupName} does not exist yet: waiting for the function's first invocation`,
        });
      waitingSaid = true;
      await pause(GROUP_WAIT_MS, signal);
      continue;
    }
    const outcome = await liveTail({ ...options, onLines: show }, arn, since, shown);
    backfilled ||= outcome.backfilled;
    if (outcome.kind === 'unavailable') polling = outcome.reason;
    else if (outcome.kind === 'ended' && !signal.aborted) {
      // What arrived while no session was open is read again from a little before the last line
      // shown: never before the follow began (unless asked to) nor before the lines it remembers.
      if (outcome.backfilled)
        since = Math.max(
          options.since ?? began,
          shown.rememberedFrom,
          Math.min(Number.isFinite(shown.newest) ? shown.newest : Date.now(), Date.now()) - SEAM_MS,
        );
      await pause(RESTART_PAUSE_MS, signal);
    }
  }
  if (signal.aborted) return;
  const intervalMs = options.pollIntervalMs ?? 1000;
  options.onMode?.({ kind: 'polling', reason: polling!, intervalMs });
  await pollLogs({
    ...options,
    onLines: show,
    intervalMs,
    ...(options.since !== undefined && !backfilled ? { startTime: options.since } : {}),
  });
}

/** The group's ARN (Live Tail takes ARNs), or undefined while it does not exist. */
async function groupArn(
  logs: CloudWatchLogsClient,
  name: string,
  signal: AbortSignal,
): Promise<string | undefined> {
  try {
    let nextToken: string | undefined;
    do {
      const out = await logs.send(
        new DescribeLogGroupsCommand({
          logGroupNamePrefix: name,
          ...(nextToken ? { nextToken } : {}),
        }),
        { abortSignal: signal },
      );
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

type SessionOutcome = ({ kind: 'unavailable'; reason: string } | { kind: 'ended' }) & {
  backfilled: boolean;
};

/** Lines of the seam between the earlier lines and the session's, which both may hold. */
const SEAM_MS = 60_000;

const lineKey = (l: { logStreamName: string; timestamp: number; message: string }) =>
  `${l.logStreamName}\u0000${l.timestamp}\u0000${l.message}`;

/**
 * The lines from `since` to `until`, page by page to `onLines`; the keys of those near `until`,
 * which the Live Tail session may deliver too.
 */
async function backfill(
  options: FollowOptions,
  since: number,
  until: number,
  shown: ShownLines,
): Promise<Map<string, number>> {
  const seam = new Map<string, number>();
  const occurrences = new Map<string, number>();
  let nextToken: string | undefined;
  do {
    const out = await options.logs.send(
      new FilterLogEventsCommand({
        logGroupName: options.logGroupName,
        startTime: since,
        endTime: until + 1,
        ...(options.filterPattern ? { filterPattern: options.filterPattern } : {}),
        ...(nextToken ? { nextToken } : {}),
      }),
      { abortSignal: options.signal },
    );
    const lines = (out.events ?? []).map((e) => logLineOf(e, options.fromLocalEndpoint));
    for (const line of lines)
      if (line.timestamp >= until - SEAM_MS)
        seam.set(lineKey(line), (seam.get(lineKey(line)) ?? 0) + 1);
    const fresh = shown.unseen(lines, occurrences);
    if (fresh.length) options.onLines(fresh);
    nextToken = out.nextToken;
  } while (nextToken && !options.signal.aborted);
  return seam;
}

async function liveTail(
  options: FollowOptions,
  arn: string,
  since: number | undefined,
  shown: ShownLines,
): Promise<SessionOutcome> {
  const { signal } = options;
  const command = new StartLiveTailCommand({
    logGroupIdentifiers: [arn],
    ...(options.filterPattern ? { logEventFilterPattern: options.filterPattern } : {}),
  });
  const marks = options.fromLocalEndpoint ? readPlatformMarks(command) : undefined;
  let stream: AsyncIterable<unknown>;
  try {
    const out = await options.logs.send(command, { abortSignal: signal });
    if (!out.responseStream)
      return {
        kind: 'unavailable',
        reason: 'the endpoint answered StartLiveTail without an event stream',
        backfilled: false,
      };
    stream = out.responseStream;
  } catch (error) {
    if (signal.aborted) return { kind: 'ended', backfilled: false };
    if ((error as { name?: string }).name === 'ResourceNotFoundException')
      return { kind: 'ended', backfilled: false };
    return {
      kind: 'unavailable',
      reason: `Live Tail is not available here (${describe(error)})`,
      backfilled: false,
    };
  }
  let started = false;
  // While the earlier lines are read, the session's wait here; those of the seam that the earlier read showed are dropped.
  let held: LogLine[] | undefined;
  let backfilling: Promise<void> | undefined;
  const emit = (lines: LogLine[]) => {
    if (held) held.push(...lines);
    else return options.onLines(lines);
    return undefined;
  };
  // A burst of updates already received is decoded and handed on in one chain of promises, which
  // never returns to the event loop: 100,000 lines held an editor's extension host for 800 ms.
  // The loop yields to it every few milliseconds, so the reader's other work goes on meanwhile.
  let sliceStarted = performance.now();
  try {
    for await (const event of stream as AsyncIterable<{
      sessionStart?: unknown;
      sessionUpdate?: {
        sessionMetadata?: { sampled?: boolean };
        sessionResults?: { logStreamName?: string; timestamp?: number; message?: string }[];
      };
    }>) {
      if (performance.now() - sliceStarted > YIELD_EVERY_MS) {
        await new Promise<void>((resolve) => setImmediate(resolve));
        sliceStarted = performance.now();
      }
      if (event.sessionStart && !started) {
        started = true;
        options.onMode?.({ kind: 'live-tail' });
        if (since !== undefined) {
          held = [];
          backfilling = backfill(options, since, Date.now(), shown).then(
            (seam) => {
              const fresh = held!.filter((line) => {
                const count = seam.get(lineKey(line));
                if (!count) return true;
                seam.set(lineKey(line), count - 1);
                return false;
              });
              held = undefined;
              if (fresh.length) options.onLines(fresh);
            },
            (error: unknown) => {
              if (!signal.aborted)
                options.onNotice?.(
                  `The lines before the follow could not be read (${describe(error)}); showing those that arrive.`,
                );
              const waiting = held!;
              held = undefined;
              if (waiting.length) options.onLines(waiting);
            },
          );
        }
      }
      if (!event.sessionUpdate) continue;
      const places = marks?.next();
      if (event.sessionUpdate.sessionMetadata?.sampled)
        options.onNotice?.(
          'Some lines were left out here: the Live Tail session sampled them (too many lines at once, or a reader falling behind).',
        );
      const results = event.sessionUpdate.sessionResults ?? [];
      if (results.length === 0) continue;
      const lines: LogLine[] = new Array(results.length);
      for (let i = 0; i < results.length; i++) {
        const e = results[i]!;
        lines[i] = {
          logStreamName: eventText(e.logStreamName),
          timestamp: eventTime(e.timestamp),
          message: eventText(e.message),
          platform: places?.has(i) === true,
        };
      }
      const reader = emit(lines);
      if (reader instanceof Promise) await settledOrAborted(reader, signal);
    }
  } catch (error) {
    await backfilling;
    if (signal.aborted) return { kind: 'ended', backfilled: started };
    // A session that never started is Live Tail refused; one that ran ends and is started again.
    if (!started)
      return {
        kind: 'unavailable',
        reason: `Live Tail is not available here (${describe(error)})`,
        backfilled: false,
      };
  }
  await backfilling;
  return { kind: 'ended', backfilled: started };
}

function describe(error: unknown): string {
  const e = error as { name?: string; message?: string; $metadata?: { httpStatusCode?: number } };
  const status = e.$metadata?.httpStatusCode ? `HTTP ${e.$metadata.httpStatusCode}, ` : '';
  return `${status}${e.name ?? 'Error'}: ${(e.message ?? String(error)).split('\n')[0]!.slice(0, 200)}`;
}
