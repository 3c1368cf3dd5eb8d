// `lambda-lens invoke --debug` as users run it: the built CLI as its own process against a `serve`
// process, with Node's own command-line debugger (`node inspect`) attached and driven through its
// stdin; and without any debugger, where the CLI says so and exits non-zero.
import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateFunctionCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import { clientsFor, ROLE, startServeProcess, zipOf, type ServeProcess } from './endpoint';
import { waitFor } from './invokeKit';
import { freePort, listening } from './debugKit';

const CLI = join(import.meta.dirname, '..', '..', 'dist', 'cli.js');
const ENV = { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' };
let home: string;
let serve: ServeProcess;
let lambda: LambdaClient;

const HANDLER =
  'exports.handler = async (event) => {\n  const doubled = event.x * 2;\n  return { doubled };\n};\n';

before(async () => {
  home = mkdtempSync(join(tmpdir(), 'll-cli-debug-'));
  serve = await startServeProcess(home);
  ({ lambda } = clientsFor(serve.url, serve));
  await lambda.send(
    new CreateFunctionCommand({
      FunctionName: 'doubler',
      Role: ROLE,
      Runtime: 'nodejs20.x',
      Handler: 'index.handler',
      Timeout: 1,
      Code: { ZipFile: zipOf({ 'index.js': HANDLER }) },
    }),
  );
});

after(async () => {
  lambda?.destroy();
  serve?.child.kill('SIGTERM');
  rmSync(home, { recursive: true, force: true });
});

/** A process whose output is collected, and waited on for a pattern (appearing after what was already matched). */
class Watched {
  output = '';
  private seen = 0;
  readonly exited: Promise<number | null>;

  constructor(
    readonly child: ChildProcess,
    streams: ('stdout' | 'stderr')[],
  ) {
    for (const name of streams)
      child[name]!.setEncoding('utf8').on('data', (text: string) => {
        this.output += text;
      });
    this.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  }

  async waitFor(pattern: RegExp, timeoutMs = 20_000): Promise<RegExpMatchArray> {
    const match = await waitFor(
      `${pattern} in:\n${this.output}`,
      async () => {
        const found = pattern.exec(this.output.slice(this.seen));
        return found ?? undefined;
      },
      timeoutMs,
    );
    this.seen += match.index! + match[0].length;
    return match;
  }

  type(line: string): void {
    this.child.stdin!.write(`${line}\n`);
  }
}

test('invoke --debug with `node inspect`: it prints where to attach, the debugger stops in the handler, cont answers', async () => {
  const port = await freePort();
  const invoke = spawn(
    process.execPath,
    [CLI, 'invoke', 'doubler', `--debug=${port}`, '--payload', '{"x":21}', '--home', home],
    { env: ENV, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const stdout = new Watched(invoke, ['stdout']);
  const stderr = new Watched(invoke, ['stderr']);
  await stderr.waitFor(
    new RegExp(`^Debugger listening on ws://127\\.0\\.0\\.1:${port}/[0-9a-f-]+$`, 'm'),
  );
  await stderr.waitFor(/^Waiting up to 120 s for a debugger to attach/m);

  const inspect = new Watched(
    spawn(process.execPath, ['inspect', `127.0.0.1:${port}`], {
      env: ENV,
      stdio: ['pipe', 'pipe', 'pipe'],
    }),
    ['stdout', 'stderr'],
  );
  try {
    await inspect.waitFor(/Break on start in /);
    inspect.type("sb('index.js', 3)");
    inspect.type('cont');
    await inspect.waitFor(/break in \S*index\.js:3/);
    await new Promise((r) => setTimeout(r, 1_500)); // longer than the function's Timeout: 1
    inspect.type('exec event.x');
    await inspect.waitFor(/^(debug> )?21$/m);
    inspect.type('cont');
    assert.equal(await stdout.exited, 0, stderr.output);
  } finally {
    inspect.child.kill();
  }
  assert.deepEqual(JSON.parse(stdout.output), { doubled: 42 });
  assert.match(stderr.output, /^DEBUG RequestId: [0-9a-f-]{36}\tDuration: /m);
  assert.doesNotMatch(stderr.output, /Task timed out|^REPORT /m);
});

test('invoke --debug against --endpoint with no debugger in time: says so, exits 1, the environment is stopped', async () => {
  const port = await freePort();
  const result = spawnSync(
    process.execPath,
    [
      CLI,
      'invoke',
      'doubler',
      `--debug=${port}`,
      '--debug-wait',
      '1',
      '--endpoint',
      serve.url,
      '--payload',
      '{"x":1}',
    ],
    {
      encoding: 'utf8',
      env: {
        ...ENV,
        AWS_ACCESS_KEY_ID: serve.accessKeyId,
        AWS_SECRET_ACCESS_KEY: serve.secretAccessKey,
        AWS_REGION: 'us-east-1',
      },
    },
  );
  assert.equal(result.status, 1, result.stderr);
  assert.match(
    result.stderr,
    new RegExp(`^Debugger listening on ws://127\\.0\\.0\\.1:${port}/`, 'm'),
  );
  assert.match(result.stderr, /^Waiting up to 1 s for a debugger to attach/m);
  assert.match(
    result.stderr,
    new RegExp(
      `^Runtime\\.DebuggerNotAttached: RequestId: [0-9a-f-]{36} Error: No debugger attached to 127\\.0\\.0\\.1:${port} within 1 second; the debug environment was stopped\\.$`,
      'm',
    ),
  );
  await waitFor(
    'the inspector to close',
    async () => ((await listening(port)) ? undefined : true),
    5_000,
  );
});

test('invoke --debug usage errors say what to write', () => {
  const usage = (...args: string[]) =>
    spawnSync(process.execPath, [CLI, 'invoke', ...args, '--home', home], {
      encoding: 'utf8',
      env: ENV,
    });
  const cases: [string[], RegExp][] = [
    [
      ['doubler', '--debug=abc'],
      /--debug=abc: The debug port must be a whole number from 1 to 65535/,
    ],
    [['doubler', '--debug', '9229'], /--debug takes its port as --debug=PORT/],
    [['doubler', '--debug', '--async'], /--debug and --async do not go together/],
    [['doubler', '--debug-wait', '5'], /--debug-wait goes with --debug/],
    [['doubler', '--debug', '--debug-wait', '0'], /--debug-wait: .*from 1 to 900/],
    [['doubler', '--debug', '--profile', 'dev'], /--debug runs on the local endpoint/],
  ];
  for (const [args, message] of cases) {
    const { status, stderr } = usage(...args);
    assert.equal(status, 2, `${args.join(' ')}: ${stderr}`);
    assert.match(stderr, message);
  }
  const missing = usage('no-such-function', '--debug');
  assert.equal(missing.status, 1);
  assert.match(missing.stderr, /ResourceNotFoundException/);
});
