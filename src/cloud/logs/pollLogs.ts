// Following a log group with FilterLogEvents where Live Tail is not to be had. Events arrive late
// and out of order (a batch sent a minute after its lines were written), so each poll reads again
// from a lag window before the newest event seen, and the ids already shown are skipped: no line
// twice, none skipped unless it arrives more than the lag window late.
import { FilterLogEventsCommand, type CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { isPlatformEventId } from '../../core/logs/platformMark';
import { pollStart, SeenEvents } from '../../core/logs/seenEvents';
import type { LogLine } from './followLogs';

/** How late an event may arrive and still be shown. */
export const POLL_LAG_MS = 2 * 60_000;

export interface PollOptions {
  readonly logs: CloudWatchLogsClient;
  readonly logGroupName: string;
  readonly filterPattern?: string;
  readonly fromLocalEndpoint?: boolean;
  readonly signal: AbortSignal;
  readonly onLines: (lines: readonly LogLine[]) => void;
  readonly intervalMs: number;
  readonly lagMs?: number;
  /** Show events from this time on (default: when polling starts). */
  readonly startTime?: number;
}

export async function pollLogs(options: PollOptions): Promise<void> {
  const { signal } = options;
  const lagMs = options.lagMs ?? POLL_LAG_MS;
  const floor = options.startTime ?? Date.now();
  const seen = new SeenEvents();
  let newest = floor;
  while (!signal.aborted) {
    const from = pollStart(floor, newest, lagMs);
    seen.forgetBefore(from);
    const lines: LogLine[] = [];
    let nextToken: string | undefined;
    try {
      do {
        const out = await options.logs.send(new FilterLogEventsCommand({
          logGroupName: options.logGroupName, startTime: from,
          ...(options.filterPattern ? { filterPattern: options.filterPattern } : {}),
          ...(nextToken ? { nextToken } : {}),
        }), { abortSignal: signal });
        for (const e of out.events ?? []) {
          const timestamp = e.timestamp ?? 0;
          const message = e.message ?? '';
          const id = e.eventId ?? `${e.logStreamName}\u0000${timestamp}\u0000${message}`;
          if (!seen.firstTime(id, timestamp)) continue;
          newest = Math.max(newest, timestamp);
          lines.push({
            logStreamName: e.logStreamName ?? '', timestamp, message,
            platform: options.fromLocalEndpoint === true && isPlatformEventId(e.eventId),
            ...(e.eventId ? { eventId: e.eventId } : {}),
          });
        }
        nextToken = out.nextToken;
      } while (nextToken && !signal.aborted);
    } catch (error) {
      if (signal.aborted) return;
      // The group appears with the function's first invocation: until then there is nothing to show.
      if ((error as { name?: string }).name !== 'ResourceNotFoundException') throw error;
    }
    if (lines.length) options.onLines(lines);
    await sleep(options.intervalMs, signal);
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done);
  });
}
