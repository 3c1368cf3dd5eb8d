// The CloudWatch Logs JSON 1.1 API of the local endpoint, through the real AWS SDK v3 client over
// HTTP: groups, streams, events, paging, filter patterns and the errors AWS answers with.
import { after, before, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import {
  type CloudWatchLogsServiceException,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  DeleteLogGroupCommand,
  DeleteLogStreamCommand,
  DescribeLogGroupsCommand,
  DescribeLogStreamsCommand,
  FilterLogEventsCommand,
  GetLogEventsCommand,
  InvalidParameterException,
  PutLogEventsCommand,
  PutRetentionPolicyCommand,
  ResourceAlreadyExistsException,
  ResourceNotFoundException,
  paginateDescribeLogGroups,
  paginateDescribeLogStreams,
  paginateFilterLogEvents,
  paginateGetLogEvents,
  type CloudWatchLogsClient,
  type FilterLogEventsCommandInput,
  type FilteredLogEvent,
} from '@aws-sdk/client-cloudwatch-logs';
import { clientsFor, startTestEndpoint, type TestEndpoint } from './endpoint';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

type ErrorClass = abstract new (...args: never[]) => Error;

async function rejectsWith(
  call: Promise<unknown>,
  type: ErrorClass,
  name: string,
  message: string | RegExp,
): Promise<void> {
  await assert.rejects(call, (error: unknown) => {
    assert.ok(
      error instanceof type,
      `expected ${type.name}, got ${(error as Error)?.constructor?.name}: ${String(error)}`,
    );
    assert.equal(error.name, name);
    if (typeof message === 'string') assert.equal(error.message, message);
    else assert.match(error.message, message);
    assert.equal((error as CloudWatchLogsServiceException).$metadata.httpStatusCode, 400);
    return true;
  });
}

let t: TestEndpoint;
let logs: CloudWatchLogsClient;
before(async () => {
  t = await startTestEndpoint();
  logs = t.logs;
});
after(async () => {
  await t?.close();
});

async function groupWithStreams(group: string, streams: string[]): Promise<void> {
  await logs.send(new CreateLogGroupCommand({ logGroupName: group }));
  for (const stream of streams)
    await logs.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: stream }));
}

async function put(
  group: string,
  stream: string,
  events: { timestamp: number; message: string }[],
) {
  return logs.send(
    new PutLogEventsCommand({ logGroupName: group, logStreamName: stream, logEvents: events }),
  );
}

describe('groups and streams', () => {
  test('CreateLogGroup and CreateLogStream; duplicates are ResourceAlreadyExistsException', async () => {
    await groupWithStreams('/test/create', ['one']);
    await rejectsWith(
      logs.send(new CreateLogGroupCommand({ logGroupName: '/test/create' })),
      ResourceAlreadyExistsException,
      'ResourceAlreadyExistsException',
      'The specified log group already exists',
    );
    await rejectsWith(
      logs.send(new CreateLogStreamCommand({ logGroupName: '/test/create', logStreamName: 'one' })),
      ResourceAlreadyExistsException,
      'ResourceAlreadyExistsException',
      'The specified log stream already exists',
    );
    await rejectsWith(
      logs.send(
        new CreateLogStreamCommand({ logGroupName: '/test/missing', logStreamName: 'one' }),
      ),
      ResourceNotFoundException,
      'ResourceNotFoundException',
      'The specified log group does not exist.',
    );
    await rejectsWith(
      logs.send(new CreateLogGroupCommand({ logGroupName: 'bad name' })),
      InvalidParameterException,
      'InvalidParameterException',
      /^1 validation error detected: Value 'bad name' at 'logGroupName' failed to satisfy constraint: Member must satisfy regular expression pattern: /,
    );
    await rejectsWith(
      logs.send(new CreateLogStreamCommand({ logGroupName: '/test/create', logStreamName: 'a:b' })),
      InvalidParameterException,
      'InvalidParameterException',
      /^1 validation error detected: Value 'a:b' at 'logStreamName' failed to satisfy constraint/,
    );
  });

  test('DescribeLogGroups: prefix, fields, and limit/nextToken paging over 120 groups', async () => {
    const eu = clientsFor(t.endpoint.url, t.endpoint.credentials, 'eu-west-3').logs;
    try {
      const names = Array.from(
        { length: 120 },
        (_, i) => `/paging/g-${String(i).padStart(3, '0')}`,
      );
      for (let i = 0; i < names.length; i += 20) {
        await Promise.all(
          names
            .slice(i, i + 20)
            .map((name) => eu.send(new CreateLogGroupCommand({ logGroupName: name }))),
        );
      }
      await eu.send(new CreateLogGroupCommand({ logGroupName: '/other/x' }));
      const pages: string[][] = [];
      for await (const page of paginateDescribeLogGroups(
        { client: eu },
        { logGroupNamePrefix: '/paging/' },
      )) {
        pages.push(page.logGroups!.map((g) => g.logGroupName!));
      }
      assert.deepEqual(
        pages.map((p) => p.length),
        [50, 50, 20],
      );
      assert.deepEqual(pages.flat(), names);
      const small = await eu.send(
        new DescribeLogGroupsCommand({ logGroupNamePrefix: '/paging/', limit: 7 }),
      );
      assert.deepEqual(
        small.logGroups!.map((g) => g.logGroupName),
        names.slice(0, 7),
      );
      const next = await eu.send(
        new DescribeLogGroupsCommand({
          logGroupNamePrefix: '/paging/',
          limit: 7,
          nextToken: small.nextToken,
        }),
      );
      assert.deepEqual(
        next.logGroups!.map((g) => g.logGroupName),
        names.slice(7, 14),
      );
      const all = await eu.send(new DescribeLogGroupsCommand({}));
      assert.equal(all.logGroups!.length, 50);
      assert.equal(all.logGroups![0]!.logGroupName, '/other/x');
      const other = all.logGroups![0]!;
      assert.equal(other.arn, 'arn:aws:logs:eu-west-3:123456789012:log-group:/other/x:*');
      assert.equal(other.logGroupArn, 'arn:aws:logs:eu-west-3:123456789012:log-group:/other/x');
      assert.ok(Math.abs(other.creationTime! - Date.now()) < MINUTE);
      assert.equal(other.retentionInDays, undefined);
      await rejectsWith(
        eu.send(new DescribeLogGroupsCommand({ nextToken: 'garbage!' })),
        InvalidParameterException,
        'InvalidParameterException',
        'The specified nextToken is invalid.',
      );
    } finally {
      eu.destroy();
    }
  });

  test('DescribeLogStreams: by name with prefix, by LastEventTime descending, paging', async () => {
    const now = Date.now();
    await groupWithStreams('/test/streams', ['c-old', 'a-new', 'b-mid', 'a-empty']);
    await put('/test/streams', 'c-old', [{ timestamp: now - 30 * MINUTE, message: 'old' }]);
    await put('/test/streams', 'b-mid', [{ timestamp: now - 20 * MINUTE, message: 'mid' }]);
    await put('/test/streams', 'a-new', [
      { timestamp: now - 40 * MINUTE, message: 'first' },
      { timestamp: now - 10 * MINUTE, message: 'new' },
    ]);

    const byName = await logs.send(
      new DescribeLogStreamsCommand({ logGroupName: '/test/streams' }),
    );
    assert.deepEqual(
      byName.logStreams!.map((s) => s.logStreamName),
      ['a-empty', 'a-new', 'b-mid', 'c-old'],
    );
    const aNew = byName.logStreams![1]!;
    assert.equal(aNew.firstEventTimestamp, now - 40 * MINUTE);
    assert.equal(aNew.lastEventTimestamp, now - 10 * MINUTE);
    assert.equal(
      aNew.arn,
      'arn:aws:logs:us-east-1:123456789012:log-group:/test/streams:log-stream:a-new',
    );
    assert.equal(byName.logStreams![0]!.lastEventTimestamp, undefined);

    const prefixed = await logs.send(
      new DescribeLogStreamsCommand({ logGroupName: '/test/streams', logStreamNamePrefix: 'a-' }),
    );
    assert.deepEqual(
      prefixed.logStreams!.map((s) => s.logStreamName),
      ['a-empty', 'a-new'],
    );

    const latest = await logs.send(
      new DescribeLogStreamsCommand({
        logGroupName: '/test/streams',
        orderBy: 'LastEventTime',
        descending: true,
      }),
    );
    assert.deepEqual(
      latest.logStreams!.map((s) => s.logStreamName),
      ['a-new', 'b-mid', 'c-old', 'a-empty'],
    );

    const pages: string[][] = [];
    for await (const page of paginateDescribeLogStreams(
      { client: logs, pageSize: 3 },
      { logGroupName: '/test/streams', orderBy: 'LastEventTime', descending: true },
    )) {
      pages.push(page.logStreams!.map((s) => s.logStreamName!));
    }
    assert.deepEqual(pages, [['a-new', 'b-mid', 'c-old'], ['a-empty']]);

    await rejectsWith(
      logs.send(
        new DescribeLogStreamsCommand({
          logGroupName: '/test/streams',
          orderBy: 'LastEventTime',
          logStreamNamePrefix: 'a',
        }),
      ),
      InvalidParameterException,
      'InvalidParameterException',
      'Cannot order by LastEventTime with a logStreamNamePrefix.',
    );
    await rejectsWith(
      logs.send(new DescribeLogStreamsCommand({ logGroupName: '/test/nowhere' })),
      ResourceNotFoundException,
      'ResourceNotFoundException',
      'The specified log group does not exist.',
    );
  });

  test('PutRetentionPolicy shows in DescribeLogGroups; an unknown number of days is refused', async () => {
    await logs.send(new CreateLogGroupCommand({ logGroupName: '/test/retention' }));
    await logs.send(
      new PutRetentionPolicyCommand({ logGroupName: '/test/retention', retentionInDays: 7 }),
    );
    const out = await logs.send(
      new DescribeLogGroupsCommand({ logGroupNamePrefix: '/test/retention' }),
    );
    assert.equal(out.logGroups![0]!.retentionInDays, 7);
    await rejectsWith(
      logs.send(
        new PutRetentionPolicyCommand({ logGroupName: '/test/retention', retentionInDays: 2 }),
      ),
      InvalidParameterException,
      'InvalidParameterException',
      /^1 validation error detected: Value '2' at 'retentionInDays' failed to satisfy constraint: Member must satisfy enum value set: \[1, 3, 5, 7, 14, 30/,
    );
    await rejectsWith(
      logs.send(
        new PutRetentionPolicyCommand({ logGroupName: '/test/no-retention', retentionInDays: 7 }),
      ),
      ResourceNotFoundException,
      'ResourceNotFoundException',
      'The specified log group does not exist.',
    );
  });

  test('DeleteLogStream and DeleteLogGroup, then ResourceNotFoundException', async () => {
    await groupWithStreams('/test/delete', ['s1', 's2']);
    await put('/test/delete', 's1', [{ timestamp: Date.now(), message: 'bye' }]);
    await logs.send(
      new DeleteLogStreamCommand({ logGroupName: '/test/delete', logStreamName: 's1' }),
    );
    const left = await logs.send(new DescribeLogStreamsCommand({ logGroupName: '/test/delete' }));
    assert.deepEqual(
      left.logStreams!.map((s) => s.logStreamName),
      ['s2'],
    );
    await rejectsWith(
      logs.send(new GetLogEventsCommand({ logGroupName: '/test/delete', logStreamName: 's1' })),
      ResourceNotFoundException,
      'ResourceNotFoundException',
      'The specified log stream does not exist.',
    );
    await rejectsWith(
      logs.send(new DeleteLogStreamCommand({ logGroupName: '/test/delete', logStreamName: 's1' })),
      ResourceNotFoundException,
      'ResourceNotFoundException',
      'The specified log stream does not exist.',
    );
    await logs.send(new DeleteLogGroupCommand({ logGroupName: '/test/delete' }));
    await rejectsWith(
      logs.send(new DeleteLogGroupCommand({ logGroupName: '/test/delete' })),
      ResourceNotFoundException,
      'ResourceNotFoundException',
      'The specified log group does not exist.',
    );
    await rejectsWith(
      logs.send(new FilterLogEventsCommand({ logGroupName: '/test/delete' })),
      ResourceNotFoundException,
      'ResourceNotFoundException',
      'The specified log group does not exist.',
    );
    // The name is free again.
    await logs.send(new CreateLogGroupCommand({ logGroupName: '/test/delete' }));
    assert.deepEqual(
      (await logs.send(new DescribeLogStreamsCommand({ logGroupName: '/test/delete' }))).logStreams,
      [],
    );
  });
});

describe('PutLogEvents', () => {
  test('events must be in chronological order and span at most 24 hours', async () => {
    await groupWithStreams('/test/order', ['s', 'big']);
    const now = Date.now();
    await rejectsWith(
      put('/test/order', 's', [
        { timestamp: now, message: 'b' },
        { timestamp: now - 1000, message: 'a' },
      ]),
      InvalidParameterException,
      'InvalidParameterException',
      'Log events in a single PutLogEvents request must be in chronological order.',
    );
    await rejectsWith(
      put('/test/order', 's', [
        { timestamp: now - DAY - 1000, message: 'a' },
        { timestamp: now, message: 'b' },
      ]),
      InvalidParameterException,
      'InvalidParameterException',
      'Log events in a single PutLogEvents request cannot span more than 24 hours.',
    );
    // 1 MB per request, counting each message's UTF-8 bytes plus 26.
    const atLimit = Array.from({ length: 4 }, (_, i) => ({
      timestamp: now,
      message: `${i}`.padEnd(262_144 - 26, 'x'),
    }));
    assert.equal(
      atLimit.reduce((sum, e) => sum + Buffer.byteLength(e.message) + 26, 0),
      1_048_576,
    );
    await put('/test/order', 'big', atLimit);
    await rejectsWith(
      put('/test/order', 'big', [...atLimit, { timestamp: now, message: 'é' }]),
      InvalidParameterException,
      'InvalidParameterException',
      'Upload too large: 1048604 bytes exceeds limit of 1048576',
    );
    const equal = await put('/test/order', 's', [
      { timestamp: now, message: 'same time 1' },
      { timestamp: now, message: 'same time 2' },
    ]);
    assert.equal(equal.rejectedLogEventsInfo, undefined);
    const got = await logs.send(
      new GetLogEventsCommand({
        logGroupName: '/test/order',
        logStreamName: 's',
        startFromHead: true,
      }),
    );
    assert.deepEqual(
      got.events!.map((e) => e.message),
      ['same time 1', 'same time 2'],
    );
  });

  test('too old, expired and too new events are reported in rejectedLogEventsInfo and not stored', async () => {
    await groupWithStreams('/test/rejected', ['s']);
    const now = Date.now();
    // Over 14 days old: refused, and the exclusive end index says how many.
    const out = await put('/test/rejected', 's', [
      { timestamp: now - 14 * DAY - 60 * MINUTE, message: 'too old 1' },
      { timestamp: now - 14 * DAY - 30 * MINUTE, message: 'too old 2' },
      { timestamp: now - 13 * DAY - 23 * 60 * MINUTE, message: 'kept' },
    ]);
    assert.deepEqual(out.rejectedLogEventsInfo, { tooOldLogEventEndIndex: 2 });
    // Over 2 hours in the future: refused from the inclusive start index.
    const future = await put('/test/rejected', 's', [
      { timestamp: now, message: 'kept too' },
      { timestamp: now + 3 * 60 * MINUTE, message: 'too new' },
    ]);
    assert.deepEqual(future.rejectedLogEventsInfo, { tooNewLogEventStartIndex: 1 });
    // Older than the group's retention: expired.
    await logs.send(
      new PutRetentionPolicyCommand({ logGroupName: '/test/rejected', retentionInDays: 1 }),
    );
    const expired = await put('/test/rejected', 's', [
      { timestamp: now - 24 * 60 * MINUTE - 10 * MINUTE, message: 'expired' },
      { timestamp: now - 23 * 60 * MINUTE, message: 'kept last' },
    ]);
    assert.deepEqual(expired.rejectedLogEventsInfo, { expiredLogEventEndIndex: 1 });
    const got = await logs.send(
      new GetLogEventsCommand({
        logGroupName: '/test/rejected',
        logStreamName: 's',
        startFromHead: true,
      }),
    );
    // The 13-day-old event went with the 1-day retention; the others stay.
    assert.deepEqual(
      got.events!.map((e) => e.message),
      ['kept last', 'kept too'],
    );
    await rejectsWith(
      put('/test/rejected', 'nope', [{ timestamp: now, message: 'x' }]),
      ResourceNotFoundException,
      'ResourceNotFoundException',
      'The specified log stream does not exist.',
    );
  });
});

describe('GetLogEvents', () => {
  const base = Date.now() - 60 * MINUTE;
  const messages = Array.from({ length: 25 }, (_, i) => `event ${i}`);
  before(async () => {
    await groupWithStreams('/test/get', ['s']);
    await put(
      '/test/get',
      's',
      messages.map((message, i) => ({ timestamp: base + i * 1000, message })),
    );
  });
  const get = (
    extra: Partial<{
      startFromHead: boolean;
      nextToken: string;
      limit: number;
      startTime: number;
      endTime: number;
    }>,
  ) =>
    logs.send(new GetLogEventsCommand({ logGroupName: '/test/get', logStreamName: 's', ...extra }));

  test('startFromHead with forward tokens, to the end where the token repeats', async () => {
    const first = await get({ startFromHead: true, limit: 10 });
    assert.deepEqual(
      first.events!.map((e) => e.message),
      messages.slice(0, 10),
    );
    assert.equal(first.events![0]!.timestamp, base);
    assert.ok(Math.abs(first.events![0]!.ingestionTime! - Date.now()) < MINUTE);
    assert.match(first.nextForwardToken!, /^f\/\d{56}$/);
    assert.match(first.nextBackwardToken!, /^b\/\d{56}$/);
    const second = await get({ nextToken: first.nextForwardToken, limit: 10 });
    assert.deepEqual(
      second.events!.map((e) => e.message),
      messages.slice(10, 20),
    );
    const third = await get({ nextToken: second.nextForwardToken, limit: 10 });
    assert.deepEqual(
      third.events!.map((e) => e.message),
      messages.slice(20),
    );
    const end = await get({ nextToken: third.nextForwardToken, limit: 10 });
    assert.deepEqual(end.events, []);
    assert.equal(
      end.nextForwardToken,
      third.nextForwardToken,
      'at the end the forward token repeats',
    );
    // Going back from the second page gives the first.
    const back = await get({ nextToken: second.nextBackwardToken, limit: 10 });
    assert.deepEqual(
      back.events!.map((e) => e.message),
      messages.slice(0, 10),
    );
  });

  test('without startFromHead: the newest events first page, older ones through backward tokens', async () => {
    const newest = await get({ limit: 10 });
    assert.deepEqual(
      newest.events!.map((e) => e.message),
      messages.slice(15),
    );
    const older = await get({ nextToken: newest.nextBackwardToken, limit: 10 });
    assert.deepEqual(
      older.events!.map((e) => e.message),
      messages.slice(5, 15),
    );
    const oldest = await get({ nextToken: older.nextBackwardToken, limit: 10 });
    assert.deepEqual(
      oldest.events!.map((e) => e.message),
      messages.slice(0, 5),
    );
    const none = await get({ nextToken: oldest.nextBackwardToken, limit: 10 });
    assert.deepEqual(none.events, []);
    assert.equal(none.nextBackwardToken, oldest.nextBackwardToken);
  });

  test('paginateGetLogEvents with stopOnSameToken stops when the forward token repeats', async () => {
    const seen: string[] = [];
    let pages = 0;
    for await (const page of paginateGetLogEvents(
      { client: logs, pageSize: 7, stopOnSameToken: true },
      { logGroupName: '/test/get', logStreamName: 's', startFromHead: true },
    )) {
      seen.push(...page.events!.map((e) => e.message!));
      pages += 1;
      assert.ok(pages < 10, 'the paginator should stop');
    }
    assert.deepEqual(seen, messages);
  });

  test('startTime is inclusive, endTime exclusive', async () => {
    const out = await get({ startFromHead: true, startTime: base + 5000, endTime: base + 9000 });
    assert.deepEqual(
      out.events!.map((e) => e.message),
      ['event 5', 'event 6', 'event 7', 'event 8'],
    );
    await rejectsWith(
      get({ nextToken: 'x/12' }),
      InvalidParameterException,
      'InvalidParameterException',
      'The specified nextToken is invalid.',
    );
  });
});

describe('FilterLogEvents', () => {
  const base = Date.now() - 30 * MINUTE;
  const group = '/aws/lambda/filtered';
  const requestIds = [randomUUID(), randomUUID(), randomUUID()];
  // Three streams whose events interleave in time, as three execution environments would.
  const streams: Record<string, { timestamp: number; message: string }[]> = {
    '2026/01/01/[$LATEST]aaaa': [
      { timestamp: base + 1000, message: `START RequestId: ${requestIds[0]} Version: $LATEST\n` },
      { timestamp: base + 2000, message: 'ERROR Task timed out after 3.00 seconds\n' },
      { timestamp: base + 3000, message: `END RequestId: ${requestIds[0]}\n` },
      {
        timestamp: base + 3000,
        message: `REPORT RequestId: ${requestIds[0]}\tDuration: 3000.12 ms\tBilled Duration: 3000 ms\tMemory Size: 128 MB\tMax Memory Used: 66 MB\tInit Duration: 170.13 ms\tStatus: timeout\n`,
      },
    ],
    '2026/01/01/[$LATEST]bbbb': [
      { timestamp: base + 1500, message: 'WARN disk almost full\n' },
      { timestamp: base + 2500, message: 'INFO all good\n' },
      {
        timestamp: base + 4000,
        message: `REPORT RequestId: ${requestIds[1]}\tDuration: 8.40 ms\tBilled Duration: 9 ms\tMemory Size: 256 MB\tMax Memory Used: 70 MB\t\n`,
      },
    ],
    '2026/01/02/[2]cccc': [
      { timestamp: base + 500, message: 'DEBUG starting up\n' },
      { timestamp: base + 3000, message: 'ERROR throttled by the database\n' },
      {
        timestamp: base + 5000,
        message: `REPORT RequestId: ${requestIds[2]}\tDuration: 250.00 ms\tBilled Duration: 250 ms\tMemory Size: 512 MB\tMax Memory Used: 90 MB\tInit Duration: 300.50 ms\t\n`,
      },
    ],
  };
  const allInOrder = Object.entries(streams)
    .flatMap(([stream, events]) => events.map((e, i) => ({ stream, i, ...e })))
    .sort(
      (a, b) =>
        a.timestamp - b.timestamp ||
        (a.stream < b.stream ? -1 : a.stream > b.stream ? 1 : a.i - b.i),
    )
    .map((e) => e.message);

  before(async () => {
    await groupWithStreams(group, Object.keys(streams));
    for (const [stream, events] of Object.entries(streams)) await put(group, stream, events);
  });

  async function filter(input: Partial<FilterLogEventsCommandInput>): Promise<FilteredLogEvent[]> {
    const events: FilteredLogEvent[] = [];
    for await (const page of paginateFilterLogEvents(
      { client: logs },
      { logGroupName: group, ...input },
    ))
      events.push(...page.events!);
    return events;
  }
  const messagesOf = (events: FilteredLogEvent[]) => events.map((e) => e.message);

  test('nextToken paging with a limit merges the streams in time order, each event once', async () => {
    const pages: FilteredLogEvent[][] = [];
    let nextToken: string | undefined;
    do {
      const page = await logs.send(
        new FilterLogEventsCommand({ logGroupName: group, limit: 4, nextToken }),
      );
      pages.push(page.events!);
      nextToken = page.nextToken;
      assert.ok(pages.length < 10);
    } while (nextToken);
    assert.deepEqual(
      pages.map((p) => p.length),
      [4, 4, 2],
    );
    const events = pages.flat();
    assert.deepEqual(messagesOf(events), allInOrder);
    assert.equal(new Set(events.map((e) => e.eventId)).size, events.length);
    assert.equal(events[0]!.logStreamName, '2026/01/02/[2]cccc');
    assert.ok(events.every((e, i) => i === 0 || e.timestamp! >= events[i - 1]!.timestamp!));
    // Page boundaries inside a run of equal timestamps, within a stream and across streams.
    for (const limit of [1, 2, 3, 5]) {
      const paged: FilteredLogEvent[] = [];
      for await (const page of paginateFilterLogEvents(
        { client: logs, pageSize: limit },
        { logGroupName: group },
      ))
        paged.push(...page.events!);
      assert.deepEqual(messagesOf(paged), allInOrder, `limit ${limit}`);
    }
  });

  test('startTime and endTime, logStreamNamePrefix, logStreamNames', async () => {
    assert.deepEqual(
      messagesOf(await filter({ startTime: base + 2500, endTime: base + 4000 })),
      allInOrder.filter((_, i) => [4, 5, 6, 7].includes(i)),
    );
    const byPrefix = await filter({ logStreamNamePrefix: '2026/01/01/' });
    assert.deepEqual([...new Set(byPrefix.map((e) => e.logStreamName))].sort(), [
      '2026/01/01/[$LATEST]aaaa',
      '2026/01/01/[$LATEST]bbbb',
    ]);
    assert.equal(byPrefix.length, 7);
    const byName = await filter({
      logStreamNames: ['2026/01/02/[2]cccc', '2026/01/01/[$LATEST]bbbb'],
    });
    assert.deepEqual(messagesOf(byName), [
      'DEBUG starting up\n',
      'WARN disk almost full\n',
      'INFO all good\n',
      'ERROR throttled by the database\n',
      streams['2026/01/01/[$LATEST]bbbb']![2]!.message,
      streams['2026/01/02/[2]cccc']![2]!.message,
    ]);
    await rejectsWith(
      logs.send(
        new FilterLogEventsCommand({
          logGroupName: group,
          logStreamNames: ['x'],
          logStreamNamePrefix: 'x',
        }),
      ),
      InvalidParameterException,
      'InvalidParameterException',
      /logStreamNames and logStreamNamePrefix/,
    );
  });

  test('terms: AND, quoted phrase, ?a ?b, -term', async () => {
    assert.deepEqual(messagesOf(await filter({ filterPattern: 'ERROR' })), [
      'ERROR Task timed out after 3.00 seconds\n',
      'ERROR throttled by the database\n',
    ]);
    assert.deepEqual(messagesOf(await filter({ filterPattern: 'ERROR database' })), [
      'ERROR throttled by the database\n',
    ]);
    assert.deepEqual(messagesOf(await filter({ filterPattern: '"timed out after"' })), [
      'ERROR Task timed out after 3.00 seconds\n',
    ]);
    assert.deepEqual(messagesOf(await filter({ filterPattern: '"out ERROR"' })), []);
    assert.deepEqual(messagesOf(await filter({ filterPattern: '?WARN ?DEBUG' })), [
      'DEBUG starting up\n',
      'WARN disk almost full\n',
    ]);
    assert.deepEqual(messagesOf(await filter({ filterPattern: 'ERROR -throttled' })), [
      'ERROR Task timed out after 3.00 seconds\n',
    ]);
    assert.equal((await filter({ filterPattern: 'error' })).length, 0, 'terms are case-sensitive');
  });

  test('a pattern that does not parse is refused with InvalidParameterException, naming the problem', async () => {
    await assert.rejects(filter({ filterPattern: '{ $.x = ' }), (error: Error) => {
      assert.ok(error instanceof InvalidParameterException, String(error));
      assert.match(error.message, /^Invalid filter pattern "\{ \$\.x = ": "=" needs a value/);
      return true;
    });
  });

  test('space-delimited patterns on real REPORT lines', async () => {
    const reports = allInOrder.filter((m) => m.startsWith('REPORT'));
    assert.deepEqual(messagesOf(await filter({ filterPattern: '[type=REPORT, ...]' })), reports);
    const slow = await filter({
      filterPattern: '[type=REPORT, requestIdLabel, requestId, durationLabel, duration > 100, ...]',
    });
    assert.deepEqual(
      slow.map((e) => e.message!.split('\t')[0]),
      [`REPORT RequestId: ${requestIds[0]}`, `REPORT RequestId: ${requestIds[2]}`],
    );
    const big = await filter({
      filterPattern: '[type=REPORT, ..., sizeLabel=Size:, memory >= 256, unit=MB, max=Max, ...]',
    });
    assert.deepEqual(
      big.map((e) => e.logStreamName),
      ['2026/01/01/[$LATEST]bbbb', '2026/01/02/[2]cccc'],
    );
    const cold = await filter({
      filterPattern: '[type=REPORT, ..., init=Init, label, initDuration, ms=ms]',
    });
    assert.deepEqual(
      cold.map((e) => e.logStreamName),
      ['2026/01/02/[2]cccc'],
    );
    const timedOut = await filter({ filterPattern: '[..., status="Status:", value=timeout]' });
    assert.deepEqual(
      timedOut.map((e) => e.logStreamName),
      ['2026/01/01/[$LATEST]aaaa'],
    );
  });

  test('an invalid pattern is InvalidParameterException', async () => {
    await rejectsWith(
      logs.send(
        new FilterLogEventsCommand({ logGroupName: group, filterPattern: '"never closed' }),
      ),
      InvalidParameterException,
      'InvalidParameterException',
      /^Invalid filter pattern/,
    );
    await rejectsWith(
      logs.send(
        new FilterLogEventsCommand({
          logGroupName: group,
          filterPattern: '[type=REPORT, duration > fast]',
        }),
      ),
      InvalidParameterException,
      'InvalidParameterException',
      /^Invalid filter pattern/,
    );
    await rejectsWith(
      logs.send(new FilterLogEventsCommand({ logGroupName: group, filterPattern: '{ $.level = ' })),
      InvalidParameterException,
      'InvalidParameterException',
      /^Invalid filter pattern/,
    );
  });
});
