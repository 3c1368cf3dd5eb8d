// REPORT data from CloudWatch Logs for the estimate panel, the CodeLens and `lambda-lens estimate`:
// FilterLogEvents with a server-side pattern (text REPORT lines and JSON platform.report records),
// over a window, page by page into the streaming statistics, with progress, cancel and a cap.
// The pattern also matches lines that merely mention a REPORT: the statistics decide. From the
// local endpoint, a line it did not mark as its own (core/logs/platformMark.ts) is the function's,
// whatever it says; from anywhere else, one REPORT counts per request id and invocation.
import { FilterLogEventsCommand, type CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { isPlatformEventId } from '../core/logs/platformMark';
import { functionLogGroup } from '../core/logNames';
import { ReportStats, type ReportSummary } from '../core/report/reportStats';
import { windowRange, type ReportWindow } from '../core/report/reportWindow';
import { eventId, eventText, eventTime } from './logs/eventFields';

export { windowRange, type ReportWindow };

/** Either format's report, and nothing else: `?` terms match when any one of them occurs. */
export const REPORT_FILTER_PATTERN = '?"REPORT RequestId" ?"platform.report"';
export const DEFAULT_EVENT_CAP = 10_000;
/** FilterLogEvents returns at most 10,000 events a page. */
const MAX_PAGE = 10_000;

export interface ReportProgress {
  readonly pages: number;
  readonly events: number;
  /** UTF-16 length of the messages read: a close enough measure of what crossed the wire. */
  readonly bytes: number;
}

export interface ReportFetchOptions {
  readonly window?: ReportWindow;
  readonly logGroup?: string;
  /** Stop after this many events (the user can raise it); the result then says `capped`. */
  readonly cap?: number;
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: ReportProgress) => void;
  /** Accumulate into this (e.g. to keep what arrived before a cancel, or to add session tails). */
  readonly into?: ReportStats;
  readonly now?: number;
  /** Request IDs to look out for (the session's invokes): those read are in `seenRequestIds`. */
  readonly watchRequestIds?: ReadonlySet<string>;
  /**
   * The logs are the local endpoint's (the Local connection, the CLI's own home): only lines whose
   * eventId carries its mark are platform lines. Never for other endpoints, whose eventIds mean
   * nothing of the kind.
   */
  readonly fromLocalEndpoint?: boolean;
}

export interface ReportData extends ReportProgress {
  readonly stats: ReportStats;
  readonly startMs: number;
  readonly endMs: number;
  /** True when more events matched than the cap let through. */
  readonly capped: boolean;
  /** False when the function has no log group yet (never invoked). */
  readonly logGroupFound: boolean;
  /** Which of `watchRequestIds` the read met. */
  readonly seenRequestIds: ReadonlySet<string>;
}

/**
 * The span the figures cover, to scale them to a month: the window, or, when the cap stopped the
 * read, the span of the events read (they are the window's oldest, and their rate is theirs).
 */
export function coveredSpanMs(data: ReportData, summary: ReportSummary): number {
  if (data.capped && summary.firstTimestamp !== undefined && summary.lastTimestamp !== undefined)
    return Math.max(1, summary.lastTimestamp - summary.firstTimestamp);
  return data.endMs - data.startMs;
}

/** Reads the function's REPORT records of the window; rejects with the signal's reason when cancelled. */
export async function fetchReportData(
  logs: CloudWatchLogsClient,
  functionName: string,
  options: ReportFetchOptions = {},
): Promise<ReportData> {
  const { startMs, endMs } = windowRange(options.window ?? '24h', options.now);
  const cap = Math.max(1, Math.floor(options.cap ?? DEFAULT_EVENT_CAP));
  const stats = options.into ?? new ReportStats();
  const logGroupName = options.logGroup ?? functionLogGroup(functionName);
  let pages = 0;
  let events = 0;
  let bytes = 0;
  let capped = false;
  let nextToken: string | undefined;
  const signal = options.signal;
  const watch = options.watchRequestIds;
  const marked = options.fromLocalEndpoint === true;
  const seenRequestIds = new Set<string>();
  try {
    do {
      signal?.throwIfAborted();
      const out = await logs.send(
        new FilterLogEventsCommand({
          logGroupName,
          filterPattern: REPORT_FILTER_PATTERN,
          startTime: startMs,
          endTime: endMs,
          limit: Math.min(MAX_PAGE, cap - events),
          ...(nextToken ? { nextToken } : {}),
        }),
        signal ? { abortSignal: signal } : {},
      );
      signal?.throwIfAborted();
      pages += 1;
      for (const event of out.events ?? []) {
        if (events >= cap) break;
        const message = eventText(event.message);
        events += 1;
        bytes += message.length;
        let report = false;
        if (marked && !isPlatformEventId(eventId(event.eventId))) stats.addFunctionOutput(message);
        else report = stats.addMessage(message, eventTime(event.timestamp));
        if (report && watch?.size) {
          const id = stats.lastRequestId;
          if (watch.has(id)) seenRequestIds.add(id);
        }
      }
      nextToken = out.nextToken;
      options.onProgress?.({ pages, events, bytes });
      if (events >= cap && nextToken) capped = true;
    } while (nextToken && !capped);
  } catch (error) {
    if (signal?.aborted) throw signal.reason;
    if ((error as { name?: string })?.name === 'ResourceNotFoundException') {
      return {
        stats,
        startMs,
        endMs,
        pages,
        events,
        bytes,
        capped: false,
        logGroupFound: false,
        seenRequestIds,
      };
    }
    throw error;
  }
  return {
    stats,
    startMs,
    endMs,
    pages,
    events,
    bytes,
    capped,
    logGroupFound: true,
    seenRequestIds,
  };
}
