// Invoke on the local endpoint, Node.js runtime: module styles, handler styles, the context, the
// environment variables, and the errors as Lambda's Node.js runtime reports them.
import { homedir } from 'node:os';
import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { DescribeLogStreamsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { startTestEndpoint, type TestEndpoint } from './endpoint';
import { createFunction, invoke, reportIn, socketsBeyondStdio } from './invokeKit';
import { ENVIRONMENT_TAG } from '../../src/local/os/processContainment';

let t: TestEndpoint;
const LEAK = 'LAMBDA_LENS_TEST_MACHINE_ONLY';

before(async () => {
  process.env[LEAK] = 'this must not reach a function';
  t = await startTestEndpoint();
});
after(async () => {
  delete process.env[LEAK];
  await t.close();
});

test('CommonJS index.js with an async handler', async () => {
  await createFunction(t, 'cjs', {
    'index.js': 'exports.handler = async (event) => ({ got: event, kind: typeof require });\n',
  });
  const out = await invoke(t, 'cjs', { a: 1 });
  assert.equal(out.statusCode, 200);
  assert.equal(out.functionError, undefined);
  assert.deepEqual(out.body, { got: { a: 1 }, kind: 'function' });
});

test('ES module: index.mjs', async () => {
  await createFunction(t, 'esm-mjs', {
    'index.mjs':
      "export const handler = async (event) => ({ esm: typeof require === 'undefined', n: event.n });\n",
  });
  const out = await invoke(t, 'esm-mjs', { n: 2 });
  assert.equal(out.functionError, undefined, out.text);
  assert.deepEqual(out.body, { esm: true, n: 2 });
});

test('ES module: index.js with package.json "type": "module"', async () => {
  await createFunction(t, 'esm-js', {
    'package.json': JSON.stringify({ type: 'module' }),
    'index.js':
      "import { helper } from './lib.js';\nexport const handler = async () => ({ esm: typeof require === 'undefined', helper: helper() });\n",
    'lib.js': "export const helper = () => 'from lib';\n",
  });
  const out = await invoke(t, 'esm-js');
  assert.equal(out.functionError, undefined, out.text);
  assert.deepEqual(out.body, { esm: true, helper: 'from lib' });
});

test('callback handler (three parameters) answers with callback(null, result)', async () => {
  await createFunction(t, 'callback', {
    'index.js':
      "exports.handler = (event, context, callback) => { callback(null, { via: 'callback', x: event.x }); };\n",
  });
  const out = await invoke(t, 'callback', { x: 3 });
  assert.equal(out.functionError, undefined, out.text);
  assert.deepEqual(out.body, { via: 'callback', x: 3 });
});

test('a synchronous handler that returns nothing and never calls back answers null', async () => {
  await createFunction(t, 'sync-undefined', {
    'index.js': 'exports.handler = (event, context, callback) => {};\n',
  });
  const out = await invoke(t, 'sync-undefined');
  assert.equal(out.functionError, undefined, out.text);
  assert.equal(out.text, 'null');
});

test('handler strings with folders (src/app.handler, a/b/c.deep.handler)', async () => {
  await createFunction(
    t,
    'folder',
    { 'src/app.js': "exports.handler = async () => 'from src/app';\n" },
    { handler: 'src/app.handler' },
  );
  assert.equal((await invoke(t, 'folder')).body, 'from src/app');
  await createFunction(
    t,
    'nested',
    { 'a/b/c.js': "exports.deep = { handler: async () => 'nested property' };\n" },
    { handler: 'a/b/c.deep.handler' },
  );
  assert.equal((await invoke(t, 'nested')).body, 'nested property');
});

test('the context: functionName, memoryLimitInMB, awsRequestId (as in REPORT), remaining time, ARN', async () => {
  await createFunction(
    t,
    'ctx',
    {
      'index.js': `exports.handler = async (event, context) => ({
  functionName: context.functionName,
  functionVersion: context.functionVersion,
  memoryLimitInMB: context.memoryLimitInMB,
  awsRequestId: context.awsRequestId,
  remaining: context.getRemainingTimeInMillis(),
  invokedFunctionArn: context.invokedFunctionArn,
  logGroupName: context.logGroupName,
  logStreamName: context.logStreamName,
  waits: context.callbackWaitsForEmptyEventLoop,
});
`,
    },
    { memorySize: 256, timeout: 7 },
  );
  const out = await invoke(t, 'ctx');
  const body = out.body as Record<string, unknown>;
  assert.equal(body.functionName, 'ctx');
  assert.equal(body.functionVersion, '$LATEST');
  assert.equal(body.memoryLimitInMB, '256'); // a string, as in Lambda's Node.js runtime
  assert.equal(body.awsRequestId, reportIn(out.log).requestId);
  assert.ok(
    typeof body.remaining === 'number' && body.remaining > 0 && body.remaining <= 7000,
    `remaining ${String(body.remaining)}`,
  );
  assert.equal(body.invokedFunctionArn, 'arn:aws:lambda:us-east-1:123456789012:function:ctx');
  assert.equal(body.logGroupName, '/aws/lambda/ctx');
  assert.match(String(body.logStreamName), /^\d{4}\/\d{2}\/\d{2}\/\[\$LATEST\][0-9a-f]{32}$/);
  assert.equal(body.waits, true);
});

test('callbackWaitsForEmptyEventLoop true: a pending timer delays the response', async () => {
  await createFunction(t, 'waits', {
    'index.js':
      "exports.handler = (event, context, callback) => { setTimeout(() => console.log('timer fired'), 1500); callback(null, 'done'); };\n",
  });
  const out = await invoke(t, 'waits');
  assert.equal(out.body, 'done');
  const report = reportIn(out.log);
  assert.ok(
    report.durationMs >= 1400,
    `Duration ${report.durationMs} ms should include the 1.5 s timer`,
  );
  const lines = out.log.split('\n');
  const fired = lines.findIndex((l) => l.endsWith('\tINFO\ttimer fired'));
  assert.ok(fired >= 0 && fired < lines.findIndex((l) => l.startsWith('END ')), out.log);
});

test('callbackWaitsForEmptyEventLoop false: the response does not wait for the timer', async () => {
  await createFunction(
    t,
    'nowait',
    {
      'index.js':
        "exports.handler = (event, context, callback) => { context.callbackWaitsForEmptyEventLoop = false; setTimeout(() => {}, 3000); callback(null, 'early'); };\n",
    },
    { timeout: 10 },
  );
  const out = await invoke(t, 'nowait');
  assert.equal(out.body, 'early');
  const report = reportIn(out.log);
  assert.ok(
    report.durationMs < 2000,
    `Duration ${report.durationMs} ms should not include the 3 s timer`,
  );
});

test("environment variables: the ones Lambda sets, the function's own, and none of the machine's", async () => {
  await createFunction(
    t,
    'env',
    {
      'index.js':
        'exports.handler = async (event, context) => ({ env: process.env, stream: context.logStreamName });\n',
    },
    { environment: { GREETING: 'hi', STAGE: 'test' }, memorySize: 512 },
  );
  const out = await invoke(t, 'env');
  const { env, stream } = out.body as { env: Record<string, string>; stream: string };
  assert.equal(env.AWS_LAMBDA_FUNCTION_NAME, 'env');
  assert.equal(env._HANDLER, 'index.handler');
  assert.ok(env.LAMBDA_TASK_ROOT && env.LAMBDA_TASK_ROOT.length > 0);
  assert.match(env.AWS_LAMBDA_RUNTIME_API ?? '', /^127\.0\.0\.1:\d+$/);
  assert.equal(env.AWS_REGION, 'us-east-1');
  assert.equal(env.AWS_DEFAULT_REGION, 'us-east-1');
  assert.equal(env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE, '512');
  assert.equal(env.AWS_LAMBDA_FUNCTION_VERSION, '$LATEST');
  assert.equal(env.AWS_LAMBDA_LOG_GROUP_NAME, '/aws/lambda/env');
  assert.equal(env.AWS_LAMBDA_LOG_STREAM_NAME, stream);
  assert.equal(env.AWS_EXECUTION_ENV, 'AWS_Lambda_nodejs20.x');
  assert.equal(env.TZ, ':UTC');
  assert.equal(env.GREETING, 'hi');
  assert.equal(env.STAGE, 'test');
  assert.equal(env[LEAK], undefined, 'a variable of the machine leaked into the function');
  // The one exception: where there is no PID namespace, the tag that finds a function's daemons (docs/LOCAL-ENDPOINT.md).
  assert.deepEqual(
    Object.keys(env).filter((name) => name.startsWith('LAMBDA_LENS_') && name !== ENVIRONMENT_TAG),
    [],
    'none of our own variables either',
  );
  assert.notEqual(
    env.HOME,
    homedir(),
    "the user's home (and its ~/.aws) must not be the function's",
  );
  // The stream named in the environment is the one the invocation logged to.
  const streams = await t.logs.send(
    new DescribeLogStreamsCommand({ logGroupName: '/aws/lambda/env' }),
  );
  assert.deepEqual(
    streams.logStreams?.map((s) => s.logStreamName),
    [env.AWS_LAMBDA_LOG_STREAM_NAME],
  );
});

test('the bootstrap talks over its channel, and AWS_LAMBDA_RUNTIME_API is still served over HTTP to the function', async () => {
  await createFunction(t, 'runtime-http', {
    'index.js': `const http = require('node:http');
exports.handler = () => new Promise((resolve, reject) => {
  http.get(\`http://\${process.env.AWS_LAMBDA_RUNTIME_API}/2018-06-01/runtime/unknown\`, (res) => {
    let text = '';
    res.on('data', (d) => { text += d; });
    res.on('end', () => resolve({ status: res.statusCode, body: JSON.parse(text) }));
  }).on('error', reject);
});
`,
  });
  const out = await invoke(t, 'runtime-http');
  assert.equal(out.functionError, undefined, out.text);
  assert.deepEqual(out.body, {
    status: 404,
    body: {
      errorMessage: 'Unknown Runtime API path GET /2018-06-01/runtime/unknown',
      errorType: 'InvalidRequest',
    },
  });
});

test("the function's own child processes do not inherit the Runtime API channel", async () => {
  await createFunction(t, 'child-fds', {
    'index.js':
      "const { execSync } = require('node:child_process');\nexports.handler = async () => execSync('ls -l /proc/self/fd').toString();\n",
  });
  const out = await invoke(t, 'child-fds');
  assert.equal(out.functionError, undefined, out.text);
  assert.deepEqual(socketsBeyondStdio(out.body), [], 'a socket beyond stdio reached the child');
});

test('a handler that throws: FunctionError Unhandled, payload {errorType, errorMessage, trace}', async () => {
  await createFunction(t, 'throws', {
    'index.js': `class ValidationError extends Error { constructor(message) { super(message); this.name = 'ValidationError'; } }
class Plain extends Error {}
exports.handler = async (event) => {
  if (event.kind === 'validation') throw new ValidationError('bad input');
  if (event.kind === 'plain') throw new Plain('subclass without a name');
  if (event.kind === 'string') throw 'just a string';
  null.boom;
};
`,
  });
  const typeError = await invoke(t, 'throws', { kind: 'type' });
  assert.equal(typeError.statusCode, 200);
  assert.equal(typeError.functionError, 'Unhandled');
  const body = typeError.body as { errorType: string; errorMessage: string; trace: string[] };
  assert.deepEqual(Object.keys(body).sort(), ['errorMessage', 'errorType', 'trace']);
  assert.equal(body.errorType, 'TypeError');
  assert.match(body.errorMessage, /Cannot read properties of null/);
  assert.ok(
    Array.isArray(body.trace) &&
      body.trace[0]!.startsWith('TypeError: Cannot read properties of null'),
    JSON.stringify(body.trace),
  );
  assert.ok(body.trace.some((l) => l.includes('index.js')));
  // The log has the error as the runtime prints it, and a REPORT with no error status.
  assert.match(
    typeError.log,
    /\tERROR\tInvoke Error \t\{"errorType":"TypeError","errorMessage":"Cannot read properties of null/,
  );
  assert.equal(reportIn(typeError.log).status, undefined);

  const validation = await invoke(t, 'throws', { kind: 'validation' });
  assert.deepEqual(
    { ...(validation.body as object), trace: undefined },
    { errorType: 'ValidationError', errorMessage: 'bad input', trace: undefined },
  );
  // Lambda uses error.name: a subclass that does not set it is an "Error".
  const plain = await invoke(t, 'throws', { kind: 'plain' });
  assert.equal((plain.body as { errorType: string }).errorType, 'Error');
  const thrownString = await invoke(t, 'throws', { kind: 'string' });
  assert.deepEqual(thrownString.body, {
    errorType: 'string',
    errorMessage: 'just a string',
    trace: [],
  });
});

test('callback(error) and context.fail report the error too', async () => {
  await createFunction(t, 'callback-error', {
    'index.js':
      "exports.handler = (event, context, callback) => { if (event.fail) context.fail(new RangeError('via fail')); else callback(new Error('via callback')); };\n",
  });
  const viaCallback = await invoke(t, 'callback-error');
  assert.equal(viaCallback.functionError, 'Unhandled');
  assert.equal((viaCallback.body as { errorMessage: string }).errorMessage, 'via callback');
  const viaFail = await invoke(t, 'callback-error', { fail: true });
  assert.equal((viaFail.body as { errorType: string }).errorType, 'RangeError');
});

test('handler not found: Runtime.HandlerNotFound', async () => {
  await createFunction(t, 'no-handler', { 'index.js': 'exports.other = async () => 1;\n' });
  const out = await invoke(t, 'no-handler');
  assert.equal(out.functionError, 'Unhandled');
  const body = out.body as { errorType: string; errorMessage: string };
  assert.equal(body.errorType, 'Runtime.HandlerNotFound');
  assert.equal(body.errorMessage, 'index.handler is undefined or not exported');
  const report = reportIn(out.log);
  assert.equal(report.status, 'error');
  assert.equal(report.errorType, 'Runtime.HandlerNotFound');
});

test('module not found: Runtime.ImportModuleError, for the handler file and for a missing require', async () => {
  await createFunction(t, 'no-file', { 'other.js': 'exports.handler = async () => 1;\n' });
  const noFile = await invoke(t, 'no-file');
  assert.equal(noFile.functionError, 'Unhandled');
  const noFileBody = noFile.body as { errorType: string; errorMessage: string };
  assert.equal(noFileBody.errorType, 'Runtime.ImportModuleError');
  assert.match(noFileBody.errorMessage, /^Error: Cannot find module 'index'\nRequire stack:\n- /);

  await createFunction(t, 'missing-dep', {
    'index.js': "const x = require('left-pad-not-installed');\nexports.handler = async () => x;\n",
  });
  const missing = await invoke(t, 'missing-dep');
  const missingBody = missing.body as { errorType: string; errorMessage: string };
  assert.equal(missingBody.errorType, 'Runtime.ImportModuleError');
  assert.match(
    missingBody.errorMessage,
    /^Error: Cannot find module 'left-pad-not-installed'\nRequire stack:\n- .*index\.js/,
  );
  assert.match(
    missing.log,
    /INIT_REPORT Init Duration: [\d.]+ ms\tPhase: init\tStatus: error\tError Type: Runtime.ImportModuleError/,
  );
});

test('syntax error: Runtime.UserCodeSyntaxError', async () => {
  await createFunction(t, 'syntax', {
    'index.js': 'exports.handler = async () => { return (1 + ; };\n',
  });
  const out = await invoke(t, 'syntax');
  assert.equal(out.functionError, 'Unhandled');
  const body = out.body as { errorType: string; errorMessage: string };
  assert.equal(body.errorType, 'Runtime.UserCodeSyntaxError');
  assert.match(body.errorMessage, /^SyntaxError: Unexpected token/);
});

test('an error thrown while the module loads is reported as that error', async () => {
  await createFunction(t, 'init-throws', { 'index.js': "throw new Error('no config');\n" });
  const out = await invoke(t, 'init-throws');
  assert.equal(out.functionError, 'Unhandled');
  const body = out.body as { errorType: string; errorMessage: string };
  assert.equal(body.errorType, 'Error');
  assert.equal(body.errorMessage, 'no config');
});

test('a response JSON.stringify cannot serialise (BigInt, circular) is an error, and the environment serves again', async () => {
  await createFunction(t, 'malformed', {
    'index.js':
      "exports.handler = async (event) => { if (event.ok) return 'fine'; if (event.big) return { n: 10n }; const o = {}; o.self = o; return o; };\n",
  });
  for (const event of [{ big: true }, { circular: true }]) {
    const out = await invoke(t, 'malformed', event);
    assert.equal(out.functionError, 'Unhandled');
    const body = out.body as { errorType: string; errorMessage: string };
    assert.equal(body.errorType, 'Error');
    assert.equal(body.errorMessage, 'Unable to stringify response body');
  }
  const ok = await invoke(t, 'malformed', { ok: true });
  assert.equal(ok.body, 'fine');
  assert.equal(
    reportIn(ok.log).initDurationMs,
    undefined,
    'the environment stays warm after a serialisation error',
  );
});

test('process.exit inside the handler: Runtime.ExitError, and the next invoke starts cold', async () => {
  await createFunction(t, 'exits', {
    'index.js':
      "exports.handler = async (event) => { if (event.exit) process.exit(3); return 'alive'; };\n",
  });
  const out = await invoke(t, 'exits', { exit: true });
  assert.equal(out.functionError, 'Unhandled');
  const body = out.body as { errorType: string; errorMessage: string };
  assert.equal(body.errorType, 'Runtime.ExitError');
  assert.match(body.errorMessage, /Runtime exited with error: exit status 3/);
  assert.equal(reportIn(out.log).errorType, 'Runtime.ExitError');
  const next = await invoke(t, 'exits');
  assert.equal(next.body, 'alive');
  assert.notEqual(reportIn(next.log).initDurationMs, undefined);
});

test('an unhandled promise rejection fails the invocation with Runtime.UnhandledPromiseRejection', async () => {
  await createFunction(t, 'rejects', {
    'index.js':
      "exports.handler = async () => { Promise.reject(new Error('forgotten')); await new Promise((r) => setTimeout(r, 200)); return 'late'; };\n",
  });
  const out = await invoke(t, 'rejects');
  assert.equal(out.functionError, 'Unhandled');
  const body = out.body as { errorType: string; errorMessage: string };
  assert.equal(body.errorType, 'Runtime.UnhandledPromiseRejection');
  assert.match(body.errorMessage, /forgotten/);
});

test("each invocation's _X_AMZN_TRACE_ID has X-Ray's shape and is its own", async () => {
  await createFunction(t, 'trace-ids', {
    'index.js': 'exports.handler = async () => process.env._X_AMZN_TRACE_ID;\n',
  });
  // Enough invocations to draw the random digits past one pool of random bytes (traceIds.ts).
  const seen = new Set<string>();
  for (let i = 0; i < 250; i++) {
    const out = await invoke(t, 'trace-ids');
    const id = out.body as string;
    assert.match(id, /^Root=1-[0-9a-f]{8}-[0-9a-f]{24};Parent=[0-9a-f]{16};Sampled=0$/);
    const seconds = parseInt(id.slice(7, 15), 16);
    assert.ok(Math.abs(seconds - Date.now() / 1000) < 60, id);
    seen.add(id.slice(16));
  }
  assert.equal(seen.size, 250);
});
