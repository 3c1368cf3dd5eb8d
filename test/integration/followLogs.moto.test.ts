// followLogs against moto_server, which has no Live Tail: the follow says it falls back to
// FilterLogEvents polling, and events written late (PutLogEvents with timestamps older than lines
// already shown) are shown once each, none dropped. Skips, with the reason, without moto_server.
import { after, before, test, type TestContext } from 'node:test';
import * as assert from 'node:assert/strict';
import {
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  PutLogEventsCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { forgetClients, logsClientFor, type ConnectionTarget } from '../../src/cloud/clients';
import { followLogs, type FollowMode, type LogLine } from '../../src/cloud/logs/followLogs';
import { MOTO_CREDENTIALS, startMotoServer, type MotoServer } from './moto';
import { waitFor } from './invokeKit';

let moto: MotoServer | undefined;
let skipReason = '';
let target: ConnectionTarget;

before(async () => {
  const started = await startMotoServer();
  if ('skip' in started) {
    skipReason = started.skip;
    return;
  }
  moto = started;
  target = {
    id: 'moto-follow',
    kind: 'endpoint',
    region: 'us-east-1',
    endpoint: moto.url,
    credentials: { ...MOTO_CREDENTIALS },
  };
});

after(async () => {
  forgetClients('moto-follow');
  await moto?.close();
});

test('without Live Tail the follow polls, and late events are shown once each, none dropped', async (t: TestContext) => {
  if (!moto) return t.skip(skipReason);
  const logs = logsClientFor(target);
  const group = '/aws/lambda/late';
  await logs.send(new CreateLogGroupCommand({ logGroupName: group }));
  for (const stream of ['a', 'b'])
    await logs.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: stream }));
  const put = (stream: string, timestamp: number, message: string) =>
    logs.send(
      new PutLogEventsCommand({
        logGroupName: group,
        logStreamName: stream,
        logEvents: [{ timestamp, message }],
      }),
    );

  await put('a', Date.now() - 1000, 'before the follow');
  await new Promise((resolve) => setTimeout(resolve, 1100)); // ingested well before the follow begins
  const stop = new AbortController();
  const seen: LogLine[] = [];
  const modes: FollowMode[] = [];
  const following = followLogs({
    logs,
    logGroupName: group,
    signal: stop.signal,
    pollIntervalMs: 200,
    lagMs: 60_000,
    onLines: (lines) => seen.push(...lines),
    onMode: (m) => modes.push(m),
  });
  try {
    await waitFor(
      'the polling mode',
      async () => (modes.some((m) => m.kind === 'polling') ? true : undefined),
      15_000,
    );
    const polling = modes.find((m) => m.kind === 'polling') as Extract<
      FollowMode,
      { kind: 'polling' }
    >;
    assert.match(polling.reason, /Live Tail is not available/);
    const now = Date.now();
    await put('a', now, 'newest first');
    await waitFor('the first line', async () => (seen.length >= 1 ? true : undefined), 5000);
    // Written after a newer one was shown, with older timestamps: late and out of order.
    await put('b', now - 20_000, 'late by twenty seconds');
    await put('a', now - 5_000, 'late by five seconds');
    await put('b', now + 100, 'on time');
    await waitFor('all four lines', async () => (seen.length >= 4 ? true : undefined), 5000);
    // Several more polls go by: nothing may be shown again.
    await new Promise((resolve) => setTimeout(resolve, 1200));
  } finally {
    stop.abort();
    await following;
  }
  assert.deepEqual(seen.map((l) => l.message).sort(), [
    'late by five seconds',
    'late by twenty seconds',
    'newest first',
    'on time',
  ]);
  assert.ok(modes.every((m) => m.kind !== 'live-tail'));
});
