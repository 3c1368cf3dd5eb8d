// StartLiveTail on the local endpoint through the SDK's own StartLiveTailCommand (event stream over
// HTTP): a line a function prints arrives; filter patterns select as FilterLogEvents does; the
// endpoint's own lines are marked; the session's limits and errors are AWS's.
import { after, before, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  FilterLogEventsCommand,
  PutLogEventsCommand,
  StartLiveTailCommand,
  type LiveTailSessionLogEvent,
  type StartLiveTailCommandInput,
  type StartLiveTailResponseStream,
} from '@aws-sdk/client-cloudwatch-logs';
import { readPlatformMarks } from '../../src/cloud/logs/liveTailMarks';
import { followLogs, type FollowMode, type LogLine } from '../../src/cloud/logs/followLogs';
import { startLocalEndpoint } from '../../src/local/server';
import { startTestEndpoint, type TestEndpoint } from './endpoint';
import { createFunction, invoke, waitFor } from './invokeKit';

const ARN = (group: string) => `arn:aws:logs:us-east-1:123456789012:log-group:${group}`;

let t: TestEndpoint;
/** The endpoint's clients as the extension and CLI make them: no `streaming-` host prefix. */
let logs: CloudWatchLogsClient;
before(async () => {
  t = await startTestEndpoint();
  logs = new CloudWatchLogsClient({
    endpoint: t.endpoint.url,
    region: 'us-east-1',
    credentials: t.endpoint.credentials,
    maxAttempts: 1,
    disableHostPrefix: true,
  });
});
after(async () => {
  logs?.destroy();
  await t?.close();
});

/** A running session: the events it delivered so far (each with its platform mark), and a way to end it. */
interface Tail {
  readonly events: (LiveTailSessionLogEvent & { platform: boolean })[];
  readonly start: Record<string, unknown>;
  readonly updates: number;
  readonly ended: Promise<unknown>;
  stop(): void;
}

async function tail(input: StartLiveTailCommandInput, client = logs): Promise<Tail> {
  const abort = new AbortController();
  const command = new StartLiveTailCommand(input);
  const marks = readPlatformMarks(command);
  const out = await client.send(command, { abortSignal: abort.signal });
  const events: Tail['events'] = [];
  let updates = 0;
  let start: Record<string, unknown> | undefined;
  let startSeen: () => void = () => {};
  const started = new Promise<void>((resolve) => {
    startSeen = resolve;
  });
  const ended = (async () => {
    try {
      for await (const event of out.responseStream as AsyncIterable<StartLiveTailResponseStream>) {
        if (event.sessionStart) {
          start = event.sessionStart as Record<string, unknown>;
          startSeen();
        } else if (event.sessionUpdate) {
          updates++;
          const places = marks.next();
          (event.sessionUpdate.sessionResults ?? []).forEach((e, i) =>
            events.push({ ...e, platform: places.has(i) }),
          );
        }
      }
      return undefined;
    } catch (error) {
      startSeen();
      return error;
    }
  })();
  await started;
  return {
    events,
    get start() {
      return start!;
    },
    get updates() {
      return updates;
    },
    ended,
    stop: () => abort.abort(),
  };
}

async function put(
  group: string,
  stream: string,
  messages: string[],
  timestamp = Date.now(),
): Promise<void> {
  await logs.send(
    new PutLogEventsCommand({
      logGroupName: group,
      logStreamName: stream,
      logEvents: messages.map((message) => ({ timestamp, message })),
    }),
  );
}

describe('StartLiveTail on the local endpoint', () => {
  test("a line a function prints appears, with START and REPORT marked as the endpoint's own lines", async () => {
    await createFunction(t, 'tailed', {
      'index.js':
        "exports.handler = async () => { console.log('hello from the tail'); process.stdout.write('REPORT RequestId: 00000000-0000-0000-0000-000000000000\\tDuration: 1.00 ms\\n'); return 1; };\n",
    });
    await invoke(t, 'tailed'); // the group exists once the function has run
    const session = await tail({ logGroupIdentifiers: [ARN('/aws/lambda/tailed')] });
    try {
      assert.deepEqual(session.start.logGroupIdentifiers, [ARN('/aws/lambda/tailed')]);
      assert.match(String(session.start.sessionId), /^[0-9a-f-]{36}$/);
      const sentAt = Date.now();
      await invoke(t, 'tailed', {}, { tail: false });
      const line = await waitFor(
        'the printed line',
        async () =>
          session.events.find(
            (e) => e.message?.includes('hello from the tail') && e.timestamp! >= sentAt - 5,
          ),
        5000,
      );
      assert.equal(line.logGroupIdentifier, ARN('/aws/lambda/tailed'));
      assert.match(line.logStreamName!, /^\d{4}\/\d\d\/\d\d\/\[\$LATEST\][0-9a-f]{32}$/);
      assert.equal(line.platform, false);
      const report = await waitFor('the REPORT line', async () =>
        session.events.find((e) => e.message?.startsWith('REPORT RequestId: ') && e.platform),
      );
      assert.ok(!report.message!.startsWith('REPORT RequestId: 00000000'));
      const forged = session.events.find((e) =>
        e.message?.startsWith('REPORT RequestId: 00000000'),
      );
      assert.equal(forged?.platform, false, 'a REPORT line the function printed is not marked');
      assert.ok(
        session.events.some((e) => e.message?.startsWith('START RequestId: ') && e.platform),
      );
    } finally {
      session.stop();
    }
  });

  test('marks stay right when an update is large enough to arrive in many chunks', async () => {
    // 20,000 lines in one burst: updates of hundreds of kilobytes, each read as many socket chunks
    // (the mark reader joins a frame's chunks once it is complete).
    await createFunction(t, 'tailed-burst', {
      'index.js':
        "const fs = require('node:fs'); exports.handler = async () => { const lines = []; for (let i = 0; i < 20000; i++) lines.push(i === 10000 ? 'REPORT RequestId: 00000000-0000-0000-0000-000000000000\\tDuration: 1.00 ms' : 'burst line ' + i + ' ' + 'x'.repeat(40)); fs.writeSync(1, lines.join('\\n') + '\\n'); return 1; };\n",
    });
    await invoke(t, 'tailed-burst');
    const session = await tail({ logGroupIdentifiers: [ARN('/aws/lambda/tailed-burst')] });
    try {
      await invoke(t, 'tailed-burst', {}, { tail: false });
      await waitFor(
        'the REPORT line',
        async () =>
          session.events.find((e) => e.message?.startsWith('REPORT RequestId: ') && e.platform),
        20_000,
      );
      const marked = session.events.filter((e) => e.platform).map((e) => e.message!.split(' ')[0]);
      assert.deepEqual(marked, ['START', 'END', 'REPORT']);
      assert.equal(
        session.events.filter((e) => !e.platform && e.message!.startsWith('burst line ')).length,
        19_999,
      );
      assert.equal(
        session.events.find((e) => e.message!.startsWith('REPORT RequestId: 00000000'))?.platform,
        false,
      );
    } finally {
      session.stop();
    }
  });

  test('messages arrive exactly as stored: quotes, backslashes, control characters, accents, emoji, a lone surrogate, long ones', async () => {
    const messages = [
      'plain',
      'say "hi" \\ C:\\path',
      'bell\u0007 nul\u0000 esc\u001b[2J',
      'é ü ß 漢字',
      'emoji 😀👍🏽',
      'lone \ud800 surrogate',
      `${'é'.repeat(5000)}😀`,
      ''.padEnd(20_000, 'x'),
      'tab\there',
    ];
    await logs.send(new CreateLogGroupCommand({ logGroupName: '/live/bytes' }));
    await logs.send(
      new CreateLogStreamCommand({ logGroupName: '/live/bytes', logStreamName: 's' }),
    );
    const session = await tail({ logGroupIdentifiers: [ARN('/live/bytes')] });
    try {
      await put('/live/bytes', 's', messages);
      await waitFor(
        'every message',
        async () => (session.events.length >= messages.length ? true : undefined),
        10_000,
      );
      // A lone surrogate travels as JSON's \ud800 escape, so it arrives as it was stored.
      assert.deepEqual(
        session.events.map((e) => e.message),
        messages,
      );
      assert.ok(
        session.events.every(
          (e) =>
            e.logStreamName === 's' &&
            e.logGroupIdentifier === ARN('/live/bytes') &&
            typeof e.timestamp === 'number' &&
            typeof e.ingestionTime === 'number',
        ),
      );
    } finally {
      session.stop();
    }
  });

  test('filter patterns select exactly the events FilterLogEvents selects', async () => {
    const group = '/live/filters';
    await logs.send(new CreateLogGroupCommand({ logGroupName: group }));
    await logs.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: 's' }));
    const messages = [
      'ERROR something broke',
      'INFO all fine',
      'WARN ERROR-ish',
      '{"level":"ERROR","n":3}',
      '{"level":"INFO","n":5}',
      'REPORT RequestId: 1\tDuration: 12.5 ms',
      'error lowercase',
      '"quoted ERROR" phrase',
      'a b c 7',
      'a b c 2',
    ];
    const patterns = [
      'ERROR',
      '?ERROR ?WARN',
      'ERROR -WARN',
      '{ $.level = "ERROR" }',
      '{ $.n > 4 }',
      '[w1, w2, w3, n > 5]',
      '"quoted ERROR"',
      '',
    ];
    for (const pattern of patterns) {
      const session = await tail({
        logGroupIdentifiers: [ARN(group)],
        ...(pattern ? { logEventFilterPattern: pattern } : {}),
      });
      const startTime = Date.now();
      try {
        await put(group, 's', [...messages, `end of ${pattern}`], startTime);
        const expected = await logs.send(
          new FilterLogEventsCommand({
            logGroupName: group,
            startTime,
            ...(pattern ? { filterPattern: pattern } : {}),
          }),
        );
        const want = (expected.events ?? []).map((e) => e.message);
        await waitFor(
          `the events of ${pattern}`,
          async () => (session.events.length >= want.length ? true : undefined),
          5000,
        ).catch(() => {});
        // Let a second update go by: nothing else may arrive.
        const updates = session.updates;
        await waitFor(
          'one more update',
          async () => (session.updates > updates ? true : undefined),
          3000,
        );
        assert.deepEqual(
          session.events.map((e) => e.message),
          want,
          `pattern ${JSON.stringify(pattern)}`,
        );
      } finally {
        session.stop();
      }
    }
  });

  test('stream names and prefixes narrow the session, with one group only', async () => {
    const group = '/live/streams';
    await logs.send(new CreateLogGroupCommand({ logGroupName: group }));
    for (const stream of ['app-1', 'app-2', 'other'])
      await logs.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: stream }));
    const byPrefix = await tail({
      logGroupIdentifiers: [ARN(group)],
      logStreamNamePrefixes: ['app-'],
    });
    const byName = await tail({ logGroupIdentifiers: [ARN(group)], logStreamNames: ['other'] });
    try {
      for (const stream of ['app-1', 'app-2', 'other']) await put(group, stream, [`in ${stream}`]);
      await waitFor(
        'both sessions',
        async () => (byPrefix.events.length >= 2 && byName.events.length >= 1 ? true : undefined),
        5000,
      );
      assert.deepEqual(byPrefix.events.map((e) => e.message).sort(), ['in app-1', 'in app-2']);
      assert.deepEqual(
        byName.events.map((e) => e.message),
        ['in other'],
      );
    } finally {
      byPrefix.stop();
      byName.stop();
    }
    await assert.rejects(
      logs.send(
        new StartLiveTailCommand({
          logGroupIdentifiers: [ARN(group), ARN('/live/filters')],
          logStreamNames: ['x'],
        }),
      ),
      { name: 'InvalidParameterException' },
    );
  });

  test("refuses names instead of ARNs, unknown groups and bad patterns with AWS's errors", async () => {
    await assert.rejects(
      logs.send(new StartLiveTailCommand({ logGroupIdentifiers: ['/live/filters'] })),
      { name: 'InvalidParameterException', message: /ARN/ },
    );
    await assert.rejects(
      logs.send(new StartLiveTailCommand({ logGroupIdentifiers: [ARN('/nope')] })),
      { name: 'ResourceNotFoundException' },
    );
    await assert.rejects(
      logs.send(
        new StartLiveTailCommand({
          logGroupIdentifiers: [ARN('/live/filters')],
          logEventFilterPattern: '{ $.x = ',
        }),
      ),
      { name: 'InvalidParameterException' },
    );
    await assert.rejects(
      logs.send(
        new StartLiveTailCommand({
          logGroupIdentifiers: Array.from({ length: 11 }, (_, i) => ARN(`/g${i}`)),
        }),
      ),
      { name: 'ValidationException' },
    );
  });

  test('an idle session gets an empty update every second', async () => {
    const session = await tail({
      logGroupIdentifiers: [ARN('/live/filters')],
      logEventFilterPattern: 'nothing-matches-this',
    });
    try {
      await waitFor('two updates', async () => (session.updates >= 2 ? true : undefined), 4000);
      assert.equal(session.events.length, 0);
    } finally {
      session.stop();
    }
  });

  test('a session past its time ends with SessionTimeoutException', async () => {
    const home = mkdtempSync(join(tmpdir(), 'll-tail-'));
    const endpoint = await startLocalEndpoint({ home, port: 0, liveTailMaxMs: 300 });
    const client = new CloudWatchLogsClient({
      endpoint: endpoint.url,
      region: 'us-east-1',
      credentials: endpoint.credentials,
      maxAttempts: 1,
      disableHostPrefix: true,
    });
    try {
      await client.send(new CreateLogGroupCommand({ logGroupName: '/short' }));
      const session = await tail({ logGroupIdentifiers: [ARN('/short')] }, client);
      const error = await session.ended;
      assert.equal((error as Error)?.name, 'SessionTimeoutException');
    } finally {
      client.destroy();
      await endpoint.close();
      rmSync(home, { recursive: true, force: true });
    }
  });

  test('past ten sessions at once the endpoint answers LimitExceededException; an ended one makes room', async () => {
    const sessions: Tail[] = [];
    try {
      for (let i = 0; i < 10; i++)
        sessions.push(await tail({ logGroupIdentifiers: [ARN('/live/filters')] }));
      await assert.rejects(
        logs.send(new StartLiveTailCommand({ logGroupIdentifiers: [ARN('/live/filters')] })),
        { name: 'LimitExceededException' },
      );
      sessions.pop()!.stop();
      await waitFor(
        'the room',
        async () => {
          try {
            const again = await tail({ logGroupIdentifiers: [ARN('/live/filters')] });
            sessions.push(again);
            return true;
          } catch {
            return undefined;
          }
        },
        5000,
      );
    } finally {
      for (const session of sessions) session.stop();
    }
  });

  test('a reader that falls behind loses the oldest held lines, and the next update says sampled', async () => {
    const home = mkdtempSync(join(tmpdir(), 'll-tail-'));
    const endpoint = await startLocalEndpoint({ home, port: 0, liveTailBacklogEvents: 100 });
    const client = new CloudWatchLogsClient({
      endpoint: endpoint.url,
      region: 'us-east-1',
      credentials: endpoint.credentials,
      maxAttempts: 1,
      disableHostPrefix: true,
    });
    try {
      await client.send(new CreateLogGroupCommand({ logGroupName: '/slow' }));
      await client.send(new CreateLogStreamCommand({ logGroupName: '/slow', logStreamName: 's' }));
      const out = await client.send(
        new StartLiveTailCommand({ logGroupIdentifiers: [ARN('/slow')] }),
      );
      const events = out.responseStream![Symbol.asyncIterator]();
      assert.ok((await events.next()).value.sessionStart);
      // Nothing is read meanwhile: the socket's buffers fill, then the session's backlog.
      const line = 'x'.repeat(990);
      for (let batch = 0; batch < 20; batch++) {
        await client.send(
          new PutLogEventsCommand({
            logGroupName: '/slow',
            logStreamName: 's',
            logEvents: Array.from({ length: 1000 }, (_, i) => ({
              timestamp: Date.now(),
              message: `${batch}-${i} ${line}`,
            })),
          }),
        );
      }
      let received = 0;
      let sampled = false;
      const until = Date.now() + 10_000;
      while (Date.now() < until) {
        const next = await events.next();
        const update = next.value?.sessionUpdate;
        if (!update) continue;
        received += update.sessionResults?.length ?? 0;
        sampled ||= update.sessionMetadata?.sampled === true;
        if ((update.sessionResults?.length ?? 0) === 0) break; // caught up: an idle update
      }
      await events.return?.();
      assert.ok(received < 20_000, `some lines were dropped (${received} arrived)`);
      assert.ok(sampled, 'an update said sampled');
    } finally {
      client.destroy();
      await endpoint.close();
      rmSync(home, { recursive: true, force: true });
    }
  });

  test('followLogs waits for a reader that is not ready: it is handed nothing meanwhile, and the session samples instead', async () => {
    const home = mkdtempSync(join(tmpdir(), 'll-tail-'));
    const endpoint = await startLocalEndpoint({ home, port: 0, liveTailBacklogEvents: 100 });
    const client = new CloudWatchLogsClient({
      endpoint: endpoint.url,
      region: 'us-east-1',
      credentials: endpoint.credentials,
      maxAttempts: 1,
      disableHostPrefix: true,
    });
    const stop = new AbortController();
    try {
      await client.send(new CreateLogGroupCommand({ logGroupName: '/held' }));
      await client.send(new CreateLogStreamCommand({ logGroupName: '/held', logStreamName: 's' }));
      let calls = 0;
      let received = 0;
      let release: () => void = () => {};
      const ready = new Promise<void>((resolve) => {
        release = resolve;
      });
      const notices: string[] = [];
      const modes: FollowMode[] = [];
      const following = followLogs({
        logs: client,
        logGroupName: '/held',
        signal: stop.signal,
        onMode: (m) => modes.push(m),
        onNotice: (text) => notices.push(text),
        // The first batch is taken and then the reader is busy (a full pipe) until released.
        onLines: (lines) => {
          calls++;
          received += lines.length;
          return calls === 1 ? ready : undefined;
        },
      });
      await waitFor(
        'the session',
        async () => (modes.some((m) => m.kind === 'live-tail') ? true : undefined),
        5000,
      );
      const line = 'x'.repeat(990);
      for (let batch = 0; batch < 20; batch++) {
        await client.send(
          new PutLogEventsCommand({
            logGroupName: '/held',
            logStreamName: 's',
            logEvents: Array.from({ length: 1000 }, (_, i) => ({
              timestamp: Date.now(),
              message: `${batch}-${i} ${line}`,
            })),
          }),
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
      assert.equal(calls, 1, 'nothing more was handed to the busy reader');
      release();
      await waitFor(
        'the rest',
        async () => (notices.some((n) => n.includes('sampled')) ? true : undefined),
        10_000,
      );
      stop.abort();
      await following;
      assert.ok(
        received < 20_000,
        `the session dropped lines rather than the follow holding them (${received} arrived)`,
      );
    } finally {
      stop.abort();
      client.destroy();
      await endpoint.close();
      rmSync(home, { recursive: true, force: true });
    }
  });

  test('followLogs starts a session that ended again, and shows the lines of the gap once each', async () => {
    const home = mkdtempSync(join(tmpdir(), 'll-tail-'));
    const endpoint = await startLocalEndpoint({ home, port: 0, liveTailMaxMs: 700 });
    const client = new CloudWatchLogsClient({
      endpoint: endpoint.url,
      region: 'us-east-1',
      credentials: endpoint.credentials,
      maxAttempts: 1,
      disableHostPrefix: true,
    });
    const stop = new AbortController();
    try {
      await client.send(new CreateLogGroupCommand({ logGroupName: '/restarts' }));
      await client.send(
        new CreateLogStreamCommand({ logGroupName: '/restarts', logStreamName: 's' }),
      );
      await client.send(
        new PutLogEventsCommand({
          logGroupName: '/restarts',
          logStreamName: 's',
          logEvents: [{ timestamp: Date.now() - 500, message: 'before the follow' }],
        }),
      );
      const seen: LogLine[] = [];
      const modes: FollowMode[] = [];
      const following = followLogs({
        logs: client,
        logGroupName: '/restarts',
        signal: stop.signal,
        onLines: (lines) => seen.push(...lines),
        onMode: (m) => modes.push(m),
      });
      await waitFor(
        'the session',
        async () => (modes.some((m) => m.kind === 'live-tail') ? true : undefined),
        5000,
      );
      // Lines keep coming for four seconds: sessions end every 0.7 s, each followed by a 1 s pause.
      const sent: string[] = [];
      for (let i = 0; i < 80; i++) {
        const message = `line ${i}`;
        await client.send(
          new PutLogEventsCommand({
            logGroupName: '/restarts',
            logStreamName: 's',
            logEvents: [{ timestamp: Date.now(), message }],
          }),
        );
        sent.push(message);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      await waitFor(
        'every line',
        async () => (seen.length >= sent.length ? true : undefined),
        10_000,
      );
      await new Promise((resolve) => setTimeout(resolve, 2500)); // one more restart goes by
      stop.abort();
      await following;
      assert.ok(
        modes.filter((m) => m.kind === 'live-tail').length >= 3,
        'the session was started again',
      );
      assert.deepEqual(
        seen.map((l) => l.message),
        sent,
        'each line once, in order, none from before the follow',
      );
    } finally {
      stop.abort();
      client.destroy();
      await endpoint.close();
      rmSync(home, { recursive: true, force: true });
    }
  });

  test('a caller that goes away ends its session; the endpoint goes on', async () => {
    const session = await tail({ logGroupIdentifiers: [ARN('/live/filters')] });
    session.stop();
    await session.ended;
    await put('/live/filters', 's', ['after the caller left']);
    const again = await tail({ logGroupIdentifiers: [ARN('/live/filters')] });
    again.stop();
  });
});
