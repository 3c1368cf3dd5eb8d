// Following a log group with FilterLogEvents where Live Tail is not to be had. Events arrive late
// and out of order (a batch sent a minute after its lines were written), so each poll reads again
// from a lag window before the newest event seen, and the events already shown are skipped: no
// line twice, none skipped unless it arrives more than the lag window late. An event is known by
// its stream, time, ingestion time and message (identical ones by their rank in the read), not by
// its eventId: moto numbers eventIds by their place in each response, so they are not stable.
import { pause, settledOrAborted } from '../../core/abortablePause';
import { FilterLogEventsCommand, type CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { pollStart, SeenEvents } from '../../core/logs/seenEvents';
import type { LogLine } from './followLogs';
import { logLineOf } from './eventFields';

/** How late an event may arrive and still be shown. */
export const POLL_LAG_MS = 2 * 60_000;
/** The service's clock against ours, for ingestion times near the follow's start. */
const CLOCK_SKEW_MS = 1000;

export interface PollOptions {
  readonly logs: CloudWatchLogsClient;
  readonly logGroupName: string;
  readonly filterPattern?: string;
  readonly fromLocalEndpoint?: boolean;
  readonly signal: AbortSignal;
  /** A promise returned holds the next read until it settles (followLogs.ts). */
  readonly onLines: (lines: readonly LogLine[]) => unknown;
  readonly intervalMs: number;
  readonly lagMs?: number;
  /** Show events from this time on (default: when polling starts). */
  readonly startTime?: number;
}

export async function pollLogs(options: PollOptions): Promise<void> {
  const { signal } = options;
  const lagMs = options.lagMs ?? POLL_LAG_MS;
  const began = Date.now();
  // From a given start, everything after it; else what arrives from now on, which may carry an
  // older timestamp (written late): the reads then reach back a lag window, and the events that
  // were there already (ingested before the follow began) are left out.
  const floor = options.startTime ?? began - lagMs;
  const arrivedLate = (timestamp: number, ingestionTime: number | undefined) =>
    options.startTime !== undefined ||
    timestamp >= began ||
    (ingestionTime ?? timestamp) >= began - CLOCK_SKEW_MS;
  const seen = new SeenEvents();
  let newest = options.startTime ?? began;
  while (!signal.aborted) {
    const from = pollStart(floor, newest, lagMs);
    seen.forgetBefore(from);
    const lines: LogLine[] = [];
    // Identical events (stream, time, ingestion time, message) told apart by their rank in this read.
    const ranks = new Map<string, number>();
    let nextToken: string | undefined;
    try {
      do {
        const out = await options.logs.send(
          new FilterLogEventsCommand({
            logGroupName: options.logGroupName,
            startTime: from,
            ...(options.filterPattern ? { filterPattern: options.filterPattern } : {}),
            ...(nextToken ? { nextToken } : {}),
          }),
          { abortSignal: signal },
        );
        for (const e of out.events ?? []) {
          const line = logLineOf(e, options.fromLocalEndpoint);
          const { timestamp } = line;
          const ingestionTime = typeof e.ingestionTime === 'number' ? e.ingestionTime : undefined;
          const base = `${line.logStreamName}\u0000${timestamp}\u0000${ingestionTime ?? ''}\u0000${line.message}`;
          const rank = (ranks.get(base) ?? 0) + 1;
          ranks.set(base, rank);
          const key = `${base}\u0000${rank}`;
          if (!arrivedLate(timestamp, ingestionTime) || !seen.firstTime(key, timestamp)) continue;
          newest = Math.max(newest, timestamp);
          lines.push(line);
        }
        nextToken = out.nextToken;
      } while (nextToken && !signal.aborted);
    } catch (error) {
      if (signal.aborted) return;
      // The group appears with the function's first invocation: until then there is nothing to show.
      if ((error as { name?: string }).name !== 'ResourceNotFoundException') throw error;
    }
    const reader = lines.length ? options.onLines(lines) : undefined;
    if (reader instanceof Promise) await settledOrAborted(reader, signal);
    await pause(options.intervalMs, signal); // ends at once if stopped meanwhile
  }
}
