// StartLiveTail: CloudWatch Logs' event stream of the log events a group ingests, on the wire as
// AWS sends it (sessionStart, then sessionUpdate batches; SessionTimeoutException after 3 hours).
// A session hears of each append as it is stored (LogStore.watchAppends), so a line reaches the
// caller within a turn of the event loop instead of AWS's once-a-second updates; an empty update
// still goes out every second when nothing arrives, as on AWS. Events are selected by the same
// compiled filter pattern as FilterLogEvents. Which lines the endpoint wrote itself travels in a
// header of ours on the update (core/logs/platformMark.ts), which SDKs ignore.
import { randomUUID } from 'node:crypto';
import { fail } from '../../core/apiProblem';
import { compileRequestedPattern } from '../../core/logs/filterPattern';
import { LIVE_TAIL_PLATFORM_HEADER } from '../../core/logs/platformMark';
import { EVENT_STREAM_CONTENT_TYPE, eventMessage, exceptionMessage } from '../http/eventStream';
import type { Exchange, Reply } from '../http/exchange';
import type { Appended, LogStore } from '../store/logStore';

/** AWS ends a session after three hours. */
export const LIVE_TAIL_MAX_MS = 3 * 60 * 60 * 1000;
/** An update holds at most 500 events, as on AWS. */
const UPDATE_MAX_EVENTS = 500;
/** AWS sends an update every second, empty when nothing arrived. */
const HEARTBEAT_MS = 1000;
/**
 * What a session holds for a caller that reads slower than lines arrive; past it the oldest are
 * dropped and the next update says `sampled` (AWS holds 5,000 events or 10 updates, then drops).
 */
export const BACKLOG_MAX_EVENTS = 200_000;
const BACKLOG_MAX_CHARS = 32 * 1024 * 1024;
/** Sessions one endpoint holds at once, each with its backlog: memory stays bounded whoever asks. */
export const MAX_SESSIONS = 10;
const openSessions = new WeakMap<LogStore, number>();
const MAX_GROUPS = 10;
const MAX_STREAMS = 100;
const FILTER_MAX_CHARS = 1024;
const GROUP_ARN = /^arn:aws[\w-]*:logs:([a-z0-9-]+):(\d{12}):log-group:([.\-_/#A-Za-z0-9]{1,512})$/;

export interface LiveTailContext {
  readonly account: string;
  readonly logs: LogStore;
  /** How long a session may last (tests shorten it). */
  readonly liveTailMaxMs?: number;
  /** Events a session holds for a slow reader (tests make it small). */
  readonly liveTailBacklogEvents?: number;
}

type Body = Record<string, unknown>;

const invalid = (message: string): never => fail('InvalidParameterException', message);

function stringList(body: Body, key: string, max: number): string[] | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string'))
    fail('SerializationException', `${key} must be a list of strings.`);
  const list = value as string[];
  if (list.length < 1 || list.length > max)
    fail(
      'ValidationException',
      `1 validation error detected: Value at '${key}' failed to satisfy constraint: Member must have length between 1 and ${max}`,
    );
  return list;
}

/** The session's log groups, from their ARNs (AWS takes ARNs only, without the trailing `:*`). */
function groupsOf(
  ctx: LiveTailContext,
  exchange: Exchange,
  identifiers: readonly string[],
): Map<string, string> {
  // By name: a group deleted and made again during the session is still the one asked for.
  const groups = new Map<string, string>();
  for (const identifier of identifiers) {
    const arn = GROUP_ARN.exec(identifier);
    if (!arn)
      invalid(
        `logGroupIdentifiers must be log group ARNs (arn:aws:logs:REGION:ACCOUNT:log-group:NAME, without a trailing ":*"), not "${identifier}".`,
      );
    const [, region, account, name] = arn!;
    if (region !== exchange.region || account !== ctx.account)
      fail(
        'ResourceNotFoundException',
        `The specified log group does not exist: ${identifier} (this endpoint holds account ${ctx.account}, region ${exchange.region}).`,
      );
    const group =
      ctx.logs.groups(exchange.region).get(name!) ??
      fail('ResourceNotFoundException', `The specified log group does not exist: ${identifier}`);
    groups.set(group.name, identifier);
  }
  return groups;
}

export function startLiveTail(ctx: LiveTailContext, exchange: Exchange, body: Body): Reply {
  const identifiers =
    stringList(body, 'logGroupIdentifiers', MAX_GROUPS) ??
    fail(
      'ValidationException',
      "1 validation error detected: Value null at 'logGroupIdentifiers' failed to satisfy constraint: Member must not be null",
    );
  const streamNames = stringList(body, 'logStreamNames', MAX_STREAMS);
  const streamPrefixes = stringList(body, 'logStreamNamePrefixes', MAX_STREAMS);
  if (streamNames && streamPrefixes)
    invalid('logStreamNames and logStreamNamePrefixes are mutually exclusive.');
  if ((streamNames || streamPrefixes) && identifiers.length !== 1)
    invalid(
      'logStreamNames and logStreamNamePrefixes can be given only with exactly one log group in logGroupIdentifiers.',
    );
  const pattern = body.logEventFilterPattern ?? '';
  if (typeof pattern !== 'string')
    fail('SerializationException', 'logEventFilterPattern must be a string.');
  if (pattern.length > FILTER_MAX_CHARS)
    fail(
      'ValidationException',
      `1 validation error detected: Value at 'logEventFilterPattern' failed to satisfy constraint: Member must have length less than or equal to ${FILTER_MAX_CHARS}`,
    );
  const matches = compileRequestedPattern(pattern);
  const groups = groupsOf(ctx, exchange, identifiers);
  if ((openSessions.get(ctx.logs) ?? 0) >= MAX_SESSIONS)
    fail(
      'LimitExceededException',
      `The local endpoint holds at most ${MAX_SESSIONS} Live Tail sessions at once; end one (stop a follow) and start again.`,
    );
  const wantedStream = streamNames
    ? (
        (names) => (name: string) =>
          names.has(name)
      )(new Set(streamNames))
    : streamPrefixes
      ? (name: string) => streamPrefixes.some((p) => name.startsWith(p))
      : () => true;
  const requestId = randomUUID();
  const start = {
    requestId,
    sessionId: randomUUID(),
    logGroupIdentifiers: identifiers,
    ...(streamNames ? { logStreamNames: streamNames } : {}),
    ...(streamPrefixes ? { logStreamNamePrefixes: streamPrefixes } : {}),
    ...(pattern ? { logEventFilterPattern: pattern } : {}),
  };
  const session = new LiveTailSession(
    ctx.logs,
    exchange.region,
    groups,
    wantedStream,
    matches,
    ctx.liveTailMaxMs ?? LIVE_TAIL_MAX_MS,
    ctx.liveTailBacklogEvents ?? BACKLOG_MAX_EVENTS,
    exchange.signal,
  );
  return {
    status: 200,
    headers: { 'content-type': EVENT_STREAM_CONTENT_TYPE, 'x-amzn-requestid': requestId },
    body: { stream: session.messages(start) },
  };
}

interface TailEvent {
  /** `"logStreamName":…,"logGroupIdentifier":…` as JSON, made once per append. */
  readonly source: string;
  readonly message: string;
  readonly timestamp: number;
  readonly ingestionTime: number;
  readonly platform: boolean;
}

/** One caller's session: the matching events appended since it began, until it ends or the caller goes. */
class LiveTailSession {
  private backlog: TailEvent[] = [];
  private backlogStart = 0;
  private backlogChars = 0;
  private dropped = false;
  private wake: (() => void) | undefined;

  constructor(
    private readonly logs: LogStore,
    private readonly region: string,
    private readonly groups: ReadonlyMap<string, string>,
    private readonly wantedStream: (name: string) => boolean,
    private readonly matches: (message: string) => boolean,
    private readonly maxMs: number,
    private readonly backlogMaxEvents: number,
    private readonly callerGone: AbortSignal | undefined,
  ) {}

  async *messages(start: object): AsyncGenerator<Uint8Array> {
    openSessions.set(this.logs, (openSessions.get(this.logs) ?? 0) + 1);
    const stopWatching = this.logs.watchAppends((appended) => this.take(appended));
    const onGone = () => this.wake?.();
    this.callerGone?.addEventListener('abort', onGone);
    const endsAt = Date.now() + this.maxMs;
    try {
      yield eventMessage('sessionStart', start);
      for (;;) {
        const now = Date.now();
        if (now >= endsAt) {
          yield exceptionMessage(
            'SessionTimeoutException',
            'Session timed out after 3 hours: the Live Tail session has ended; start a new one to go on.',
          );
          return;
        }
        if (this.pending === 0) await this.until(Math.min(HEARTBEAT_MS, endsAt - now));
        if (this.callerGone?.aborted) return;
        if (Date.now() >= endsAt) continue;
        // Everything waiting goes out now, in updates of at most 500 events.
        do {
          const update = this.nextUpdate();
          const marks = update.platformIndexes.length
            ? { [LIVE_TAIL_PLATFORM_HEADER]: update.platformIndexes.join(',') }
            : undefined;
          yield eventMessage('sessionUpdate', update.body, 'application/json', marks);
        } while (this.pending > 0 && !this.callerGone?.aborted);
      }
    } catch (error) {
      yield exceptionMessage(
        'SessionStreamingException',
        `The Live Tail session failed on the local endpoint (${(error as Error).message}); start a new one.`,
      );
    } finally {
      openSessions.set(this.logs, (openSessions.get(this.logs) ?? 1) - 1);
      stopWatching();
      this.callerGone?.removeEventListener('abort', onGone);
    }
  }

  private get pending(): number {
    return this.backlog.length - this.backlogStart;
  }

  private take({ region, group, stream, events, ingestionTime }: Appended): void {
    if (region !== this.region) return;
    const identifier = this.groups.get(group.name);
    if (identifier === undefined || !this.wantedStream(stream.name)) return;
    let added = false;
    const source = `"logStreamName":${JSON.stringify(stream.name)},"logGroupIdentifier":${JSON.stringify(identifier)}`;
    for (const event of events) {
      if (!this.matches(event.message)) continue;
      this.backlog.push({
        source,
        message: event.message,
        timestamp: event.timestamp,
        ingestionTime,
        platform: event.platform === true,
      });
      this.backlogChars += event.message.length;
      added = true;
    }
    if (!added) return;
    while (
      this.pending > this.backlogMaxEvents ||
      (this.backlogChars > BACKLOG_MAX_CHARS && this.pending > 1)
    ) {
      this.backlogChars -= this.backlog[this.backlogStart++]!.message.length;
      this.dropped = true;
    }
    // Woken on the next turn, so that the lines of one read of a pipe go out together.
    if (this.wake) {
      const wake = this.wake;
      this.wake = undefined;
      setImmediate(wake);
    }
  }

  private until(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.wake = undefined;
        resolve();
      }, ms);
      this.wake = () => {
        clearTimeout(timer);
        this.wake = undefined;
        resolve();
      };
    });
  }

  /** The next update's JSON (written directly: the same for every event but its message and times). */
  private nextUpdate(): { body: Buffer; platformIndexes: number[] } {
    const end = Math.min(this.backlog.length, this.backlogStart + UPDATE_MAX_EVENTS);
    const results: string[] = [];
    const platformIndexes: number[] = [];
    for (let i = this.backlogStart; i < end; i++) {
      const e = this.backlog[i]!;
      if (e.platform) platformIndexes.push(results.length);
      results.push(
        `{${e.source},"message":${JSON.stringify(e.message)},"timestamp":${e.timestamp},"ingestionTime":${e.ingestionTime}}`,
      );
      this.backlogChars -= e.message.length;
    }
    this.backlogStart = end;
    if (this.backlogStart === this.backlog.length) {
      this.backlog = [];
      this.backlogStart = 0;
    } else if (this.backlogStart > 65_536) {
      this.backlog = this.backlog.slice(this.backlogStart);
      this.backlogStart = 0;
    }
    const sampled = this.dropped;
    this.dropped = false;
    return {
      body: Buffer.from(
        `{"sessionMetadata":{"sampled":${sampled}},"sessionResults":[${results.join(',')}]}`,
      ),
      platformIndexes,
    };
  }
}
