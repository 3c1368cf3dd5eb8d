// Invoke on the local endpoint, logs: START/END/REPORT in Lambda's exact format, in the tail
// (LogType Tail) and in CloudWatch Logs (/aws/lambda/NAME), the 4 KB tail, the JSON log format,
// and multi-line messages as one event.
import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { DescribeLogStreamsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { CreateFunctionCommand, GetFunctionConfigurationCommand } from '@aws-sdk/client-lambda';
import { ROLE, startTestEndpoint, zipOf, type TestEndpoint } from './endpoint';
import {
  createFunction,
  filterEvents,
  invoke,
  parseReport,
  REPORT_LINE,
  reportIn,
  waitFor,
} from './invokeKit';

let t: TestEndpoint;
before(async () => {
  t = await startTestEndpoint();
});
after(async () => {
  await t.close();
});

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const ISO = '\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z';

test("text format: the function's output between START and END, then REPORT, in the tail and in CloudWatch Logs", async () => {
  await createFunction(t, 'text', {
    'index.js':
      "exports.handler = async (event, context) => { console.log('hello', 42); console.warn('careful'); console.error('bad', { a: 1 }); return context.logStreamName; };\n",
  });
  const out = await invoke(t, 'text');
  const stream = out.body as string;
  const lines = out.log.split('\n');
  assert.equal(lines.pop(), '', 'the tail ends with a newline');
  const { requestId } = reportIn(out.log);
  assert.match(requestId, new RegExp(`^${UUID}$`));
  assert.equal(lines[0], `START RequestId: ${requestId} Version: $LATEST`);
  assert.match(lines[1]!, new RegExp(`^${ISO}\\t${requestId}\\tINFO\\thello 42$`));
  assert.match(lines[2]!, new RegExp(`^${ISO}\\t${requestId}\\tWARN\\tcareful$`));
  assert.match(lines[3]!, new RegExp(`^${ISO}\\t${requestId}\\tERROR\\tbad { a: 1 }$`));
  assert.equal(lines[4], `END RequestId: ${requestId}`);
  assert.match(lines[5]!, REPORT_LINE);
  assert.ok(lines[5]!.endsWith('\t'), 'REPORT ends with a tab');
  assert.equal(lines.length, 6);

  // The same events in the environment's stream of /aws/lambda/text.
  const streams = await t.logs.send(
    new DescribeLogStreamsCommand({ logGroupName: '/aws/lambda/text' }),
  );
  assert.deepEqual(
    streams.logStreams?.map((s) => s.logStreamName),
    [stream],
  );
  const events = await filterEvents(t, 'text');
  assert.deepEqual(
    events.map((e) => e.message),
    lines,
  );
  assert.ok(events.every((e) => e.logStreamName === stream));

  const reports = await filterEvents(t, 'text', 'REPORT');
  assert.equal(reports.length, 1);
  assert.equal(reports[0]!.message, lines[5]);
  assert.equal(parseReport(reports[0]!.message!).requestId, requestId);
});

test('FilterLogEvents with pattern REPORT finds one REPORT per invocation', async () => {
  await createFunction(t, 'reports', { 'index.js': "exports.handler = async () => 'ok';\n" });
  const ids: string[] = [];
  for (let i = 0; i < 3; i++) ids.push(reportIn((await invoke(t, 'reports')).log).requestId);
  const reports = await filterEvents(t, 'reports', 'REPORT');
  assert.deepEqual(
    reports.map((e) => parseReport(e.message!).requestId),
    ids,
  );
  assert.equal(
    reports.filter((e) => parseReport(e.message!).initDurationMs !== undefined).length,
    1,
  );
});

test('the tail is at most 4 KB: the last 4 KB when the function prints a lot', async () => {
  await createFunction(t, 'chatty', {
    'index.js':
      "exports.handler = async () => { for (let i = 0; i < 200; i++) console.log('line ' + String(i).padStart(3, '0') + ' ' + 'x'.repeat(60)); return 'done'; };\n",
  });
  const out = await invoke(t, 'chatty');
  const bytes = Buffer.byteLength(out.log);
  assert.ok(bytes <= 4096 && bytes > 3000, `tail of ${bytes} bytes`);
  assert.ok(!out.log.includes('START RequestId'), 'the beginning is cut');
  assert.ok(out.log.includes('line 199 '), 'the last lines are kept');
  assert.match(out.log.split('\n').at(-2)!, REPORT_LINE);
  // CloudWatch Logs has everything.
  const events = await filterEvents(t, 'chatty');
  assert.equal(events.filter((e) => /\tINFO\tline \d{3} /.test(e.message ?? '')).length, 200);
});

test('console.log waits while the endpoint is not reading, rather than failing the function (stdout made non-blocking by the function)', async () => {
  // process.stdout.write turns the shared pipe non-blocking; console.log's writes must then wait out a full pipe.
  await createFunction(t, 'full-pipe', {
    'index.js':
      "exports.handler = async ({ lines }) => { process.stdout.write('stdout in use\\n'); for (let i = 0; i < lines; i++) console.log('pipe line ' + i + ' ' + 'x'.repeat(60)); return lines; };\n",
  });
  await invoke(t, 'full-pipe', { lines: 0 });
  const running = invoke(t, 'full-pipe', { lines: 20_000 }, { tail: false });
  await new Promise((resolve) => setTimeout(resolve, 300));
  // The endpoint shares this thread: held here, it reads nothing while the function writes 1.4 MB.
  for (const until = Date.now() + 1500; Date.now() < until;);
  const out = await running;
  assert.equal(out.functionError, undefined, JSON.stringify(out.body));
  assert.equal(out.body, 20_000);
  const stored = await waitFor('every line stored', async () => {
    const events = (await filterEvents(t, 'full-pipe')).filter((e) =>
      e.message?.includes('\tpipe line '),
    );
    return events.length >= 20_000 ? events : undefined;
  });
  assert.equal(stored.length, 20_000, 'each line once');
  assert.ok(
    stored.every((e, i) => e.message!.includes(`\tpipe line ${i} x`)),
    'whole and in order',
  );
});

test('a multi-line console.log is one log event', async () => {
  await createFunction(t, 'multiline', {
    'index.js':
      "exports.handler = async () => { console.log('first\\nsecond\\nthird'); console.log({ nested: { deep: [1, 2, 3] }, text: 'x' }); return 1; };\n",
  });
  const out = await invoke(t, 'multiline');
  const { requestId } = reportIn(out.log);
  const events = await filterEvents(t, 'multiline');
  const messages = events.map((e) => e.message ?? '');
  const multi = messages.filter((m) => m.includes('\tINFO\t'));
  assert.equal(multi.length, 2, JSON.stringify(messages));
  assert.match(multi[0]!, new RegExp(`^${ISO}\\t${requestId}\\tINFO\\tfirst\\nsecond\\nthird$`));
  assert.equal(messages.length, 5); // START, two messages, END, REPORT
});

test('LogFormat JSON: platform records with metrics, and console.log as {timestamp, level, requestId, message}', async () => {
  await createFunction(
    t,
    'json-logs',
    {
      'index.js':
        "exports.handler = async () => { console.log('plain text'); console.info({ order: 7 }); console.warn('two', 'parts'); return 'ok'; };\n",
    },
    { logFormat: 'JSON', memorySize: 256 },
  );
  const first = await invoke(t, 'json-logs');
  const second = await invoke(t, 'json-logs');
  const events = await waitFor('both invocations in the log', async () => {
    const found = await filterEvents(t, 'json-logs');
    return found.filter((e) => e.message?.includes('"platform.report"')).length === 2
      ? found
      : undefined;
  });
  const records = events.map((e) => JSON.parse(e.message!) as Record<string, unknown>);
  const starts = records.filter((r) => r.type === 'platform.start');
  const reports = records.filter((r) => r.type === 'platform.report') as Array<{
    time: string;
    record: { requestId: string; status: string; metrics: Record<string, number> };
  }>;
  assert.equal(starts.length, 2);
  assert.equal(reports.length, 2);
  const [cold, warm] = reports;
  assert.match(cold!.time, new RegExp(`^${ISO}$`));
  assert.equal(cold!.record.status, 'success');
  assert.deepEqual(Object.keys(cold!.record.metrics).sort(), [
    'billedDurationMs',
    'durationMs',
    'initDurationMs',
    'maxMemoryUsedMB',
    'memorySizeMB',
  ]);
  assert.deepEqual(Object.keys(warm!.record.metrics).sort(), [
    'billedDurationMs',
    'durationMs',
    'maxMemoryUsedMB',
    'memorySizeMB',
  ]);
  assert.equal(cold!.record.metrics.memorySizeMB, 256);
  assert.equal(
    cold!.record.metrics.billedDurationMs,
    Math.ceil(
      (Math.round(cold!.record.metrics.durationMs! * 100) +
        Math.round(cold!.record.metrics.initDurationMs! * 100)) /
        100,
    ),
  );
  assert.deepEqual((starts[0] as { record: unknown }).record, {
    requestId: cold!.record.requestId,
    version: '$LATEST',
  });

  const app = records.filter((r) => r.level !== undefined);
  assert.equal(app.length, 6);
  const [plain, object, two] = app;
  assert.deepEqual(Object.keys(plain!), ['timestamp', 'level', 'requestId', 'message']);
  assert.match(String(plain!.timestamp), new RegExp(`^${ISO}$`));
  assert.deepEqual(
    { ...plain, timestamp: undefined },
    {
      timestamp: undefined,
      level: 'INFO',
      requestId: cold!.record.requestId,
      message: 'plain text',
    },
  );
  assert.deepEqual(object!.message, { order: 7 }, 'a single object stays an object');
  assert.deepEqual(
    { level: two!.level, message: two!.message },
    { level: 'WARN', message: 'two parts' },
  );
  // The tail of a JSON-format function carries the same records.
  assert.ok(first.log.split('\n').some((l) => l.includes('"type":"platform.report"')));
  assert.ok(second.log.includes('"message":"plain text"'));
});

test('LogFormat JSON: a thrown error is logged as one JSON record, the error as its message', async () => {
  await createFunction(
    t,
    'json-error',
    { 'index.js': "exports.handler = async () => { throw new RangeError('out of range'); };\n" },
    { logFormat: 'JSON' },
  );
  const out = await invoke(t, 'json-error');
  assert.equal(out.functionError, 'Unhandled');
  const events = await filterEvents(t, 'json-error');
  const logged = events
    .map((e) => JSON.parse(e.message!) as Record<string, unknown>)
    .find((r) => r.level === 'ERROR');
  assert.ok(logged, JSON.stringify(events));
  const error = logged.message as { errorType: string; errorMessage: string; stackTrace: string[] };
  assert.equal(error.errorType, 'RangeError');
  assert.equal(error.errorMessage, 'out of range');
  assert.ok(Array.isArray(error.stackTrace) && error.stackTrace[0] === 'RangeError: out of range');
});

test('output after the response (a timer) still reaches the stream, outside the invocation', async () => {
  await createFunction(t, 'after-response', {
    'index.js':
      "exports.handler = (event, context, callback) => { context.callbackWaitsForEmptyEventLoop = false; setTimeout(() => console.log('later'), 300); callback(null, 'now'); };\n",
  });
  const out = await invoke(t, 'after-response');
  assert.equal(out.body, 'now');
  assert.ok(!out.log.includes('later'));
  await waitFor('the late line', async () =>
    (await filterEvents(t, 'after-response')).some((e) => e.message?.endsWith('\tINFO\tlater'))
      ? true
      : undefined,
  );
});

test("ApplicationLogLevel (JSON format) drops the function's records below the level", async () => {
  const code =
    "exports.handler = async () => { console.debug('debug line'); console.info('info line'); console.warn('warn line'); console.error('error line'); return 1; };\n";
  await createFunction(
    t,
    'log-level',
    { 'index.js': code },
    { logFormat: 'JSON', applicationLogLevel: 'WARN' },
  );
  const { log } = await invoke(t, 'log-level', {}, { tail: true });
  assert.doesNotMatch(log, /debug line|info line/);
  assert.match(log, /"level":"WARN".*"message":"warn line"/);
  assert.match(log, /"level":"ERROR".*"message":"error line"/);
  const config = await t.lambda.send(
    new GetFunctionConfigurationCommand({ FunctionName: 'log-level' }),
  );
  assert.deepEqual(config.LoggingConfig, {
    LogFormat: 'JSON',
    LogGroup: '/aws/lambda/log-level',
    ApplicationLogLevel: 'WARN',
    SystemLogLevel: 'INFO',
  });
});

test('a log level with the Text format is refused as AWS refuses it', async () => {
  await assert.rejects(
    t.lambda.send(
      new CreateFunctionCommand({
        FunctionName: 'text-level',
        Role: ROLE,
        Runtime: 'nodejs20.x',
        Handler: 'index.handler',
        Code: { ZipFile: zipOf({ 'index.js': 'exports.handler = async () => 1;' }) },
        LoggingConfig: { LogFormat: 'Text', ApplicationLogLevel: 'WARN' },
      }),
    ),
    (error: Error) =>
      error.name === 'InvalidParameterValueException' &&
      /LogLevel is not supported when LogFormat is set to "Text"/.test(error.message),
  );
});
