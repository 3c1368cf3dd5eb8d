// Debug invocations of Python functions on the local endpoint, with a real debugger: a Debug
// Adapter Protocol client (what VS Code and nvim-dap speak) attached to the debugpy the runtime
// starts. A breakpoint stops with the event in scope, a variable reads back, continuing answers the
// Invoke; the time-out does not fire while stopped. Without debugpy the invocation says how to get it.
//
// debugpy comes from Debian's python3-debugpy (CI installs it), which only /usr/bin/python3 sees:
// the endpoint runs Python functions with LAMBDA_LENS_PYTHON, so these tests point it at an
// interpreter that can import debugpy.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { clientsFor, startServeProcess, startTestEndpoint, type TestEndpoint } from './endpoint';
import { createFunction, sleep, waitFor } from './invokeKit';
import { DapClient, freePort, listening } from './debugKit';
import { invokeFunction } from '../../src/cloud/invoke';
import { summarizeInvoke, type InvokeSummary } from '../../src/core/invoke/invokeResult';

const canImportDebugpy = (python: string) => {
  try {
    execFileSync(python, ['-c', 'import debugpy'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};

/** The interpreter the endpoint is told to use: the configured one, python3, or Debian's. */
const PYTHON = [process.env.LAMBDA_LENS_PYTHON, 'python3', '/usr/bin/python3'].find(
  (p) => p && canImportDebugpy(p),
);

let t: TestEndpoint;
const previousPython = process.env.LAMBDA_LENS_PYTHON;
before(async () => {
  assert.ok(
    PYTHON,
    'No python3 here can import debugpy: install it (Debian: apt install python3-debugpy; else python3 -m pip install debugpy)',
  );
  process.env.LAMBDA_LENS_PYTHON = PYTHON;
  t = await startTestEndpoint();
});
after(async () => {
  await t?.close();
  if (previousPython === undefined) delete process.env.LAMBDA_LENS_PYTHON;
  else process.env.LAMBDA_LENS_PYTHON = previousPython;
});

const HANDLER = [
  'import os',
  'LOADED_AT = "init"',
  '',
  'def handler(event, context):',
  '    doubled = event["x"] * 2',
  '    return {"doubled": doubled, "remaining": context.get_remaining_time_in_millis() > 0}',
  '',
].join('\n');

function debugInvoke(
  target: TestEndpoint,
  name: string,
  payload: unknown,
  port: number,
  attachWaitSeconds?: number,
): Promise<InvokeSummary> {
  return invokeFunction(target.lambda, {
    functionName: name,
    payload: Buffer.from(JSON.stringify(payload)),
    debug: { port, ...(attachWaitSeconds !== undefined ? { attachWaitSeconds } : {}) },
  }).then(summarizeInvoke);
}

/** Every copy of app.py the endpoint unpacked (its runtime cache): the function runs one of them. */
function handlerCopies(): string[] {
  return execFileSync('find', [join(t.home, 'runtime-cache'), '-name', 'app.py'], {
    encoding: 'utf8',
  })
    .trim()
    .split('\n')
    .filter(Boolean);
}

/**
 * Attaches as VS Code does: initialize, attach, breakpoints, configurationDone. debugpy names files
 * by path and the code runs from the endpoint's unpacked copy, so breakpoints name that copy, as a
 * debugger's path mapping would.
 */
async function attach(port: number, lines: number[]): Promise<DapClient> {
  const client = await DapClient.connect(port);
  await client.request('initialize', {
    clientID: 'lambda-lens-test',
    adapterID: 'debugpy',
    linesStartAt1: true,
    columnsStartAt1: true,
    pathFormat: 'path',
  }).response;
  const attached = client.request('attach', { justMyCode: false });
  await client.event('initialized');
  for (const path of handlerCopies())
    await client.request('setBreakpoints', {
      source: { path },
      breakpoints: lines.map((line) => ({ line })),
    }).response;
  await client.request('configurationDone').response;
  await attached.response;
  return client;
}

async function stoppedFrame(
  client: DapClient,
): Promise<{ threadId: number; frameId: number; path: string; line: number }> {
  const stopped = await client.event('stopped');
  const threadId = stopped.threadId as number;
  const { stackFrames } = (await client.request('stackTrace', { threadId }).response) as {
    stackFrames: { id: number; line: number; source: { path: string } }[];
  };
  return {
    threadId,
    frameId: stackFrames[0]!.id,
    path: stackFrames[0]!.source.path,
    line: stackFrames[0]!.line,
  };
}

test('a breakpoint in the handler stops with the event in scope; a variable reads back; continue answers', async () => {
  await createFunction(
    t,
    'py-debug',
    { 'app.py': HANDLER },
    { runtime: 'python3.11', handler: 'app.handler' },
  );
  const port = await freePort();
  const result = debugInvoke(t, 'py-debug', { x: 21 }, port);
  const client = await attach(port, [6]);
  const frame = await stoppedFrame(client);
  assert.equal(frame.line, 6);
  assert.ok(handlerCopies().includes(frame.path), frame.path);
  const { variables: scopes } = await client
    .request('scopes', { frameId: frame.frameId })
    .response.then((b) => ({
      variables: b.scopes as { name: string; variablesReference: number }[],
    }));
  const locals = scopes.find((s) => s.name === 'Locals')!;
  const { variables } = (await client.request('variables', {
    variablesReference: locals.variablesReference,
  }).response) as { variables: { name: string; value: string }[] };
  assert.equal(variables.find((v) => v.name === 'doubled')?.value, '42');
  const evaluated = await client.request('evaluate', {
    expression: 'event["x"]',
    frameId: frame.frameId,
    context: 'watch',
  }).response;
  assert.equal(evaluated.result, '21');
  // Not waiting for continue's response: the environment retires as soon as the invocation ends,
  // and with it debugpy (the debugger sees its connection close, which ends its session).
  client.request('continue', { threadId: frame.threadId });
  const out = await result;
  client.close();
  assert.equal(out.failure, undefined, out.responseText);
  assert.equal(JSON.parse(out.responseText).doubled, 42);
  assert.match(out.log, new RegExp(`debugpy listening on 127\\.0\\.0\\.1:${port}`));
  assert.doesNotMatch(out.log, /^REPORT /m);
  assert.match(out.log, /^DEBUG RequestId: [0-9a-f-]{36}\tDuration: /m);
  assert.doesNotMatch(out.log, /frozen modules/, 'no warning about frozen modules');
  await waitFor(
    'debugpy to stop with its environment',
    async () => ((await listening(port)) ? undefined : true),
    10_000,
  );
});

test('init code stops too, and with Timeout 1 a 3 s stop does not time out', async () => {
  await createFunction(
    t,
    'py-debug-init',
    { 'app.py': HANDLER },
    { runtime: 'python3.11', handler: 'app.handler', timeout: 1 },
  );
  const port = await freePort();
  const result = debugInvoke(t, 'py-debug-init', { x: 1 }, port);
  const client = await attach(port, [2, 5]);
  const init = await stoppedFrame(client);
  assert.equal(init.line, 2, 'stopped in init code');
  await client.request('continue', { threadId: init.threadId }).response;
  const inHandler = await stoppedFrame(client);
  assert.equal(inHandler.line, 5);
  await sleep(3_000);
  client.request('continue', { threadId: inHandler.threadId });
  const out = await result;
  client.close();
  assert.equal(out.failure, undefined, out.responseText);
  assert.deepEqual(JSON.parse(out.responseText), { doubled: 2, remaining: true });
  assert.doesNotMatch(out.log, /Task timed out/);
});

test('without debugpy, the invocation fails saying exactly how to get it for the interpreter in use', async () => {
  // A virtual environment of Python has none of the system's packages: no debugpy.
  const dir = mkdtempSync(join(tmpdir(), 'll-venv-'));
  const home = mkdtempSync(join(tmpdir(), 'll-home-'));
  execFileSync(PYTHON!, ['-m', 'venv', '--without-pip', dir]);
  const venvPython = join(dir, 'bin', 'python3');
  process.env.LAMBDA_LENS_PYTHON = venvPython;
  const serve = await startServeProcess(home);
  process.env.LAMBDA_LENS_PYTHON = PYTHON;
  const { lambda, logs } = clientsFor(serve.url, serve);
  try {
    const target = { lambda, logs, home } as unknown as TestEndpoint;
    await createFunction(
      target,
      'py-no-debugpy',
      { 'app.py': HANDLER },
      { runtime: 'python3.11', handler: 'app.handler' },
    );
    const out = await debugInvoke(target, 'py-no-debugpy', { x: 1 }, await freePort());
    assert.equal(out.failure?.errorType, 'Runtime.DebuggerUnavailable', out.responseText);
    const message = out.failure!.errorMessage;
    assert.match(message, /debugpy cannot be imported by the Python that runs this function/);
    assert.ok(message.includes(`${venvPython} -m pip install debugpy`), message);
    assert.match(message, /apt install python3-debugpy/);
    assert.match(message, /LAMBDA_LENS_PYTHON/);
  } finally {
    lambda.destroy();
    logs.destroy();
    serve.child.kill();
    await new Promise((r) => serve.child.once('exit', r));
    rmSync(dir, { recursive: true, force: true });
    rmSync(home, { recursive: true, force: true });
  }
});
