// searchLogs and invocationLines against the local endpoint, over events written with known
// timestamps (PutLogEvents): invocations that overlap across streams, one that runs longer than the
// first span a page reads, lines that name no request id; pages newest first, none split or repeated.
import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import {
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  PutLogEventsCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { searchLogs, type InvocationLines } from '../../src/cloud/logs/searchLogs';
import { invocationLines } from '../../src/cloud/logs/invocationLines';
import { startTestEndpoint, type TestEndpoint } from './endpoint';

const GROUP = '/aws/lambda/searched';
const MINUTE = 60_000;
let t: TestEndpoint;
const base = Date.now() - 3 * 60 * MINUTE;
const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

/** Invocation n: START at `at`, a matching line, a bare line, an unmatched line, END and REPORT `length` later. */
function invocation(n: number, at: number, length = 1000) {
  return [
    { timestamp: at, message: `START RequestId: ${id(n)} Version: $LATEST` },
    {
      timestamp: at + 1,
      message: `${new Date(at + 1).toISOString()}\t${id(n)}\tINFO\tneedle ${n}`,
    },
    { timestamp: at + 2, message: `bare line of ${n}` },
    {
      timestamp: at + length - 2,
      message: `${new Date(at + length - 2).toISOString()}\t${id(n)}\tINFO\tneedle again ${n}`,
    },
    { timestamp: at + length - 1, message: `END RequestId: ${id(n)}` },
    {
      timestamp: at + length,
      message: `REPORT RequestId: ${id(n)}\tDuration: ${length}.00 ms\tBilled Duration: ${length} ms\tMemory Size: 128 MB\tMax Memory Used: 60 MB\t`,
    },
  ];
}

before(async () => {
  t = await startTestEndpoint();
  await t.logs.send(new CreateLogGroupCommand({ logGroupName: GROUP }));
  const streams: Record<string, { timestamp: number; message: string }[]> = { a: [], b: [], c: [] };
  // Ten invocations a minute apart, alternating streams (environments); number 3 runs 14 minutes in
  // an environment of its own, overlapping 4 to 9, and an invocation after it in that environment.
  for (let n = 0; n < 10; n++)
    streams[n === 3 ? 'c' : n % 2 ? 'b' : 'a']!.push(
      ...invocation(n, base + n * MINUTE, n === 3 ? 14 * MINUTE : 1000),
    );
  streams.c!.push(...invocation(10, base + 17 * MINUTE + 1));
  streams.c!.unshift(...invocation(11, base + 2 * MINUTE + 30_000));
  for (const [name, events] of Object.entries(streams)) {
    await t.logs.send(new CreateLogStreamCommand({ logGroupName: GROUP, logStreamName: name }));
    events.sort((x, y) => x.timestamp - y.timestamp);
    await t.logs.send(
      new PutLogEventsCommand({ logGroupName: GROUP, logStreamName: name, logEvents: events }),
    );
  }
});
after(async () => {
  await t?.close();
});

const window = { startMs: base - MINUTE, endMs: base + 30 * MINUTE };

test('pages hold whole invocations, newest first, each once', async () => {
  const seen: InvocationLines[] = [];
  let nextToken: string | undefined;
  let pages = 0;
  do {
    const page = await searchLogs({
      logs: t.logs,
      logGroupName: GROUP,
      filterPattern: 'needle',
      window,
      limit: 3,
      ...(nextToken ? { nextToken } : {}),
    });
    seen.push(...page.invocations);
    nextToken = page.nextToken;
    pages++;
  } while (nextToken && pages < 20);
  assert.deepEqual(
    seen.map((g) => g.requestId),
    [10, 9, 8, 7, 6, 5, 4, 3, 11, 2, 1, 0].map(id),
  );
  for (const group of seen)
    assert.equal(
      group.lines.length,
      2,
      `both needle lines of ${group.requestId}, even 14 minutes apart`,
    );
  assert.equal(pages, 4);
});

test('lines that name no request id are groups of their own', async () => {
  const page = await searchLogs({
    logs: t.logs,
    logGroupName: GROUP,
    filterPattern: '"bare line"',
    window,
    limit: 100,
  });
  assert.ok(page.invocations.every((g) => g.requestId === undefined && g.lines.length === 1));
  assert.deepEqual(
    page.invocations.map((g) => g.lines[0]!.message),
    [10, 9, 8, 7, 6, 5, 4, 3, 11, 2, 1, 0].map((n) => `bare line of ${n}`),
  );
});

test('a token that was not given is refused', async () => {
  await assert.rejects(
    searchLogs({ logs: t.logs, logGroupName: GROUP, nextToken: 'not-a-token' }),
    /next-page token/,
  );
});

test('one invocation: START to REPORT in its stream, with its bare line, nothing of the others', async () => {
  const found = await invocationLines({
    logs: t.logs,
    logGroupName: GROUP,
    requestId: id(3),
    window,
  });
  assert.equal(found.complete, true);
  assert.equal(found.logStreamName, 'c');
  assert.deepEqual(
    found.lines.map((l) => l.message),
    invocation(3, base + 3 * MINUTE, 14 * MINUTE).map((e) => e.message),
    'exactly its lines, not those of 11 before nor 10 after',
  );
  assert.match(found.lines[0]!.message, new RegExp(`^START RequestId: ${id(3)}`));
  assert.match(
    found.lines[found.lines.length - 1]!.message,
    new RegExp(`^REPORT RequestId: ${id(3)}`),
  );
  assert.ok(found.lines.some((l) => l.message === 'bare line of 3'));
});

test('an unknown request id has no lines', async () => {
  const found = await invocationLines({
    logs: t.logs,
    logGroupName: GROUP,
    requestId: id(77),
    window,
  });
  assert.deepEqual(found, { lines: [], complete: false });
});
