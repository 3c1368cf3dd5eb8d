// `lambda-lens logs` (and the explorer's log stream document) against a CloudWatch Logs endpoint
// whose answers are hostile: a server's answer is untrusted like any input. Times no clock can
// show, numbers and objects where text belongs (the SDK passes them through), bidirectional
// controls that would make a line read other than it is: each line is printed, shown for what it
// is, and the command ends 0.
import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { streamEvents } from '../../src/cloud/functions';
import { eventLine, TimeText } from '../../src/core/logs/documentLine';
import { cliAgainst, startHostileServer, type HostileServer } from './hostileServer';

const REQUEST_ID = '8f5b6a3e-2c1d-4e0f-9a7b-1c2d3e4f5a6b';

const EVENTS = [
  {
    logStreamName: 's',
    timestamp: 1e300,
    message: `START RequestId: ${REQUEST_ID} Version: $LATEST\n`,
  },
  {
    logStreamName: 's',
    timestamp: -9e15,
    message: `${REQUEST_ID}\tINFO\tbefore the end of time\n`,
  },
  // U+202E turns the rest of the line around in a terminal that does bidi: "exe.txt" reads "txt.exe".
  {
    logStreamName: 'stream\u202e',
    timestamp: 1_700_000_000_000,
    message: `${REQUEST_ID}\tINFO\tinvoice\u202etxt.exe\u2066\u2028next\n`,
  },
  { logStreamName: 42, timestamp: '17', message: { not: 'text' } },
  { logStreamName: null, timestamp: null, message: 123 },
];

let server: HostileServer;
let url: string;

before(async () => {
  server = await startHostileServer((req) => {
    const target = String(req.headers['x-amz-target'] ?? '');
    const events = EVENTS.map((e, i) => ({ ...e, eventId: i, ingestionTime: Date.now() }));
    return target.endsWith('.FilterLogEvents') || target.endsWith('.GetLogEvents')
      ? { events }
      : {};
  });
  url = server.url;
});

after(() => server.close());

const cli = (...args: string[]) => cliAgainst(url, ['logs', ...args]);
/** With `untilOutput`, stopped by SIGINT once stdout shows it. */
const run = (args: string[], untilOutput?: RegExp) =>
  cliAgainst(url, ['logs', ...args], { untilOutput });

test('logs: times no clock can show are printed as such, not a crash', async () => {
  for (const args of [[], ['--request-id', REQUEST_ID]]) {
    const out = await cli('fn', ...args);
    assert.equal(out.code, 0, out.stderr);
    assert.match(out.stdout, /before the end of time/);
    assert.match(out.stdout, /invoice/);
    assert.match(out.stdout, /\{"not":"text"\}/);
    assert.match(out.stdout, / 42 \{"not":"text"\}/);
  }
});

test('logs --follow --poll: the same answers are followed, each line shown, until Ctrl-C', async () => {
  const out = await run(['fn', '--follow', '--poll'], /123/);
  assert.equal(out.code, 0, out.stderr);
  assert.match(out.stdout, /before the end of time/);
  assert.match(out.stdout, /\{"not":"text"\}/);
});

test("the explorer's log stream document: the same answers, as the log document shows lines", async () => {
  const logs = new CloudWatchLogsClient({
    endpoint: url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
  });
  try {
    const events = await streamEvents(logs, '/aws/lambda/fn', 's');
    const times = new TimeText();
    const text = events.map((e) => eventLine(times, e)).join('\n');
    assert.match(text, /before the end of time/);
    assert.match(text, /invoice\\u202etxt\.exe\\u2066\\u2028next/);
    assert.match(text, /\{"not":"text"\}/);
    assert.match(text, /Z 123$/m);
  } finally {
    logs.destroy();
  }
});

test('logs: bidirectional controls and line separators are shown as escapes, in text and JSON', async () => {
  for (const args of [[], ['--json']]) {
    const out = await cli('fn', ...args);
    assert.equal(out.code, 0, out.stderr);
    assert.doesNotMatch(out.stdout, /[\u202a-\u202e\u2066-\u2069\u2028\u2029]/, args.join(' '));
    assert.match(out.stdout, /invoice\\u202etxt\.exe/);
  }
});
