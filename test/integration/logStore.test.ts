// The local endpoint's log store under volume and odd input: events stay on disk (memory holds
// per-stream facts, not events), out-of-order batches come back sorted (also after a restart),
// one response carries at most 1 MB, one FilterLogEvents request scans a bounded share, and a
// home written by an earlier version (no marks, huge events) is read with nothing lost.
import { after, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import {
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  FilterLogEventsCommand,
  GetLogEventsCommand,
  PutLogEventsCommand,
  type CloudWatchLogsClient,
  type FilteredLogEvent,
  type OutputLogEvent,
} from '@aws-sdk/client-cloudwatch-logs';
import { LAMBDA_LOG_LINE_MAX_CHARS, LOG_RESPONSE_MAX_BYTES } from '../../src/core/limits';
import { isPlatformEventId } from '../../src/core/logs/platformMark';
import { eventLine, parseEventLine } from '../../src/local/store/logLine';
import { LogStore } from '../../src/local/store/logStore';
import { startTestEndpoint, type TestEndpoint, logGroupFolder } from './endpoint';

const MINUTE = 60_000;
const KB = 1024;
const MB = 1024 * KB;
const homes: string[] = [];
function freshHome(): string {
  const home = mkdtempSync(join(tmpdir(), 'll-logstore-'));
  homes.push(home);
  return home;
}
after(() => {
  for (const home of homes) rmSync(home, { recursive: true, force: true });
});

/** Heap in use after a full collection. */
function heapAfterGc(): number {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

async function allForward(
  logs: CloudWatchLogsClient,
  group: string,
  stream: string,
  limit?: number,
): Promise<{ events: OutputLogEvent[]; pages: number }> {
  const events: OutputLogEvent[] = [];
  let token: string | undefined;
  let pages = 0;
  for (;;) {
    const page = await logs.send(
      new GetLogEventsCommand({
        logGroupName: group,
        logStreamName: stream,
        startFromHead: true,
        ...(limit ? { limit } : {}),
        ...(token ? { nextToken: token } : {}),
      }),
    );
    pages += 1;
    events.push(...page.events!);
    if (page.nextForwardToken === token) return { events, pages };
    token = page.nextForwardToken;
    assert.ok(pages < 1_000);
  }
}

async function allFiltered(
  logs: CloudWatchLogsClient,
  group: string,
  input: { filterPattern?: string; limit?: number } = {},
): Promise<{ events: FilteredLogEvent[]; pages: { events: number; bytes: number }[] }> {
  const events: FilteredLogEvent[] = [];
  const pages: { events: number; bytes: number }[] = [];
  let nextToken: string | undefined;
  do {
    const page = await logs.send(
      new FilterLogEventsCommand({
        logGroupName: group,
        ...input,
        ...(nextToken ? { nextToken } : {}),
      }),
    );
    events.push(...page.events!);
    pages.push({
      events: page.events!.length,
      bytes: page.events!.reduce((n, e) => n + Buffer.byteLength(e.message!), 0),
    });
    nextToken = page.nextToken;
    assert.ok(pages.length < 1_000);
  } while (nextToken);
  return { events, pages };
}

test('the store keeps events on disk: appending 50 MB, or loading them, leaves the heap where it was', () => {
  const home = freshHome();
  const now = Date.now();
  const message = 'm'.repeat(10 * KB);
  const before = heapAfterGc();
  const store = new LogStore(join(home, 'regions'), 30);
  const group = store.createGroup('us-east-1', '/volume');
  for (let s = 0; s < 5; s++) {
    const stream = store.createStream('us-east-1', group, `s${s}`);
    for (let b = 0; b < 10; b++)
      stream.append(
        Array.from({ length: 100 }, (_, i) => ({
          timestamp: now - MINUTE + b * 100 + i,
          message: `${b}/${i} ${message}`,
        })),
        now,
      );
  }
  const written = heapAfterGc() - before;
  store.close();
  const reloaded = new LogStore(join(home, 'regions'), 30);
  const loaded = heapAfterGc() - before;
  const stream = reloaded.groups('us-east-1').get('/volume')!.streams.get('s4')!;
  assert.equal(stream.eventCount, 1_000);
  assert.equal(stream.lastEventTimestamp, now - MINUTE + 999);
  reloaded.close();
  assert.ok(
    written < 4 * MB,
    `the heap grew by ${(written / MB).toFixed(1)} MB while 50 MB were appended`,
  );
  assert.ok(
    loaded < 4 * MB,
    `the heap grew by ${(loaded / MB).toFixed(1)} MB once 50 MB were loaded`,
  );
});

test('out-of-order batches come back sorted by timestamp, arrival order among equals, before and after a restart', async () => {
  const home = freshHome();
  const group = '/test/out-of-order';
  const base = Date.now() - 30 * MINUTE;
  // 60 batches, each in order, jumping back and forth in time; equal timestamps across batches.
  const batches = Array.from({ length: 60 }, (_, b) => {
    const start = base + ((b * 37) % 60) * 1000;
    return Array.from({ length: 20 }, (_, i) => ({
      timestamp: start + i * 10,
      message: `b${b} e${i}`,
    }));
  });
  const expected = batches
    .flatMap((events, b) => events.map((e, i) => ({ ...e, order: b * 100 + i })))
    .sort((x, y) => x.timestamp - y.timestamp || x.order - y.order)
    .map((e) => e.message);
  let t: TestEndpoint = await startTestEndpoint({ home });
  try {
    await t.logs.send(new CreateLogGroupCommand({ logGroupName: group }));
    await t.logs.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: 's' }));
    await t.logs.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: 't' }));
    for (const [b, events] of batches.entries()) {
      await t.logs.send(
        new PutLogEventsCommand({ logGroupName: group, logStreamName: 's', logEvents: events }),
      );
      // Reads in between, so sorting happens at many points of the stream's life.
      if (b % 17 === 5)
        assert.equal((await allForward(t.logs, group, 's')).events.length, (b + 1) * 20);
    }
    await t.logs.send(
      new PutLogEventsCommand({
        logGroupName: group,
        logStreamName: 't',
        logEvents: [{ timestamp: base + 500, message: 'other stream' }],
      }),
    );
    const check = async (when: string) => {
      assert.deepEqual(
        (await allForward(t.logs, group, 's', 7)).events.map((e) => e.message),
        expected,
        `GetLogEvents ${when}`,
      );
      const newest = await t.logs.send(
        new GetLogEventsCommand({ logGroupName: group, logStreamName: 's', limit: 5 }),
      );
      assert.deepEqual(
        newest.events!.map((e) => e.message),
        expected.slice(-5),
        `the newest ${when}`,
      );
      const filtered = await allFiltered(t.logs, group, { limit: 9 });
      const merged = filtered.events.filter((e) => e.logStreamName === 's').map((e) => e.message);
      assert.deepEqual(merged, expected, `FilterLogEvents ${when}`);
      assert.equal(filtered.events.find((e) => e.logStreamName === 't')!.message, 'other stream');
      assert.ok(
        filtered.events.every(
          (e, i) => i === 0 || e.timestamp! >= filtered.events[i - 1]!.timestamp!,
        ),
      );
      assert.ok(
        filtered.events.every((e) => !isPlatformEventId(e.eventId)),
        "PutLogEvents events are never marked as the platform's",
      );
    };
    await check('before the restart');
    await t.close();
    t = await startTestEndpoint({ home });
    await check('after the restart');
  } finally {
    await t.close();
  }
});

test('GetLogEvents and FilterLogEvents answer at most 1 MB a page; the tokens reach every event', async () => {
  const t = await startTestEndpoint();
  try {
    const group = '/test/big-events';
    await t.logs.send(new CreateLogGroupCommand({ logGroupName: group }));
    await t.logs.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: 's' }));
    const base = Date.now() - 10 * MINUTE;
    const messages: string[] = [];
    for (let b = 0; b < 4; b++) {
      const logEvents = Array.from({ length: 3 }, (_, i) => ({
        timestamp: base + b * 10 + i,
        message: `${b}.${i} ${'z'.repeat(300 * KB)}`,
      }));
      messages.push(...logEvents.map((e) => e.message));
      await t.logs.send(
        new PutLogEventsCommand({ logGroupName: group, logStreamName: 's', logEvents }),
      );
    }
    const forward = await allForward(t.logs, group, 's');
    assert.deepEqual(
      forward.events.map((e) => e.message),
      messages,
    );
    assert.ok(forward.pages >= 4, `${forward.pages} pages`);
    const newest = await t.logs.send(
      new GetLogEventsCommand({ logGroupName: group, logStreamName: 's' }),
    );
    assert.deepEqual(
      newest.events!.map((e) => e.message),
      messages.slice(-3),
      'the newest events that fit in 1 MB',
    );
    const older = await t.logs.send(
      new GetLogEventsCommand({
        logGroupName: group,
        logStreamName: 's',
        nextToken: newest.nextBackwardToken,
      }),
    );
    assert.deepEqual(
      older.events!.map((e) => e.message),
      messages.slice(-6, -3),
    );
    const filtered = await allFiltered(t.logs, group);
    assert.deepEqual(
      filtered.events.map((e) => e.message),
      messages,
    );
    assert.ok(
      filtered.pages.every((p) => p.bytes + 26 * p.events <= LOG_RESPONSE_MAX_BYTES),
      JSON.stringify(filtered.pages),
    );
  } finally {
    await t.close();
  }
});

test('one FilterLogEvents request scans a bounded share of the group: an empty page with a nextToken, then the match', async () => {
  const t = await startTestEndpoint();
  try {
    const group = '/test/needle';
    await t.logs.send(new CreateLogGroupCommand({ logGroupName: group }));
    await t.logs.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: 'hay' }));
    const base = Date.now() - 20 * MINUTE;
    for (let b = 0; b < 40; b++) {
      await t.logs.send(
        new PutLogEventsCommand({
          logGroupName: group,
          logStreamName: 'hay',
          logEvents: Array.from({ length: 100 }, (_, i) => ({
            timestamp: base + b * 100 + i,
            message: `hay ${'h'.repeat(10 * KB)}`,
          })),
        }),
      );
    }
    await t.logs.send(
      new PutLogEventsCommand({
        logGroupName: group,
        logStreamName: 'hay',
        logEvents: [{ timestamp: base + 10 * MINUTE, message: 'needle' }],
      }),
    );
    const first = await t.logs.send(
      new FilterLogEventsCommand({ logGroupName: group, filterPattern: 'needle' }),
    );
    assert.deepEqual(first.events, []);
    assert.ok(first.nextToken, 'more to search');
    assert.equal(first.searchedLogStreams![0]!.searchedCompletely, false);
    const all = await allFiltered(t.logs, group, { filterPattern: 'needle' });
    assert.deepEqual(
      all.events.map((e) => e.message),
      ['needle'],
    );
    assert.ok(all.pages.length > 1);
  } finally {
    await t.close();
  }
});

test('a home written before the marks (with a 3 MB event, and out of order) is read with nothing lost', async () => {
  const home = freshHome();
  const group = '/aws/lambda/legacy';
  const dir = logGroupFolder(home, group);
  mkdirSync(dir, { recursive: true });
  const now = Date.now();
  const id = '11111111-2222-4333-8444-555555555555';
  const report = `REPORT RequestId: ${id}\tDuration: 2.00 ms\tBilled Duration: 2 ms\tMemory Size: 128 MB\tMax Memory Used: 50 MB\t`;
  const huge = `${'a'.repeat(2 * MB)}${'b'.repeat(MB)}`;
  const line = (t: number, m: string) => JSON.stringify({ t, i: t, m });
  writeFileSync(
    join(dir, 'group.json'),
    JSON.stringify({ name: group, creationTime: now - 3 * MINUTE }),
  );
  writeFileSync(
    join(dir, `${Buffer.from('2026/01/01/[$LATEST]abc').toString('base64url')}.jsonl`),
    `${[
      JSON.stringify({ c: now - 3 * MINUTE }),
      line(now - 2 * MINUTE, `START RequestId: ${id} Version: $LATEST`),
      line(now - 2 * MINUTE + 1, huge),
      line(now - 2 * MINUTE + 3, `END RequestId: ${id}`),
      line(now - 2 * MINUTE + 3, report),
      line(now - 2 * MINUTE + 2, 'printed a little late'),
      // 70 events each earlier than the one before: 70 runs, more than one merge reads at once.
      ...Array.from({ length: 70 }, (_, k) => line(now - 150_000 - k * 10, `descending ${k}`)),
    ].join('\n')}\n`,
  );
  const t = await startTestEndpoint({ home });
  try {
    const events = (await allFiltered(t.logs, group)).events;
    const pieces = events.filter((e) => /^[ab]+$/.test(e.message!));
    assert.equal(pieces.map((e) => e.message).join(''), huge, 'the 3 MB event is all there');
    assert.ok(pieces.every((e) => e.message!.length <= LAMBDA_LOG_LINE_MAX_CHARS));
    const rest = events
      .filter((e) => !/^[ab]+$/.test(e.message!))
      .map((e) => [e.message, isPlatformEventId(e.eventId)]);
    assert.deepEqual(rest, [
      ...Array.from({ length: 70 }, (_, k) => [`descending ${69 - k}`, false]),
      [`START RequestId: ${id} Version: $LATEST`, true],
      ['printed a little late', false],
      [`END RequestId: ${id}`, true],
      [report, true],
    ]);
    const file = readdirSync(dir).find((f) => f.endsWith('.jsonl'))!;
    assert.match(
      readFileSync(join(dir, file), 'utf8').split('\n')[0]!,
      /"v":2/,
      'the file is in the current format now',
    );
  } finally {
    await t.close();
  }
});

test('a damaged line in the middle of a stream file is dropped on load; every other event keeps its place', async () => {
  const home = freshHome();
  const group = '/test/damaged';
  const dir = logGroupFolder(home, group);
  mkdirSync(dir, { recursive: true });
  const now = Date.now();
  writeFileSync(
    join(dir, 'group.json'),
    JSON.stringify({ name: group, creationTime: now - MINUTE }),
  );
  const events = Array.from({ length: 30 }, (_, i) =>
    JSON.stringify({ t: now - MINUTE + i, i: now, m: `event ${i}` }),
  );
  events.splice(10, 0, '{"t":17000', 'not json at all', '{"t":1,"m":42}');
  writeFileSync(
    join(dir, `${Buffer.from('s').toString('base64url')}.jsonl`),
    `${JSON.stringify({ c: now - MINUTE, v: 2 })}\n${events.join('\n')}\n{"t":12`,
  );
  const t = await startTestEndpoint({ home });
  try {
    const expected = Array.from({ length: 30 }, (_, i) => `event ${i}`);
    assert.deepEqual(
      (await allForward(t.logs, group, 's', 4)).events.map((e) => e.message),
      expected,
    );
    assert.deepEqual(
      (await allFiltered(t.logs, group, { limit: 7 })).events.map((e) => e.message),
      expected,
    );
    const newest = await t.logs.send(
      new GetLogEventsCommand({ logGroupName: group, logStreamName: 's', limit: 3 }),
    );
    assert.deepEqual(
      newest.events!.map((e) => e.message),
      expected.slice(-3),
    );
  } finally {
    await t.close();
  }
});

test('every message survives the stored line, whatever it holds', () => {
  const messages = [
    '',
    'plain',
    'REPORT RequestId: x\tDuration: 1.00 ms\t',
    'tab\tand "quotes"',
    'back\\slash',
    'a\\tb (backslash, then t)',
    'back\\\ttab',
    'new\nline\r\n',
    '\u0000\u001f control',
    'é ü 😀 中文',
    'lone \ud800 surrogate',
    '"',
    '\\',
    '\\"',
    '}',
    '","m":"x"}',
  ];
  for (const [i, message] of messages.entries()) {
    for (const platform of [false, true]) {
      const event = {
        timestamp: 1_700_000_000_000 + i,
        ingestionTime: 1_700_000_000_500,
        message,
        platform,
      };
      assert.deepEqual(parseEventLine(eventLine(event)), event, JSON.stringify(message));
    }
  }
  // Lines from other writers (an earlier version's layout) read through JSON.parse.
  assert.deepEqual(parseEventLine(JSON.stringify({ m: 'x', t: 5 })), {
    timestamp: 5,
    ingestionTime: 5,
    message: 'x',
    platform: false,
  });
  assert.equal(parseEventLine('{"t":1,"i":2,"m":"a","x":"b"}')?.message, 'a');
  assert.equal(parseEventLine('{"t":1,"i":2,"m":"a"}}'), undefined);
  assert.equal(parseEventLine('{"t":1,"i":2,"m":"a\\q"}'), undefined);
});

test('filter terms find the events that hold them, whatever the characters (looked for in stored lines first)', async () => {
  const t = await startTestEndpoint();
  try {
    const group = '/test/terms';
    await t.logs.send(new CreateLogGroupCommand({ logGroupName: group }));
    await t.logs.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: 's' }));
    const messages = [
      'naïve café',
      'tab\there',
      'quote "q" here',
      'back\\slash',
      'two\nlines',
      'plain xyz',
      '😀 emoji',
      'ratio 1:2',
    ];
    await t.logs.send(
      new PutLogEventsCommand({
        logGroupName: group,
        logStreamName: 's',
        logEvents: messages.map((message, i) => ({ timestamp: Date.now() - 1000 + i, message })),
      }),
    );
    const found = async (filterPattern: string) =>
      (await allFiltered(t.logs, group, { filterPattern })).events.map((e) => e.message);
    assert.deepEqual(await found('café'), ['naïve café']);
    assert.deepEqual(await found('"tab\there"'), ['tab\there']);
    assert.deepEqual(await found('"\\"q\\""'), ['quote "q" here']);
    assert.deepEqual(await found('back\\slash'), ['back\\slash']);
    assert.deepEqual(await found('"two\nlines"'), ['two\nlines']);
    assert.deepEqual(await found('😀'), ['😀 emoji']);
    assert.deepEqual(await found('?xyz ?café'), ['naïve café', 'plain xyz']);
    assert.deepEqual(await found('xyz -plain'), []);
    // Terms that occur in every stored line's frame ({"t":…,"m":…}) but not in these messages.
    assert.deepEqual(await found('"\\"m\\":"'), []);
    assert.deepEqual(
      await found('t'),
      messages.filter((m) => m.includes('t')),
    );
    assert.deepEqual(await found('1:2'), ['ratio 1:2']);
  } finally {
    await t.close();
  }
});
