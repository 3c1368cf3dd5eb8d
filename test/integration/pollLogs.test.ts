// Following a log group by polling FilterLogEvents (where Live Tail is not to be had), against the
// local endpoint's real CloudWatch Logs API.
import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import {
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  PutLogEventsCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { pollLogs } from '../../src/cloud/logs/pollLogs';
import { startTestEndpoint, type TestEndpoint } from './endpoint';

let t: TestEndpoint;
before(async () => {
  t = await startTestEndpoint();
});
after(() => t?.close());

test('stopped while its reader is busy, a poll ends at once rather than after its interval', async () => {
  await t.logs.send(new CreateLogGroupCommand({ logGroupName: '/busy-reader' }));
  await t.logs.send(
    new CreateLogStreamCommand({ logGroupName: '/busy-reader', logStreamName: 's' }),
  );
  await t.logs.send(
    new PutLogEventsCommand({
      logGroupName: '/busy-reader',
      logStreamName: 's',
      logEvents: [{ timestamp: Date.now(), message: 'hello' }],
    }),
  );
  const stop = new AbortController();
  let stoppedAt = 0;
  await pollLogs({
    logs: t.logs,
    logGroupName: '/busy-reader',
    startTime: Date.now() - 60_000,
    intervalMs: 5_000,
    signal: stop.signal,
    // The reader takes the line and stays busy (a full pipe); the user stops meanwhile.
    onLines: () => {
      setTimeout(() => {
        stoppedAt = performance.now();
        stop.abort();
      }, 50);
      return new Promise(() => {});
    },
  });
  const took = performance.now() - stoppedAt;
  assert.ok(stoppedAt > 0, 'the reader was handed the line');
  assert.ok(took < 1_000, `the poll ended ${took.toFixed(0)} ms after it was stopped`);
});
