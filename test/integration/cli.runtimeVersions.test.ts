// `lambda-lens serve --runtime-binary RUNTIME=PATH` maps a runtime to an interpreter, and
// `lambda-lens invoke` shows the note when a function ran on another version than it declares.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateFunctionCommand } from '@aws-sdk/client-lambda';
import {
  clientsFor,
  ROLE,
  startServeProcess,
  stopServeProcess,
  zipOf,
  type ServeProcess,
} from './endpoint';
import { vscodeInstall } from '../harness/vscode-paths.mjs';

const CLI = join(import.meta.dirname, '..', '..', 'dist', 'cli.js');
const shippedNode = vscodeInstall().nodeBin;
const HANDLER = 'exports.handler = async () => ({ version: process.version });\n';

let home: string;
let serve: ServeProcess;

function cli(...args: string[]) {
  return spawnSync(process.execPath, [CLI, ...args], {
    encoding: 'utf8',
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  });
}

before(async () => {
  home = mkdtempSync(join(tmpdir(), 'll-cli-rt-'));
  // nodejs22.x deliberately mapped to this Node (another major): it runs there, and says so.
  serve = await startServeProcess(home, [
    '--runtime-binary',
    `nodejs22.x=${process.execPath}`,
    ...(existsSync(shippedNode) ? ['--runtime-binary', `nodejs24.x=${shippedNode}`] : []),
  ]);
  const { lambda } = clientsFor(serve.url, serve);
  for (const runtime of ['nodejs22.x', 'nodejs24.x'] as const) {
    await lambda.send(
      new CreateFunctionCommand({
        FunctionName: `cli-${runtime.replace('.', '-')}`,
        Role: ROLE,
        Runtime: runtime,
        Handler: 'index.handler',
        Code: { ZipFile: zipOf({ 'index.js': HANDLER }) },
      }),
    );
  }
  lambda.destroy();
});

after(async () => {
  await stopServeProcess(serve);
  rmSync(home, { recursive: true, force: true });
});

test(
  'serve --runtime-binary: a nodejs24.x function runs on the Node 24 it maps to, with no note',
  { skip: existsSync(shippedNode) ? false : `no test VS Code Node.js at ${shippedNode}` },
  () => {
    const out = cli('invoke', 'cli-nodejs24-x', '--home', home);
    assert.equal(out.status, 0, out.stderr);
    assert.match(JSON.parse(out.stdout).version, /^v24\./);
    assert.doesNotMatch(out.stderr, /ran on Node/);
  },
);

test('lambda-lens invoke shows the note when the mapped binary is another version than declared', () => {
  const out = cli('invoke', 'cli-nodejs22-x', '--home', home);
  assert.equal(out.status, 0, out.stderr);
  assert.equal(JSON.parse(out.stdout).version, process.version);
  const note = `nodejs22.x ran on Node ${process.versions.node}: the binary mapped to it by serve --runtime-binary or lambdaLens.local.runtimes (${process.execPath}) is not Node 22`;
  assert.ok(
    out.stderr.includes(`RUNTIME RequestId: `) && out.stderr.includes(`\t${note}`),
    `the log tail has the note:\n${out.stderr}`,
  );
  assert.match(
    out.stderr,
    new RegExp(`Duration .* · ${note.replace(/[.()/]/g, '\\$&')}`),
    'and the headline',
  );
});

test('serve --runtime-binary refuses what is not RUNTIME=PATH for a Node.js or Python runtime, saying what to write', () => {
  for (const [value, expected] of [
    ['java21=/usr/bin/java', /not a Node\.js or Python runtime/],
    ['/usr/bin/node', /not RUNTIME=PATH/],
  ] as const) {
    const out = cli('serve', '--home', home, '--runtime-binary', value);
    assert.equal(out.status, 2, out.stderr);
    assert.match(out.stderr, expected);
  }
});
