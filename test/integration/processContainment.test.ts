// Nothing a function starts may outlive its execution environment, nor the endpoint: not a child
// that calls setsid, not a double-forked daemon, not a custom runtime's bootstrap after a kill -9
// of `serve`. Processes are found by a unique mark in their command line (/proc/*/cmdline), so
// these tests run where /proc exists (Linux); the portable fallback is forced by its option.
import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UpdateFunctionCodeCommand } from '@aws-sdk/client-lambda';
import {
  clientsFor,
  startServeProcess,
  startTestEndpoint,
  zipOf,
  type TestEndpoint,
} from './endpoint';
import { createFunction, invoke, reportIn, sleep, waitFor } from './invokeKit';
import { chooseContainment } from '../../src/local/os/processContainment';

const linux = process.platform === 'linux';
const hasCurl = spawnSync('sh', ['-c', 'command -v curl'], { stdio: 'ignore' }).status === 0;

/** A number `sleep` accepts and no other process has in its command line. */
function sleepMark(): string {
  return `3000.${String(randomBytes(4).readUInt32BE()).padStart(10, '0')}`;
}

/** Live processes (not zombies) whose command line contains `mark`. */
function processesWith(mark: string): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (!readFileSync(`/proc/${entry}/cmdline`, 'latin1').includes(mark)) continue;
      if (/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${entry}/stat`, 'latin1'))) continue;
      found.push(Number(entry));
    } catch {
      /* gone meanwhile */
    }
  }
  return found;
}

const marked = new Set<string>();

/** Waits until no process carries any of the marks; says which are left otherwise. */
async function gone(marks: readonly string[], withinMs: number): Promise<void> {
  const until = Date.now() + withinMs;
  for (;;) {
    const left = marks.flatMap((mark) => processesWith(mark).map((pid) => `${pid} (${mark})`));
    if (left.length === 0) return;
    if (Date.now() > until) assert.fail(`still running after ${withinMs} ms: ${left.join(', ')}`);
    await sleep(50);
  }
}

/** Kills what a failed test left behind, by pid. */
function cleanUp(): void {
  for (const mark of marked)
    for (const pid of processesWith(mark))
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        /* gone */
      }
  marked.clear();
}

after(cleanUp);

/**
 * A Node.js handler that starts three long sleeps with the event's marks: a plain child, one in a
 * new session (setsid, as Node's `detached` does), and a double-forked daemon (its parent exits,
 * so it is nobody's descendant), then waits (`wait`) or answers.
 */
const ESCAPING_HANDLER = `const { spawn } = require('node:child_process');
exports.handler = async (event) => {
  spawn('sleep', [event.plain], { stdio: 'ignore' });
  spawn('sleep', [event.session], { detached: true, stdio: 'ignore' }).unref();
  spawn('sh', ['-c', 'setsid sleep ' + event.daemon + ' </dev/null >/dev/null 2>&1 &'], { detached: true, stdio: 'ignore' }).unref();
  await new Promise((r) => setTimeout(r, 300));
  if (event.wait) await new Promise((r) => setTimeout(r, 60_000));
  if (event.exitAfter) setTimeout(() => process.exit(0), 200); // between invocations, after answering
  return { pid: Number(require('node:fs').readlinkSync('/proc/self')), tag: process.env.LAMBDA_LENS_ENVIRONMENT ?? null };
};
`;

function marks(): { plain: string; session: string; daemon: string } {
  const m = { plain: sleepMark(), session: sleepMark(), daemon: sleepMark() };
  for (const mark of Object.values(m)) marked.add(mark);
  return m;
}

/** The marks the handler was given are all running. */
async function running(m: Record<string, string>): Promise<void> {
  await waitFor(
    "the function's processes",
    async () =>
      Object.values(m).every((mark) => processesWith(mark).length > 0) ? true : undefined,
    5_000,
  );
}

let t: TestEndpoint;
/** What this machine allows, as the endpoint chooses it. */
let kind: string | undefined;
before(async () => {
  if (!linux) return;
  t = await startTestEndpoint();
  kind = (await chooseContainment(t.home)).kind;
});
after(async () => {
  await t?.close();
});

test(
  'a time-out leaves nothing: not a child in its own session, not a double-forked daemon',
  { skip: !linux },
  async () => {
    await createFunction(t, 'escape-timeout', { 'index.js': ESCAPING_HANDLER }, { timeout: 2 });
    const m = marks();
    const out = await invoke(t, 'escape-timeout', { ...m, wait: true });
    assert.equal(reportIn(out.log).status, 'timeout', out.log);
    await gone(Object.values(m), 1_000);
  },
);

test(
  'a code update retires the idle environment and everything it started',
  { skip: !linux },
  async () => {
    await createFunction(t, 'escape-update', { 'index.js': ESCAPING_HANDLER });
    const m = marks();
    const out = await invoke(t, 'escape-update', m);
    assert.equal(out.functionError, undefined, out.text);
    if (kind === 'namespace')
      assert.equal(
        (out.body as { tag: unknown }).tag,
        null,
        'no variable of ours where none is needed',
      );
    await running(m);
    await t.lambda.send(
      new UpdateFunctionCodeCommand({
        FunctionName: 'escape-update',
        ZipFile: zipOf({ 'index.js': "exports.handler = async () => 'v2';\n" }),
      }),
    );
    await gone(Object.values(m), 1_000);
  },
);

test('an idle environment that retires leaves nothing', { skip: !linux }, async () => {
  const idle = await startTestEndpoint({ invoker: { idleMs: 100 } });
  try {
    await createFunction(idle, 'escape-idle', { 'index.js': ESCAPING_HANDLER });
    const m = marks();
    assert.equal((await invoke(idle, 'escape-idle', m)).functionError, undefined);
    await running(m);
    await gone(Object.values(m), 7_000); // idle environments are looked for every 5 s
  } finally {
    await idle.close();
  }
});

test('closing the endpoint leaves nothing', { skip: !linux }, async () => {
  const closing = await startTestEndpoint();
  await createFunction(closing, 'escape-close', { 'index.js': ESCAPING_HANDLER });
  const m = marks();
  assert.equal((await invoke(closing, 'escape-close', m)).functionError, undefined);
  await running(m);
  await closing.close();
  await gone(Object.values(m), 1_000);
});

test(
  'Max Memory Used counts the processes a function started, a double-forked daemon too',
  { skip: !linux },
  async (context) => {
    if (kind !== 'namespace')
      return context.skip("no PID namespace here: a daemon is nobody's descendant");
    const mark = `ll-mark-${randomBytes(6).toString('hex')}`;
    marked.add(mark);
    await createFunction(
      t,
      'daemon-memory',
      {
        'index.js': `const { spawn } = require('node:child_process');
exports.handler = async (event) => {
  const hog = 'const b = Buffer.alloc(96 * 1024 * 1024, 1); setInterval(() => b[0]++, 1000);';
  spawn('sh', ['-c', '"' + process.execPath + '" -e "' + hog + '" ' + event.mark + ' </dev/null >/dev/null 2>&1 &'], { stdio: 'ignore' });
  await new Promise((r) => setTimeout(r, 1500));
  return 'started';
};
`,
      },
      { memorySize: 512 },
    );
    const out = await invoke(t, 'daemon-memory', { mark });
    assert.equal(out.body, 'started', out.text);
    assert.ok(processesWith(mark).length > 0, 'the daemon runs');
    const report = reportIn(out.log);
    assert.ok(report.maxMemoryUsedMB >= 96 + 20, `the daemon's 96 MB are counted: ${report.line}`);
    await t.lambda.send(
      new UpdateFunctionCodeCommand({
        FunctionName: 'daemon-memory',
        ZipFile: zipOf({ 'index.js': "exports.handler = async () => 'v2';\n" }),
      }),
    );
    await gone([mark], 1_000);
  },
);

// Through the namespace, the runtime is not its PID 1 (which would ignore signals it has no
// handler for) and its exit is reported as it happened.
test(
  'a runtime that kills itself or aborts is reported with its signal, as without containment',
  { skip: !linux },
  async () => {
    await createFunction(
      t,
      'self-kill',
      {
        'index.js':
          "exports.handler = async () => { process.kill(process.pid, 'SIGKILL'); await new Promise((r) => setTimeout(r, 5000)); };\n",
      },
      { timeout: 10 },
    );
    const killed = await invoke(t, 'self-kill');
    assert.match(
      (killed.body as { errorMessage: string }).errorMessage,
      /Error: Runtime exited with error: signal: killed$/,
      killed.text,
    );
    await createFunction(
      t,
      'self-abort',
      { bootstrap: { content: '#!/bin/sh\necho starting\nkill -ABRT $$\n', mode: 0o755 } },
      { runtime: 'provided.al2023', handler: 'none' },
    );
    const aborted = await invoke(t, 'self-abort');
    assert.deepEqual(
      [
        (aborted.body as { errorType: string }).errorType,
        (aborted.body as { errorMessage: string }).errorMessage.replace(/^RequestId: \S+ /, ''),
      ],
      ['Runtime.ExitError', 'Error: Runtime exited with error: signal: aborted'],
      aborted.text,
    );
  },
);

test(
  'a bootstrap whose #! interpreter does not exist: Runtime.InvalidEntrypoint, as Lambda says it',
  { skip: !linux },
  async () => {
    await createFunction(
      t,
      'no-interpreter',
      { bootstrap: { content: '#!/nonexistent/interpreter\necho hi\n', mode: 0o755 } },
      { runtime: 'provided.al2023', handler: 'none' },
    );
    const out = await invoke(t, 'no-interpreter');
    assert.equal(
      (out.body as { errorType: string }).errorType,
      'Runtime.InvalidEntrypoint',
      out.text,
    );
    assert.match(
      (out.body as { errorMessage: string }).errorMessage,
      /Error: fork\/exec \S+\/bootstrap: no such file or directory$/,
    );
  },
);

/** A custom runtime whose bootstrap starts a long sleep, then loops on the Runtime API and keeps
 *  retrying when the API is gone (as a robust bootstrap does), so only a kill can stop it. */
function stubbornBootstrap(mark: string): string {
  return `#!/bin/sh
sleep ${mark} &
API="http://\${AWS_LAMBDA_RUNTIME_API}/2018-06-01/runtime"
while true; do
  HEADERS="$(mktemp)"
  if ! curl -sS -D "$HEADERS" -o /dev/null "$API/invocation/next" 2>/dev/null; then rm -f "$HEADERS"; sleep 0.2; continue; fi
  REQUEST_ID=$(grep -Fi Lambda-Runtime-Aws-Request-Id "$HEADERS" | tr -d '[:space:]' | cut -d: -f2)
  rm -f "$HEADERS"
  curl -sS -X POST "$API/invocation/$REQUEST_ID/response" -d '"up"' > /dev/null || true
done
`;
}

/** `serve` as its own process on a fresh home, with the SDK pointed at it. */
async function serveProcess(env: Record<string, string> = {}) {
  const home = mkdtempSync(join(tmpdir(), 'll-contain-'));
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  Object.assign(process.env, env);
  try {
    const serve = await startServeProcess(home);
    return { home, serve, ...clientsFor(serve.url, serve) };
  } finally {
    for (const [k, v] of Object.entries(saved))
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
  }
}

const NO_NAMESPACE =
  'no PID namespace here: after a kill -9 of serve, what functions started runs until the next start (see the forced sweep below)';

test(
  "kill -9 of serve: a custom runtime's bootstrap and its children are gone within two seconds",
  { skip: !linux || !hasCurl },
  async (context) => {
    if (kind !== 'namespace') return context.skip(NO_NAMESPACE);
    const { home, serve, lambda, logs } = await serveProcess();
    const mark = sleepMark();
    marked.add(mark);
    marked.add(home);
    try {
      const s = { lambda, logs, home } as unknown as TestEndpoint;
      await createFunction(
        s,
        'stubborn',
        { bootstrap: { content: stubbornBootstrap(mark), mode: 0o755 } },
        { runtime: 'provided.al2023', handler: 'none' },
      );
      assert.equal((await invoke(s, 'stubborn')).body, 'up');
      assert.ok(processesWith(home).length > 0, "the bootstrap runs from the home's runtime cache");
      assert.ok(processesWith(mark).length > 0, 'its sleep runs');
      serve.child.kill('SIGKILL');
      await gone([home, mark], 2_000);
    } finally {
      lambda.destroy();
      logs.destroy();
      serve.child.kill('SIGKILL');
      rmSync(home, { recursive: true, force: true });
    }
  },
);

test(
  "kill -9 of serve: a Node.js function's runtime and the processes it started are gone within two seconds",
  { skip: !linux },
  async (context) => {
    if (kind !== 'namespace') return context.skip(NO_NAMESPACE);
    const { home, serve, lambda, logs } = await serveProcess();
    try {
      const s = { lambda, logs, home } as unknown as TestEndpoint;
      await createFunction(s, 'escape-serve', { 'index.js': ESCAPING_HANDLER });
      const m = marks();
      const out = await invoke(s, 'escape-serve', m);
      const { pid } = out.body as { pid: number };
      await running(m);
      serve.child.kill('SIGKILL');
      await gone(Object.values(m), 2_000);
      await waitFor(
        'the runtime to stop',
        async () => (processesWith(home).length === 0 && !isRunning(pid) ? true : undefined),
        2_000,
      );
    } finally {
      lambda.destroy();
      logs.destroy();
      serve.child.kill('SIGKILL');
      rmSync(home, { recursive: true, force: true });
    }
  },
);

function isRunning(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'latin1'));
  } catch {
    return false;
  }
}

test(
  "where unshare cannot make a PID namespace (as under AppArmor's restriction), the sweep is chosen and says why",
  { skip: !linux },
  async () => {
    const bin = mkdtempSync(join(tmpdir(), 'll-unshare-'));
    writeFileSync(
      join(bin, 'unshare'),
      '#!/bin/sh\necho "unshare: unshare failed: Operation not permitted" >&2\nexit 1\n',
      { mode: 0o755 },
    );
    const path = process.env.PATH;
    process.env.PATH = `${bin}:${path}`;
    try {
      const chosen = await chooseContainment(bin, '');
      assert.equal(chosen.kind, 'sweep');
      assert.match(
        chosen.description,
        /unshare could not make a PID namespace: unshare: unshare failed: Operation not permitted/,
      );
    } finally {
      process.env.PATH = path;
      rmSync(bin, { recursive: true, force: true });
    }
  },
);

test(
  'forced portable fallback (process groups): functions run, and a time-out kills the process group',
  { skip: !linux },
  async () => {
    const portable = await startTestEndpoint({ invoker: { containment: 'group' } });
    try {
      await createFunction(portable, 'group-hello', {
        'index.js': "exports.handler = async () => 'hello';\n",
      });
      assert.equal((await invoke(portable, 'group-hello')).body, 'hello');
      await createFunction(
        portable,
        'group-timeout',
        { 'index.js': ESCAPING_HANDLER },
        { timeout: 2 },
      );
      const m = marks();
      const out = await invoke(portable, 'group-timeout', { ...m, wait: true });
      assert.equal(reportIn(out.log).status, 'timeout', out.log);
      // Its own process group only: what left the group is not reached without /proc (see the docs).
      await gone([m.plain], 1_000);
    } finally {
      await portable.close();
      cleanUp();
    }
  },
);

test(
  'forced sweep (no PID namespace): a time-out still leaves nothing',
  { skip: !linux },
  async () => {
    const swept = await startTestEndpoint({ invoker: { containment: 'sweep' } });
    try {
      await createFunction(
        swept,
        'sweep-timeout',
        { 'index.js': ESCAPING_HANDLER },
        { timeout: 2 },
      );
      const m = marks();
      const out = await invoke(swept, 'sweep-timeout', { ...m, wait: true });
      assert.equal(reportIn(out.log).status, 'timeout', out.log);
      await gone(Object.values(m), 1_000);
    } finally {
      await swept.close();
    }
  },
);

for (const containment of [undefined, 'sweep'] as const) {
  test(
    `a runtime that exits by itself after answering leaves nothing (${containment ?? 'default'})`,
    { skip: !linux },
    async () => {
      const endpoint = containment ? await startTestEndpoint({ invoker: { containment } }) : t;
      try {
        await createFunction(endpoint, `escape-exit-${containment ?? 'default'}`, {
          'index.js': ESCAPING_HANDLER,
        });
        const m = marks();
        const out = await invoke(endpoint, `escape-exit-${containment ?? 'default'}`, {
          ...m,
          exitAfter: true,
        });
        assert.equal(out.functionError, undefined, out.text);
        await gone(Object.values(m), 1_000);
      } finally {
        if (endpoint !== t) await endpoint.close();
      }
    },
  );
}

test(
  "serve stops cleanly on SIGHUP (its terminal closed): even with process groups only, its functions' processes go",
  { skip: !linux },
  async () => {
    const { home, serve, lambda, logs } = await serveProcess({ LAMBDA_LENS_CONTAINMENT: 'group' });
    try {
      const s = { lambda, logs, home } as unknown as TestEndpoint;
      await createFunction(s, 'hangup', { 'index.js': ESCAPING_HANDLER });
      const m = marks();
      assert.equal((await invoke(s, 'hangup', m)).functionError, undefined);
      await running(m);
      const exited = new Promise((resolve) =>
        serve.child.once('exit', (code, signal) => resolve(signal ?? code)),
      );
      serve.child.kill('SIGHUP');
      assert.equal(await exited, 0, 'a clean stop');
      await gone([m.plain], 1_000);
    } finally {
      lambda.destroy();
      logs.destroy();
      serve.child.kill('SIGKILL');
      cleanUp();
      rmSync(home, { recursive: true, force: true });
    }
  },
);

test(
  'forced sweep: after kill -9 of serve the runtime stops at once, and the next serve on the home stops what it left',
  { skip: !linux },
  async () => {
    const { home, serve, lambda, logs } = await serveProcess({ LAMBDA_LENS_CONTAINMENT: 'sweep' });
    let next: Awaited<ReturnType<typeof startServeProcess>> | undefined;
    try {
      const s = { lambda, logs, home } as unknown as TestEndpoint;
      await createFunction(s, 'sweep-serve', { 'index.js': ESCAPING_HANDLER });
      const m = marks();
      const { pid, tag } = (await invoke(s, 'sweep-serve', m)).body as { pid: number; tag: string };
      assert.match(
        tag,
        /^[0-9a-f]{16}\.[0-9a-f]{32}$/,
        "the environment's processes carry its tag",
      );
      await running(m);
      serve.child.kill('SIGKILL');
      await waitFor(
        'the runtime to stop with serve',
        async () => (isRunning(pid) ? undefined : true),
        2_000,
      );
      const saved = process.env.LAMBDA_LENS_CONTAINMENT;
      process.env.LAMBDA_LENS_CONTAINMENT = 'sweep';
      try {
        next = await startServeProcess(home);
      } finally {
        if (saved === undefined) delete process.env.LAMBDA_LENS_CONTAINMENT;
        else process.env.LAMBDA_LENS_CONTAINMENT = saved;
      }
      await gone(Object.values(m), 2_000);
    } finally {
      lambda.destroy();
      logs.destroy();
      serve.child.kill('SIGKILL');
      next?.child.kill('SIGKILL');
      rmSync(home, { recursive: true, force: true });
    }
  },
);
