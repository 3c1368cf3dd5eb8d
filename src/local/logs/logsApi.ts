// The CloudWatch Logs JSON 1.1 API (X-Amz-Target: Logs_20140328.<Operation>) over the LogStore.
import { fail } from '../../core/apiProblem';
import { compileRequestedPattern } from '../../core/logs/filterPattern';
import { json, type Exchange, type Reply } from '../http/exchange';
import type { LogGroup, LogStream } from '../store/logStore';
import { filterPage, streamPage, type FilterPosition } from './eventQueries';
import { rawPrefilter } from './rawPrefilter';
import { startLiveTail, type LiveTailContext } from './liveTail';
import { LOG_EVENT_OVERHEAD_BYTES } from '../../core/limits';

const TARGET_PREFIX = 'Logs_20140328.';
const RETENTION_DAYS = new Set([
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288,
  3653,
]);
const GROUP_NAME = /^[.\-_/#A-Za-z0-9]{1,512}$/;
const STREAM_NAME = /^[^:*]{1,512}$/;
const MAX_EVENT_AGE_MS = 14 * 24 * 60 * 60 * 1000;
const MAX_FUTURE_MS = 2 * 60 * 60 * 1000;
const MAX_BATCH_SPAN_MS = 24 * 60 * 60 * 1000;
const MAX_BATCH_BYTES = 1_048_576;

/** The account and store every Logs operation reads; Live Tail's session limits with them. */
export type LogsContext = LiveTailContext;

type Body = Record<string, unknown>;

const invalid = (message: string): never => fail('InvalidParameterException', message);

function str(body: Body, key: string, required: true): string;
function str(body: Body, key: string, required?: false): string | undefined;
function str(body: Body, key: string, required = false): string | undefined {
  const value = body[key];
  if (value === undefined || value === null) {
    if (required)
      fail(
        'ValidationException',
        `1 validation error detected: Value null at '${key}' failed to satisfy constraint: Member must not be null`,
      );
    return undefined;
  }
  if (typeof value !== 'string') fail('SerializationException', `${key} must be a string.`);
  return value;
}

function int(body: Body, key: string, min: number, max: number): number | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value))
    fail('SerializationException', `${key} must be a whole number.`);
  // AWS's type and words (LocalStack's AWS-validated snapshot tests/aws/services/logs/test_logs_events.snapshot.json,
  // TestLogsEvents::test_get_log_events_limit_validation / error-limit-exceeded).
  if (value > max)
    invalid(
      `1 validation error detected: Value '${value}' at '${key}' failed to satisfy constraint: Member must have value less than or equal to ${max}`,
    );
  if (value < min)
    invalid(
      `1 validation error detected: Value '${value}' at '${key}' failed to satisfy constraint: Member must have value greater than or equal to ${min}`,
    );
  return value;
}

/**
 * The group a read names, by logGroupName or logGroupIdentifier (its name or ARN), not both (AWS's words:
 * tests/aws/services/logs/test_logs_streams.snapshot.json, test_describe_log_streams_with_log_group_identifier / error-both-name-and-identifier).
 */
function groupNameOf(body: Body): string {
  const name = str(body, 'logGroupName');
  const identifier = str(body, 'logGroupIdentifier');
  if (name !== undefined && identifier !== undefined)
    fail(
      'ValidationException',
      'LogGroup name and LogGroup ARN are mutually exclusive parameters.',
    );
  if (identifier !== undefined)
    return /^arn:[^:]+:logs:[^:]*:[^:]*:log-group:(.+)$/.exec(identifier)?.[1] ?? identifier;
  return str(body, 'logGroupName', true);
}

function group(ctx: LogsContext, exchange: Exchange, name: string): LogGroup {
  return (
    ctx.logs.groups(exchange.region).get(name) ??
    fail('ResourceNotFoundException', 'The specified log group does not exist.')
  );
}

function stream(g: LogGroup, name: string): LogStream {
  return (
    g.streams.get(name) ??
    fail('ResourceNotFoundException', 'The specified log stream does not exist.')
  );
}

function groupArn(ctx: LogsContext, region: string, name: string): string {
  return `arn:aws:logs:${region}:${ctx.account}:log-group:${name}`;
}

/** Opaque tokens: base64url JSON, refused with a clear message when tampered with. */
function encodeToken(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}
function decodeToken<T>(token: string, check: (v: unknown) => v is T): T {
  try {
    const value: unknown = JSON.parse(Buffer.from(token, 'base64url').toString());
    if (check(value)) return value;
  } catch {
    /* answered below */
  }
  return invalid('The specified nextToken is invalid.');
}
const isOffset = (v: unknown): v is { o: number } => typeof (v as { o?: unknown })?.o === 'number';

function offsetPage<T>(
  items: readonly T[],
  body: Body,
  maxLimit: number,
): { page: T[]; nextToken?: string } {
  const limit = int(body, 'limit', 1, maxLimit) ?? maxLimit;
  const token = str(body, 'nextToken');
  const start = token ? decodeToken(token, isOffset).o : 0;
  const page = items.slice(start, start + limit);
  return {
    page,
    ...(start + limit < items.length ? { nextToken: encodeToken({ o: start + limit }) } : {}),
  };
}

const OPERATIONS: Record<string, (ctx: LogsContext, exchange: Exchange, body: Body) => Reply> = {
  CreateLogGroup(ctx, exchange, body) {
    const name = str(body, 'logGroupName', true);
    // tests/aws/services/logs/test_logs_groups.snapshot.json, test_create_log_group_invalid_name_length.
    if (name.length > 512)
      invalid('Invalid LogGroup or LogStream, both must have length less than or equal to 512.');
    if (!GROUP_NAME.test(name))
      invalid(
        `1 validation error detected: Value '${name}' at 'logGroupName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\.\\-_/#A-Za-z0-9]+`,
      );
    if (ctx.logs.groups(exchange.region).has(name))
      fail('ResourceAlreadyExistsException', 'The specified log group already exists');
    ctx.logs.createGroup(exchange.region, name);
    return json(200, {});
  },

  DeleteLogGroup(ctx, exchange, body) {
    const name = str(body, 'logGroupName', true);
    group(ctx, exchange, name);
    ctx.logs.deleteGroup(exchange.region, name);
    return json(200, {});
  },

  PutRetentionPolicy(ctx, exchange, body) {
    const g = group(ctx, exchange, str(body, 'logGroupName', true));
    const days = body.retentionInDays;
    if (typeof days !== 'number' || !RETENTION_DAYS.has(days)) {
      invalid(
        `1 validation error detected: Value '${String(days)}' at 'retentionInDays' failed to satisfy constraint: Member must satisfy enum value set: [${[...RETENTION_DAYS].join(', ')}]`,
      );
    }
    ctx.logs.setRetention(exchange.region, g, days as number);
    return json(200, {});
  },

  DescribeLogGroups(ctx, exchange, body) {
    const prefix = str(body, 'logGroupNamePrefix') ?? '';
    const pattern = str(body, 'logGroupNamePattern');
    // test_logs_groups.snapshot.json, test_describe_log_groups_prefix_and_pattern_error.
    if (prefix && pattern !== undefined)
      invalid('LogGroup name prefix and LogGroup name pattern are mutually exclusive parameters.');
    const groups = [...ctx.logs.groups(exchange.region).values()]
      .filter(
        (g) =>
          g.name.startsWith(prefix) &&
          (pattern === undefined || g.name.toLowerCase().includes(pattern.toLowerCase())),
      )
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const { page, nextToken } = offsetPage(groups, body, 50);
    return json(200, {
      logGroups: page.map((g) => ({
        logGroupName: g.name,
        creationTime: g.creationTime,
        ...(g.retentionInDays !== undefined ? { retentionInDays: g.retentionInDays } : {}),
        metricFilterCount: 0,
        arn: `${groupArn(ctx, exchange.region, g.name)}:*`,
        logGroupArn: groupArn(ctx, exchange.region, g.name),
        storedBytes: [...g.streams.values()].reduce((sum, s) => sum + s.storedBytes, 0),
        logGroupClass: 'STANDARD',
      })),
      ...(nextToken ? { nextToken } : {}),
    });
  },

  CreateLogStream(ctx, exchange, body) {
    const g = group(ctx, exchange, str(body, 'logGroupName', true));
    const name = str(body, 'logStreamName', true);
    if (!STREAM_NAME.test(name))
      invalid(
        `1 validation error detected: Value '${name}' at 'logStreamName' failed to satisfy constraint: Member must satisfy regular expression pattern: [^:*]*`,
      );
    if (g.streams.has(name))
      fail('ResourceAlreadyExistsException', 'The specified log stream already exists');
    ctx.logs.createStream(exchange.region, g, name);
    return json(200, {});
  },

  DeleteLogStream(ctx, exchange, body) {
    const g = group(ctx, exchange, str(body, 'logGroupName', true));
    const name = str(body, 'logStreamName', true);
    stream(g, name);
    ctx.logs.deleteStream(exchange.region, g, name);
    return json(200, {});
  },

  DescribeLogStreams(ctx, exchange, body) {
    const g = group(ctx, exchange, groupNameOf(body));
    const prefix = str(body, 'logStreamNamePrefix');
    const orderBy = str(body, 'orderBy') ?? 'LogStreamName';
    if (orderBy !== 'LogStreamName' && orderBy !== 'LastEventTime')
      invalid(
        `1 validation error detected: Value '${orderBy}' at 'orderBy' failed to satisfy constraint: Member must satisfy enum value set: [LogStreamName, LastEventTime]`,
      );
    if (orderBy === 'LastEventTime' && prefix !== undefined)
      invalid('Cannot order by LastEventTime with a logStreamNamePrefix.');
    const descending = body.descending === true;
    const lastEvent = (s: LogStream) => s.lastEventTimestamp ?? 0;
    const streams = [...g.streams.values()].filter(
      (s) => prefix === undefined || s.name.startsWith(prefix),
    );
    streams.sort(
      orderBy === 'LastEventTime'
        ? (a, b) => lastEvent(a) - lastEvent(b) || (a.name < b.name ? -1 : 1)
        : (a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0),
    );
    if (descending) streams.reverse();
    const { page, nextToken } = offsetPage(streams, body, 50);
    return json(200, {
      logStreams: page.map((s) => ({
        logStreamName: s.name,
        creationTime: s.creationTime,
        ...(s.eventCount
          ? { firstEventTimestamp: s.firstEventTimestamp, lastEventTimestamp: s.lastEventTimestamp }
          : {}),
        ...(s.lastIngestionTime !== undefined ? { lastIngestionTime: s.lastIngestionTime } : {}),
        uploadSequenceToken: String(s.eventCount),
        arn: `${groupArn(ctx, exchange.region, g.name)}:log-stream:${s.name}`,
        storedBytes: 0,
      })),
      ...(nextToken ? { nextToken } : {}),
    });
  },

  PutLogEvents(ctx, exchange, body) {
    const g = group(ctx, exchange, str(body, 'logGroupName', true));
    const s = stream(g, str(body, 'logStreamName', true));
    const events = body.logEvents;
    if (!Array.isArray(events) || events.length === 0 || events.length > 10_000) {
      invalid('logEvents must hold between 1 and 10000 events.');
    }
    let previous = -Infinity;
    for (const [i, e] of (events as unknown[]).entries()) {
      const event = e as { timestamp?: unknown; message?: unknown };
      if (!Number.isSafeInteger(event.timestamp) || typeof event.message !== 'string')
        invalid(
          `logEvents[${i}] needs a timestamp (whole milliseconds since the epoch) and a string message.`,
        );
      if ((event.timestamp as number) < previous)
        invalid('Log events in a single PutLogEvents request must be in chronological order.');
      previous = event.timestamp as number;
    }
    const batch = events as { timestamp: number; message: string }[];
    // As CloudWatch counts it: each message in UTF-8 plus 26 bytes per event.
    const batchBytes = batch.reduce(
      (sum, e) => sum + Buffer.byteLength(e.message) + LOG_EVENT_OVERHEAD_BYTES,
      0,
    );
    if (batchBytes > MAX_BATCH_BYTES)
      invalid(`Upload too large: ${batchBytes} bytes exceeds limit of ${MAX_BATCH_BYTES}`);
    if (batch[batch.length - 1]!.timestamp - batch[0]!.timestamp > MAX_BATCH_SPAN_MS)
      invalid('Log events in a single PutLogEvents request cannot span more than 24 hours.');
    const now = Date.now();
    const retentionCutoff = ctx.logs.retentionCutoff(g, now);
    const accepted: { timestamp: number; message: string }[] = [];
    // Exclusive end indexes of the events too old (over 14 days) and expired (past the group's
    // retention), inclusive start index of those too far in the future; the rest is stored.
    let tooOldEnd: number | undefined;
    let expiredEnd: number | undefined;
    let tooNewStart: number | undefined;
    for (const [i, e] of batch.entries()) {
      if (e.timestamp < now - MAX_EVENT_AGE_MS) tooOldEnd = i + 1;
      else if (e.timestamp < retentionCutoff) expiredEnd = i + 1;
      else if (e.timestamp > now + MAX_FUTURE_MS) tooNewStart ??= i;
      else accepted.push({ timestamp: e.timestamp, message: e.message });
    }
    try {
      s.append(accepted, now);
    } catch (error) {
      // A full disk, say: nothing of this batch was stored (the file is cut back), and the caller may retry.
      fail(
        'ServiceUnavailableException',
        `The local endpoint could not store the log events (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); free some disk space and send them again.`,
        500,
      );
    }
    const info = {
      ...(tooOldEnd !== undefined ? { tooOldLogEventEndIndex: tooOldEnd } : {}),
      ...(expiredEnd !== undefined ? { expiredLogEventEndIndex: expiredEnd } : {}),
      ...(tooNewStart !== undefined ? { tooNewLogEventStartIndex: tooNewStart } : {}),
    };
    const rejected = Object.keys(info).length ? { rejectedLogEventsInfo: info } : {};
    return json(200, { nextSequenceToken: String(s.eventCount), ...rejected });
  },

  GetLogEvents(ctx, exchange, body) {
    const g = group(ctx, exchange, groupNameOf(body));
    const s = stream(g, str(body, 'logStreamName', true));
    const token = str(body, 'nextToken');
    const m =
      token === undefined
        ? undefined
        : (/^([fb])\/(\d+)$/.exec(token) ?? invalid('The specified nextToken is invalid.'));
    const { events, from, to } = readingStore(() =>
      streamPage(s, {
        limit: int(body, 'limit', 1, 10_000) ?? 10_000,
        ...(typeof body.startTime === 'number' ? { startTime: body.startTime } : {}),
        ...(typeof body.endTime === 'number' ? { endTime: body.endTime } : {}),
        ...(m ? { token: { forward: m[1] === 'f', at: Number(m[2]) } } : {}),
        startFromHead: body.startFromHead === true,
      }),
    );
    return json(200, {
      events,
      // At the end the forward token repeats the one given, which is how clients know to stop.
      nextForwardToken: `f/${String(to).padStart(56, '0')}`,
      nextBackwardToken: `b/${String(from).padStart(56, '0')}`,
    });
  },

  FilterLogEvents(ctx, exchange, body) {
    const g = group(ctx, exchange, groupNameOf(body));
    const limit = int(body, 'limit', 1, 10_000) ?? 10_000;
    const names = body.logStreamNames;
    const prefix = str(body, 'logStreamNamePrefix');
    if (names !== undefined && prefix !== undefined)
      invalid('logStreamNames and logStreamNamePrefix are mutually exclusive.');
    if (names !== undefined && (!Array.isArray(names) || names.some((n) => typeof n !== 'string')))
      invalid('logStreamNames must be a list of stream names.');
    const pattern = str(body, 'filterPattern') ?? '';
    const matches = compileRequestedPattern(pattern);
    const wanted = names === undefined ? undefined : new Set(names as string[]);
    const streams = [...g.streams.values()]
      .filter((s) =>
        wanted === undefined
          ? prefix === undefined || s.name.startsWith(prefix)
          : wanted.has(s.name),
      )
      .sort((a, b) => (a.name < b.name ? -1 : 1));
    // Events are merged across streams in (timestamp, stream, number) order; the token is the last one examined.
    const token = str(body, 'nextToken');
    const after = token ? decodeToken(token, isFilterPosition) : undefined;
    const { events, last, exhausted } = readingStore(() =>
      filterPage(streams, {
        startTime: typeof body.startTime === 'number' ? body.startTime : -Infinity,
        endTime: typeof body.endTime === 'number' ? body.endTime : Infinity,
        limit,
        matches,
        prefilter: rawPrefilter(pattern),
        ...(after ? { after } : {}),
      }),
    );
    return json(200, {
      events,
      searchedLogStreams: streams.map((s) => ({
        logStreamName: s.name,
        searchedCompletely: exhausted,
      })),
      ...(!exhausted && last ? { nextToken: encodeToken(last) } : {}),
    });
  },

  StartLiveTail: startLiveTail,
};

/** A read that had to put a stream in order first, and could not write it (a full disk, say). */
function readingStore<T>(read: () => T): T {
  try {
    return read();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (typeof code !== 'string') throw error;
    return fail(
      'ServiceUnavailableException',
      `The local endpoint could not read the log events (${code}): events that arrived out of order are sorted on disk before they are read; free some disk space and retry.`,
      500,
    );
  }
}

const isFilterPosition = (v: unknown): v is FilterPosition => {
  const p = v as { t?: unknown; s?: unknown; i?: unknown } | null;
  return typeof p?.t === 'number' && typeof p.s === 'string' && typeof p.i === 'number';
};

export function isLogsRequest(headers: Exchange['headers']): boolean {
  const target = headers['x-amz-target'];
  return typeof target === 'string' && target.startsWith(TARGET_PREFIX);
}

/** The operation of a Logs request: its X-Amz-Target without the API version. */
export function logsOperationOf(headers: Exchange['headers']): string {
  return String(headers['x-amz-target']).slice(TARGET_PREFIX.length);
}

export function routeLogs(ctx: LogsContext, exchange: Exchange): Reply {
  const target = logsOperationOf(exchange.headers);
  const operation = Object.hasOwn(OPERATIONS, target) ? OPERATIONS[target] : undefined;
  if (!operation)
    fail('UnknownOperationException', `The local endpoint does not implement Logs ${target}.`);
  let body: Body = {};
  if (exchange.body.length) {
    try {
      body = JSON.parse(exchange.body.toString('utf8')) as Body;
    } catch {
      fail('SerializationException', 'The request body is not valid JSON.');
    }
  }
  if (!body || typeof body !== 'object' || Array.isArray(body))
    fail('SerializationException', 'The request body must be a JSON object.');
  return operation(ctx, exchange, body);
}
