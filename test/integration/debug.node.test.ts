// Debug invocations of Node.js functions on the local endpoint, with a real debugger: a Chrome
// DevTools Protocol client (what js-debug and Chrome DevTools speak) on the inspector the runtime
// opens. A breakpoint in the handler stops with the event in scope; resuming answers the Invoke;
// the function's timeout does not fire while paused; init code can be debugged (a fresh environment);
// and the invocation is left out of every statistic.
import { get } from 'node:http';
import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { DescribeLogStreamsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { GetFunctionConfigurationCommand, InvokeCommand } from '@aws-sdk/client-lambda';
import { startTestEndpoint, type TestEndpoint } from './endpoint';
import { createFunction, filterEvents, invoke, sleep, waitFor } from './invokeKit';
import { freePort, InspectorClient, inspectorUrl, listening } from './debugKit';
import { invokeFunction } from '../../src/cloud/invoke';
import { fetchReportData } from '../../src/cloud/reportData';
import { summarizeInvoke, type InvokeSummary } from '../../src/core/invoke/invokeResult';
import { isPlatformEventId } from '../../src/core/logs/platformMark';
import { unzippedCodeFolder } from '../../src/core/localHome';

let t: TestEndpoint;
before(async () => {
  t = await startTestEndpoint();
});
after(async () => {
  await t.close();
});

const CJS = [
  "const loadedAt = 'init';",
  'exports.handler = async (event, context) => {',
  '  const doubled = event.x * 2;',
  '  return { doubled, remaining: context.getRemainingTimeInMillis() > 0 };',
  '};',
  '',
].join('\n');

const ESM = [
  "const loadedAt = 'init';",
  'export const handler = async (event) => {',
  '  const doubled = event.x * 2;',
  '  return { doubled, esm: typeof require === "undefined" };',
  '};',
  '',
].join('\n');

/** Starts a debug invoke; its summary arrives when the invocation ends. */
function debugInvoke(
  name: string,
  payload: unknown,
  port: number,
  attachWaitSeconds?: number,
): Promise<InvokeSummary> {
  return invokeFunction(t.lambda, {
    functionName: name,
    payload: Buffer.from(JSON.stringify(payload)),
    debug: { port, ...(attachWaitSeconds !== undefined ? { attachWaitSeconds } : {}) },
  }).then(summarizeInvoke);
}

/**
 * Attaches as js-debug does with continueOnAttach: breakpoints by URL first, then lets the waiting
 * runtime run, and resumes it from its pause on start (before the handler module loads).
 */
async function attach(
  port: number,
  breakpoints: { urlRegex: string; lineNumber: number }[],
): Promise<InspectorClient> {
  const client = await InspectorClient.connect(await inspectorUrl(port));
  await client.send('Runtime.enable');
  await client.send('Debugger.enable');
  for (const breakpoint of breakpoints)
    await client.send('Debugger.setBreakpointByUrl', breakpoint);
  await client.send('Runtime.runIfWaitingForDebugger');
  const start = await client.event('Debugger.paused');
  assert.equal(start.reason, 'Break on start');
  await client.send('Debugger.resume');
  return client;
}

/** Waits until the runtime pauses; returns how to evaluate in its top frame. */
async function paused(client: InspectorClient): Promise<(expression: string) => Promise<unknown>> {
  const event = await client.event('Debugger.paused');
  const frame = (event.callFrames as { callFrameId: string }[])[0]!;
  return async (expression) => {
    const { result } = (await client.send('Debugger.evaluateOnCallFrame', {
      callFrameId: frame.callFrameId,
      expression,
      returnByValue: true,
    })) as { result: { value: unknown } };
    return result.value;
  };
}

for (const [style, file, source] of [
  ['CommonJS', 'index.js', CJS],
  ['ES module', 'index.mjs', ESM],
] as const) {
  test(`${style} handler: a breakpoint stops with the event in scope, and resuming answers the Invoke`, async () => {
    const name = `debug-${file.replace('.', '-')}`;
    await createFunction(t, name, { [file]: source });
    const port = await freePort();
    const result = debugInvoke(name, { x: 21 }, port);
    const client = await attach(port, [
      { urlRegex: `${file.replace('.', '\\.')}$`, lineNumber: 3 },
    ]);
    const evaluate = await paused(client);
    assert.equal(await evaluate('event.x'), 21);
    assert.equal(
      await evaluate('doubled'),
      42,
      'stopped on the return line, after doubled was set',
    );
    await client.send('Debugger.resume');
    const out = await result;
    client.close();
    assert.equal(out.failure, undefined, out.responseText);
    assert.equal(JSON.parse(out.responseText).doubled, 42);
    assert.match(
      out.log,
      /Debugger listening on ws:\/\/127\.0\.0\.1:\d+\//,
      "the runtime's own line is in the log",
    );
    assert.doesNotMatch(out.log, /^REPORT /m, 'a debug invocation writes no REPORT line');
    assert.match(
      out.log,
      /^END RequestId: [0-9a-f-]{36}\nDEBUG RequestId: [0-9a-f-]{36}\tDuration: \d+\.\d\d ms\tInit Duration: \d+\.\d\d ms\tMemory Size: 128 MB\tMax Memory Used: \d+ MB\t$/m,
    );
    assert.equal(out.report, undefined);
    await waitFor('the inspector to close with the environment', async () =>
      (await listening(port)) ? undefined : true,
    );
  });
}

test("a source-mapped CommonJS module (a TypeScript bundle) pauses before it runs when the debugger asks (js-debug's pauseForSourceMap)", async () => {
  const map = Buffer.from(
    JSON.stringify({ version: 3, sources: ['index.ts'], names: [], mappings: 'AAAA' }),
  ).toString('base64');
  await createFunction(t, 'debug-mapped', {
    'index.js': `${CJS}//# sourceMappingURL=data:application/json;base64,${map}\n`,
  });
  const port = await freePort();
  const result = debugInvoke('debug-mapped', { x: 4 }, port);
  const client = await InspectorClient.connect(await inspectorUrl(port));
  await client.send('Runtime.enable');
  await client.send('Debugger.enable');
  await client.send('Debugger.setInstrumentationBreakpoint', {
    instrumentation: 'beforeScriptWithSourceMapExecution',
  });
  await client.send('Runtime.runIfWaitingForDebugger');
  assert.equal((await client.event('Debugger.paused')).reason, 'Break on start');
  await client.send('Debugger.resume');
  // Without it, the module would be compiled as a function, which this pause does not see: the
  // bundle would run before the debugger read its map and bound the .ts breakpoints.
  const beforeBundle = await client.event('Debugger.paused');
  assert.equal(beforeBundle.reason, 'instrumentation');
  assert.match(String((beforeBundle.data as { url?: string }).url), /\/index\.js$/);
  await client.send('Debugger.resume');
  assert.equal(JSON.parse((await result).responseText).doubled, 8);
  client.close();
});

test('init code can be debugged: a breakpoint on a top-level line stops before the handler runs', async () => {
  await createFunction(t, 'debug-init', { 'index.js': CJS });
  await invoke(t, 'debug-init', { x: 1 }); // a warm environment exists: the debug invocation must not use it
  const port = await freePort();
  const result = debugInvoke('debug-init', { x: 2 }, port);
  const client = await attach(port, [{ urlRegex: 'index\\.js$', lineNumber: 1 }]);
  assert.equal(
    await (
      await paused(client)
    )('typeof exports.handler'),
    'undefined',
    'paused in init, before the handler is exported',
  );
  await client.send('Debugger.resume');
  assert.equal(JSON.parse((await result).responseText).doubled, 4);
  client.close();
});

test('with Timeout 1, staying paused 3 s does not time out; context has time left', async () => {
  await createFunction(t, 'debug-timeout', { 'index.js': CJS }, { timeout: 1 });
  const port = await freePort();
  const result = debugInvoke('debug-timeout', { x: 5 }, port);
  const client = await attach(port, [{ urlRegex: 'index\\.js$', lineNumber: 3 }]);
  assert.equal(await (await paused(client))('event.x'), 5);
  await sleep(3_000);
  await client.send('Debugger.resume');
  const out = await result;
  client.close();
  assert.equal(out.failure, undefined, out.responseText);
  assert.deepEqual(JSON.parse(out.responseText), { doubled: 10, remaining: true });
  assert.doesNotMatch(out.log, /Task timed out/);
});

test('a debug environment retires with its invocation; the next invoke is a normal one', async () => {
  await createFunction(t, 'debug-retire', { 'index.js': CJS });
  const port = await freePort();
  const result = debugInvoke('debug-retire', { x: 1 }, port);
  const client = await attach(port, []);
  await result;
  client.close();
  const normal = await invoke(t, 'debug-retire', { x: 1 });
  assert.match(
    normal.log,
    /^REPORT RequestId: .*Init Duration: /m,
    'a cold start: the debug environment was not kept warm',
  );
  assert.doesNotMatch(normal.log, /Debugger listening/, 'the normal environment has no inspector');
  const streams = await t.logs.send(
    new DescribeLogStreamsCommand({ logGroupName: '/aws/lambda/debug-retire' }),
  );
  assert.equal(streams.logStreams?.length, 2, 'two environments, each with its own stream');
});

test('debug invocations count in no statistic: not in REPORT reads, and their DEBUG line is a platform line', async () => {
  await createFunction(t, 'debug-stats', { 'index.js': CJS });
  await invoke(t, 'debug-stats', { x: 1 });
  await invoke(t, 'debug-stats', { x: 1 });
  const port = await freePort();
  const result = debugInvoke('debug-stats', { x: 1 }, port);
  const client = await attach(port, []);
  await result;
  client.close();
  const debugLines = await waitFor('the DEBUG line', async () => {
    const found = await filterEvents(t, 'debug-stats', '"DEBUG RequestId"');
    return found.length ? found : undefined;
  });
  assert.equal(debugLines.length, 1);
  assert.ok(isPlatformEventId(debugLines[0]!.eventId), 'marked as written by the endpoint');
  const data = await fetchReportData(t.logs, 'debug-stats', { window: '1h' });
  const summary = data.stats.summary();
  assert.equal(summary.invocations, 2, 'only the two normal invocations');
  assert.equal(summary.coldStarts, 1);
});

test('JSON log format: a debug record of ours instead of platform.report', async () => {
  await createFunction(t, 'debug-json', { 'index.js': CJS }, { logFormat: 'JSON' });
  const port = await freePort();
  const result = debugInvoke('debug-json', { x: 1 }, port);
  const client = await attach(port, []);
  const out = await result;
  client.close();
  assert.doesNotMatch(out.log, /platform\.report|platform\.runtimeDone/);
  const record = out.log
    .split('\n')
    .map((line) => {
      try {
        return JSON.parse(line) as { type?: string; record?: { status?: string } };
      } catch {
        return {};
      }
    })
    .find((r) => r.type === 'lambdaLens.debugReport');
  assert.equal(record?.record?.status, 'success', out.log);
  assert.equal(
    (await fetchReportData(t.logs, 'debug-json', { window: '1h' })).stats.summary().invocations,
    0,
  );
});

test('no debugger in time: the invocation fails with a clear error and the environment is stopped', async () => {
  await createFunction(t, 'debug-nobody', { 'index.js': CJS });
  const port = await freePort();
  const began = Date.now();
  const out = await debugInvoke('debug-nobody', { x: 1 }, port, 1);
  assert.ok(Date.now() - began < 10_000);
  assert.equal(out.failure?.errorType, 'Runtime.DebuggerNotAttached', out.responseText);
  assert.match(
    out.failure!.errorMessage,
    new RegExp(`No debugger attached to 127\\.0\\.0\\.1:${port} within 1 second`),
  );
  await waitFor(
    'the inspector to close with its environment',
    async () => ((await listening(port)) ? undefined : true),
    5_000,
  );
});

test('the wait for a debugger ends when one attaches: staying paused on start past it is fine', async () => {
  await createFunction(t, 'debug-slow-start', { 'index.js': CJS });
  const port = await freePort();
  const result = debugInvoke('debug-slow-start', { x: 3 }, port, 1);
  const client = await InspectorClient.connect(await inspectorUrl(port));
  await client.send('Debugger.enable');
  await client.send('Runtime.runIfWaitingForDebugger');
  assert.equal((await client.event('Debugger.paused')).reason, 'Break on start');
  await sleep(2_000); // twice the wait for a debugger: one is attached
  await client.send('Debugger.resume');
  const out = await result;
  client.close();
  assert.equal(out.failure, undefined, out.responseText);
  assert.equal(JSON.parse(out.responseText).doubled, 6);
});

test("a function's own LAMBDA_LENS_DEBUG_PORT variable opens no debugger in a normal invoke", async () => {
  const port = await freePort();
  await createFunction(
    t,
    'debug-variable',
    {
      'index.js': "exports.handler = async () => process.env.LAMBDA_LENS_DEBUG_PORT ?? 'unset';\n",
    },
    { environment: { LAMBDA_LENS_DEBUG_PORT: String(port) } },
  );
  const out = await invoke(t, 'debug-variable');
  assert.equal(out.body, 'unset');
  assert.doesNotMatch(out.log, /Debugger listening/);
  assert.match(out.log, /^REPORT /m);
});

test('a web page cannot reach the inspector through DNS rebinding; the caller going away stops the environment', async () => {
  await createFunction(t, 'debug-abandoned', { 'index.js': CJS });
  const port = await freePort();
  const controller = new AbortController();
  const result = invokeFunction(
    t.lambda,
    { functionName: 'debug-abandoned', payload: Buffer.from('{}'), debug: { port } },
    controller.signal,
  );
  await inspectorUrl(port);
  // Node's inspector answers only requests whose Host is an IP address or localhost.
  const status = await new Promise<number | undefined>((resolve) => {
    get(
      { host: '127.0.0.1', port, path: '/json/list', headers: { host: `rebound.example:${port}` } },
      (res) => {
        res.resume();
        resolve(res.statusCode);
      },
    ).on('error', () => resolve(undefined));
  });
  assert.equal(status, 400);
  controller.abort();
  await assert.rejects(result);
  await waitFor(
    'the inspector to close',
    async () => ((await listening(port)) ? undefined : true),
    10_000,
  );
});

test('refused: a port in use, a bad port, an Event invoke, a runtime that cannot be debugged', async () => {
  await createFunction(t, 'debug-refused', { 'index.js': CJS });
  const busy = await freePort();
  const taken = (await import('node:net')).createServer().listen(busy, '127.0.0.1');
  await new Promise((r) => taken.once('listening', r));
  try {
    await assert.rejects(debugInvoke('debug-refused', {}, busy), (error: Error) => {
      assert.equal(error.name, 'InvalidParameterValueException');
      assert.match(error.message, new RegExp(`port ${busy} .*in use`));
      return true;
    });
  } finally {
    taken.close();
  }
  const raw = (headers: Record<string, string>, type?: 'Event') => {
    const command = new InvokeCommand({
      FunctionName: 'debug-refused',
      Payload: Buffer.from('{}'),
      ...(type ? { InvocationType: type } : {}),
    });
    command.middlewareStack.add(
      (next) => async (args) => {
        Object.assign((args.request as { headers: Record<string, string> }).headers, headers);
        return next(args);
      },
      { step: 'build' },
    );
    return t.lambda.send(command);
  };
  await assert.rejects(
    raw({ 'x-lambda-lens-debug-port': '70000' }),
    /debug port must be a whole number from 1 to 65535/,
  );
  await assert.rejects(
    raw({
      'x-lambda-lens-debug-port': String(await freePort()),
      'x-lambda-lens-debug-attach-wait': '0',
    }),
    /from 1 to 900/,
  );
  await assert.rejects(
    raw({ 'x-lambda-lens-debug-port': String(await freePort()) }, 'Event'),
    /RequestResponse/,
  );
  await createFunction(
    t,
    'debug-provided',
    { bootstrap: { content: '#!/bin/sh\nexit 1\n', mode: 0o755 } },
    { runtime: 'provided.al2023', handler: 'x' },
  );
  await assert.rejects(
    invokeFunction(t.lambda, {
      functionName: 'debug-provided',
      payload: Buffer.from('{}'),
      debug: { port: await freePort() },
    }),
    /Debugging runs Node\.js and Python functions/,
  );
});

test('the unzipped copy a function runs from is where clients are told it is (a debugger maps it to the workspace)', async () => {
  await createFunction(t, 'dbg-task-root', {
    'index.js': 'exports.handler = async () => process.env.LAMBDA_TASK_ROOT;\n',
  });
  const { CodeSha256 } = await t.lambda.send(
    new GetFunctionConfigurationCommand({ FunctionName: 'dbg-task-root' }),
  );
  assert.equal((await invoke(t, 'dbg-task-root')).body, unzippedCodeFolder(t.home, CodeSha256!));
});
