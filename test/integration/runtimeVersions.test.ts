// The declared runtime version runs: a Node.js or Python function runs on an interpreter of the
// version its runtime names, found on PATH or in a version manager's folder or mapped by the user;
// where none exists, on what does, and the log tail says so after REPORT.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { filterEvents, createFunction, invoke, REPORT_LINE } from './invokeKit';
import { startTestEndpoint, type TestEndpoint } from './endpoint';
import { vscodeInstall } from '../harness/vscode-paths.mjs';

const NODE_VERSION_HANDLER =
  'exports.handler = async () => ({ version: process.version, execPath: process.execPath });\n';
const PYTHON_VERSION_HANDLER =
  'import sys\n\ndef handler(event, context):\n    return {"version": "%d.%d.%d" % sys.version_info[:3], "executable": sys.executable}\n';

/** The Node.js the test VS Code ships (another major than the system's), when installed. */
const shippedNode = vscodeInstall().nodeBin;
const shippedNodeMissing = existsSync(shippedNode)
  ? false
  : `no test VS Code Node.js at ${shippedNode} (npm run test:vscode installs it)`;
const SYSTEM_MAJOR = process.versions.node.split('.')[0]!;

/** The tail's lines after REPORT. */
function afterReport(log: string): string[] {
  const lines = log.split('\n').filter(Boolean);
  const report = lines.findIndex((l) => REPORT_LINE.test(l));
  assert.ok(report >= 0, `a REPORT line, exactly Lambda's, in:\n${log}`);
  return lines.slice(report + 1);
}

let emptyHome: string;
before(() => {
  emptyHome = mkdtempSync(join(tmpdir(), 'll-rt-home-'));
});
after(() => rmSync(emptyHome, { recursive: true, force: true }));

async function withEndpoint(
  options: Parameters<typeof startTestEndpoint>[0],
  body: (t: TestEndpoint) => Promise<void>,
) {
  const t = await startTestEndpoint(options);
  try {
    await body(t);
  } finally {
    await t.close();
  }
}

test('a nodejs20.x function runs on the system Node 20, with no note after REPORT', async () => {
  await withEndpoint({}, async (t) => {
    await createFunction(
      t,
      'node-own',
      { 'index.js': NODE_VERSION_HANDLER },
      { runtime: `nodejs${SYSTEM_MAJOR}.x` },
    );
    const out = await invoke(t, 'node-own');
    assert.equal((out.body as { version: string }).version, process.version);
    assert.deepEqual(afterReport(out.log), []);
  });
});

test(
  'a nodejs24.x function mapped to the shipped Node 24 runs on it and reports Node 24',
  { skip: shippedNodeMissing },
  async () => {
    await withEndpoint(
      { invoker: { runtimeBinaries: { 'nodejs24.x': shippedNode } } },
      async (t) => {
        await createFunction(
          t,
          'node-24',
          { 'index.js': NODE_VERSION_HANDLER },
          { runtime: 'nodejs24.x' },
        );
        for (const attempt of ['cold', 'warm']) {
          const out = await invoke(t, 'node-24');
          assert.match((out.body as { version: string }).version, /^v24\./, attempt);
          assert.deepEqual(afterReport(out.log), [], attempt);
        }
        // Node 20 and Node 24 functions side by side: each on its own.
        await createFunction(
          t,
          'node-own',
          { 'index.js': NODE_VERSION_HANDLER },
          { runtime: `nodejs${SYSTEM_MAJOR}.x` },
        );
        assert.equal(
          ((await invoke(t, 'node-own')).body as { version: string }).version,
          process.version,
        );
        assert.match(((await invoke(t, 'node-24')).body as { version: string }).version, /^v24\./);
      },
    );
  },
);

test(
  "a Node 24 in nvm's folder is found for nodejs24.x without any mapping",
  { skip: shippedNodeMissing },
  async () => {
    const home = mkdtempSync(join(tmpdir(), 'll-rt-nvm-'));
    try {
      const bin = join(home, '.nvm', 'versions', 'node', `v${vscodeInstall().NODE_VERSION}`, 'bin');
      mkdirSync(bin, { recursive: true });
      symlinkSync(shippedNode, join(bin, 'node'));
      await withEndpoint(
        { invoker: { interpreterSearch: { home, path: '/usr/bin:/bin', env: {} } } },
        async (t) => {
          await createFunction(
            t,
            'node-nvm',
            { 'index.js': NODE_VERSION_HANDLER },
            { runtime: 'nodejs24.x' },
          );
          const out = await invoke(t, 'node-nvm');
          assert.equal(
            (out.body as { version: string }).version,
            `v${vscodeInstall().NODE_VERSION}`,
          );
          assert.deepEqual(afterReport(out.log), []);
        },
      );
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  },
);

test("a nodejs22.x function with no Node 22 anywhere runs on the endpoint's Node and says so after REPORT, in the tail and the log group", async () => {
  await withEndpoint(
    { invoker: { interpreterSearch: { home: emptyHome, path: '/nonexistent', env: {} } } },
    async (t) => {
      await createFunction(
        t,
        'node-22',
        { 'index.js': NODE_VERSION_HANDLER },
        { runtime: 'nodejs22.x' },
      );
      const expected = `RUNTIME RequestId: [0-9a-f-]{36}\tnodejs22.x ran on Node ${process.versions.node}: no Node 22 found`;
      for (const attempt of ['cold', 'warm']) {
        const out = await invoke(t, 'node-22');
        assert.equal((out.body as { version: string }).version, process.version, attempt);
        const notes = afterReport(out.log);
        assert.equal(notes.length, 1, attempt);
        assert.match(notes[0]!, new RegExp(`^${expected}$`), attempt);
      }
      const events = await filterEvents(t, 'node-22', '"no Node 22 found"');
      assert.equal(events.length, 2);
    },
  );
});

test("in the JSON log format the note is a record of the endpoint's own after platform.report", async () => {
  await withEndpoint(
    { invoker: { interpreterSearch: { home: emptyHome, path: '/nonexistent', env: {} } } },
    async (t) => {
      await createFunction(
        t,
        'node-22-json',
        { 'index.js': NODE_VERSION_HANDLER },
        { runtime: 'nodejs22.x', logFormat: 'JSON' },
      );
      const lines = (await invoke(t, 'node-22-json')).log
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as { type?: string; record?: { note?: string } });
      assert.equal(lines.at(-2)?.type, 'platform.report');
      assert.equal(lines.at(-1)?.type, 'lambdaLens.runtimeNote');
      assert.equal(
        lines.at(-1)?.record?.note,
        `nodejs22.x ran on Node ${process.versions.node}: no Node 22 found`,
      );
    },
  );
});

test('a binary mapped to a runtime that does not run is refused with what to correct, and the endpoint goes on', async () => {
  await withEndpoint(
    { invoker: { runtimeBinaries: { 'nodejs22.x': '/nonexistent/node' } } },
    async (t) => {
      await createFunction(
        t,
        'node-bad-map',
        { 'index.js': NODE_VERSION_HANDLER },
        { runtime: 'nodejs22.x' },
      );
      await assert.rejects(invoke(t, 'node-bad-map'), (error: Error & { name: string }) => {
        assert.equal(error.name, 'ServiceException');
        assert.match(
          error.message,
          /mapped to "\/nonexistent\/node".*did not run as Node\.js.*correct the path/,
        );
        return true;
      });
      await createFunction(
        t,
        'node-fine',
        { 'index.js': NODE_VERSION_HANDLER },
        { runtime: `nodejs${SYSTEM_MAJOR}.x` },
      );
      assert.equal(
        ((await invoke(t, 'node-fine')).body as { version: string }).version,
        process.version,
      );
    },
  );
});

test('Python: each pythonX.Y function runs on a Python X.Y where one exists, else on python3 with the note', async () => {
  await withEndpoint({}, async (t) => {
    for (const runtime of ['python3.11', 'python3.12', 'python3.13', 'python3.14']) {
      const name = `py-${runtime.replace('.', '-')}`;
      await createFunction(
        t,
        name,
        { 'app.py': PYTHON_VERSION_HANDLER },
        { runtime, handler: 'app.handler' },
      );
      const out = await invoke(t, name);
      const ran = (out.body as { version: string }).version;
      const notes = afterReport(out.log);
      const declared = runtime.slice('python'.length);
      if (ran.startsWith(`${declared}.`)) {
        assert.deepEqual(notes, [], `${runtime} ran on ${ran}`);
      } else {
        assert.equal(notes.length, 1, `${runtime} ran on ${ran} and says so`);
        assert.match(
          notes[0]!,
          new RegExp(
            `\t${runtime.replace('.', '\\.')} ran on Python ${ran.replace(/\./g, '\\.')}: no Python ${declared.replace('.', '\\.')} found$`,
          ),
        );
      }
    }
  });
});

test(
  "Python: pyenv's 3.12 is found for python3.12 when installed",
  {
    skip: existsSync(join(process.env.HOME ?? '', '.pyenv', 'versions')) ? false : 'no pyenv here',
  },
  async () => {
    await withEndpoint(
      { invoker: { interpreterSearch: { path: '/nonexistent', env: {} } } },
      async (t) => {
        await createFunction(
          t,
          'py-pyenv',
          { 'app.py': PYTHON_VERSION_HANDLER },
          { runtime: 'python3.12', handler: 'app.handler' },
        );
        const out = await invoke(t, 'py-pyenv');
        const body = out.body as { version: string; executable: string } | undefined;
        if (body?.version.startsWith('3.12.'))
          assert.match(body.executable, /\.pyenv\/versions\/3\.12/);
        else assert.match(out.log, /no Python 3\.12 found/);
      },
    );
  },
);

test('nodejs24.x refuses a callback handler at init as its runtime does; nodejs22.x still runs it', async () => {
  const callbackHandler =
    'exports.handler = (event, context, callback) => callback(null, { ok: true });\n';
  await withEndpoint(
    { invoker: shippedNodeMissing ? {} : { runtimeBinaries: { 'nodejs24.x': shippedNode } } },
    async (t) => {
      await createFunction(
        t,
        'callback-24',
        { 'index.js': callbackHandler },
        { runtime: 'nodejs24.x' },
      );
      const refused = await invoke(t, 'callback-24');
      assert.equal(refused.functionError, 'Unhandled');
      const body = refused.body as { errorType: string; errorMessage: string };
      assert.equal(body.errorType, 'Runtime.CallbackHandlerDeprecated');
      assert.match(
        body.errorMessage,
        /^ERROR: AWS Lambda has removed support for callback-based function handlers starting with Node\.js 24\. /,
      );
      await createFunction(
        t,
        'callback-22',
        { 'index.js': callbackHandler },
        { runtime: 'nodejs22.x' },
      );
      assert.deepEqual((await invoke(t, 'callback-22')).body, { ok: true });
      await createFunction(
        t,
        'async-24',
        { 'index.js': 'exports.handler = async (event, context) => ({ ok: true });\n' },
        { runtime: 'nodejs24.x' },
      );
      assert.deepEqual((await invoke(t, 'async-24')).body, { ok: true });
    },
  );
});
