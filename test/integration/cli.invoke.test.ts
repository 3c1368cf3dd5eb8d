// `lambda-lens invoke` as users run it: the built CLI as its own process, against a `serve`
// process on a temporary home (found through the home's lock, as on a user's machine).
import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateFunctionCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import {
  clientsFor,
  NODE_HELLO,
  ROLE,
  startServeProcess,
  zipOf,
  type ServeProcess,
} from './endpoint';

const CLI = join(import.meta.dirname, '..', '..', 'dist', 'cli.js');
let home: string;
let serve: ServeProcess;
let lambda: LambdaClient;

function cli(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [CLI, 'invoke', ...args, '--home', home], {
    encoding: 'utf8',
    input: args.includes('-') ? '{"from":"stdin"}' : undefined,
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

before(async () => {
  home = mkdtempSync(join(tmpdir(), 'll-cli-invoke-'));
  serve = await startServeProcess(home);
  ({ lambda } = clientsFor(serve.url, serve));
  await lambda.send(
    new CreateFunctionCommand({
      FunctionName: 'hello',
      Role: ROLE,
      Runtime: 'nodejs20.x',
      Handler: 'index.handler',
      Code: { ZipFile: zipOf({ 'index.js': NODE_HELLO }) },
    }),
  );
  await lambda.send(
    new CreateFunctionCommand({
      FunctionName: 'broken',
      Role: ROLE,
      Runtime: 'nodejs20.x',
      Handler: 'index.handler',
      Code: {
        ZipFile: zipOf({
          'index.js': 'exports.handler = async () => { throw new RangeError("too far"); };',
        }),
      },
    }),
  );
});

after(async () => {
  lambda?.destroy();
  serve?.child.kill('SIGTERM');
  rmSync(home, { recursive: true, force: true });
});

test('prints the response on stdout, the log tail and REPORT headline on stderr', () => {
  const { status, stdout, stderr } = cli('hello', '--payload', '{"x":1}');
  assert.equal(status, 0, stderr);
  assert.deepEqual(JSON.parse(stdout), { hello: 'hello', event: { x: 1 } });
  assert.match(stderr, /START RequestId: \S+ Version: \$LATEST/);
  assert.match(stderr, /event \{"x":1\}/);
  assert.match(
    stderr,
    /^Duration [\d.]+ ms · billed \d+ ms · memory \d+ of 128 MB · (cold start, init [\d.]+ ms|warm)$/m,
  );
});

test('reads the event from a file or stdin; --json prints one document', () => {
  const file = join(home, 'event.json');
  writeFileSync(file, '{"from":"file"}');
  assert.deepEqual(JSON.parse(cli('hello', '--event', file).stdout).event, { from: 'file' });
  assert.deepEqual(JSON.parse(cli('hello', '--event', '-').stdout).event, { from: 'stdin' });
  const json = JSON.parse(cli('hello', '--json').stdout);
  assert.deepEqual(json.response, { hello: 'hello', event: {} });
  assert.equal(json.statusCode, 200);
  assert.equal(json.report.memorySizeMB, 128);
});

test('a function error exits 1 with its type, message and stack', () => {
  const { status, stdout, stderr } = cli('broken');
  assert.equal(status, 1);
  assert.equal(JSON.parse(stdout).errorType, 'RangeError');
  assert.match(stderr, /^RangeError: too far$/m);
  assert.match(stderr, /at .*index\.js/);
});

test('invalid JSON, a missing file and a missing function are refused with what to do', () => {
  const invalid = cli('hello', '--payload', '{"x": }');
  assert.equal(invalid.status, 2);
  assert.match(
    invalid.stderr,
    /--payload is not valid JSON: value expected at line 1, column 7\. Nothing was sent\./,
  );
  const missing = cli('hello', '--event', join(home, 'nope.json'));
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /Cannot read the event file .*nope\.json/);
  const unknown = cli('nobody');
  assert.equal(unknown.status, 1);
  assert.match(
    unknown.stderr,
    /ResourceNotFoundException: Function not found: arn:aws:lambda:us-east-1:\d+:function:nobody/,
  );
  assert.equal(cli().status, 2);
});

test('--async queues the event and says so', () => {
  const { status, stdout, stderr } = cli('hello', '--async');
  assert.equal(status, 0, stderr);
  assert.equal(stdout, '');
  assert.match(stderr, /Queued \(status 202\)/);
});
