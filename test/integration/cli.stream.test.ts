// `lambda-lens invoke --stream` as users run it: the built CLI as its own process against a `serve`
// process, InvokeWithResponseStream through the SDK: chunks reach stdout as the function writes
// them; a runtime that cannot stream is said once on stderr; errors exit 1.
import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateFunctionCommand, type LambdaClient, type Runtime } from '@aws-sdk/client-lambda';
import { clientsFor, ROLE, startServeProcess, zipOf, type ServeProcess } from './endpoint';

const CLI = join(import.meta.dirname, '..', '..', 'dist', 'cli.js');
let home: string;
let serve: ServeProcess;
let lambda: LambdaClient;

interface Run {
  readonly status: number | null;
  /** stdout as it arrived, with the milliseconds since the start. */
  readonly chunks: { text: string; at: number }[];
  readonly stdout: string;
  readonly stderr: string;
  readonly endedAt: number;
}

function cli(...args: string[]): Promise<Run> {
  const began = performance.now();
  const child = spawn(process.execPath, [CLI, 'invoke', ...args, '--home', home], {
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  });
  const chunks: Run['chunks'] = [];
  let stderr = '';
  child.stdout.on('data', (data: Buffer) =>
    chunks.push({ text: data.toString(), at: performance.now() - began }),
  );
  child.stderr.on('data', (data: Buffer) => {
    stderr += data.toString();
  });
  return new Promise((resolve) =>
    child.on('close', (status) =>
      resolve({
        status,
        chunks,
        stdout: chunks.map((c) => c.text).join(''),
        stderr,
        endedAt: performance.now() - began,
      }),
    ),
  );
}

async function create(
  name: string,
  runtime: Runtime,
  handler: string,
  files: Record<string, string>,
): Promise<void> {
  await lambda.send(
    new CreateFunctionCommand({
      FunctionName: name,
      Role: ROLE,
      Runtime: runtime,
      Handler: handler,
      Code: { ZipFile: zipOf(files) },
    }),
  );
}

before(async () => {
  home = mkdtempSync(join(tmpdir(), 'll-cli-stream-'));
  serve = await startServeProcess(home);
  ({ lambda } = clientsFor(serve.url, serve));
  await create('streamer', 'nodejs20.x', 'index.handler', {
    'index.js': `exports.handler = awslambda.streamifyResponse(async (event, s) => {
  s.write('first ');
  await new Promise((resolve) => setTimeout(resolve, 1000));
  if (event.fail) throw new TypeError('broke mid-stream');
  s.end('second');
});
`,
  });
  await create('py', 'python3.12', 'app.handler', {
    'app.py': 'def handler(event, context):\n    return {"py": event.get("n")}\n',
  });
});

after(async () => {
  lambda?.destroy();
  serve?.child.kill('SIGTERM');
  rmSync(home, { recursive: true, force: true });
});

test('--stream writes the chunks to stdout as they arrive; the REPORT headline follows on stderr', async () => {
  await cli('streamer', '--stream'); // cold start out of the way
  const run = await cli('streamer', '--stream');
  assert.equal(run.status, 0, run.stderr);
  assert.equal(run.stdout, 'first second');
  assert.equal(run.chunks[0]!.text, 'first ');
  assert.ok(
    run.endedAt - run.chunks[0]!.at >= 800,
    `stdout chunks at ${run.chunks.map((c) => c.at.toFixed(0)).join(', ')} ms, end at ${run.endedAt.toFixed(0)} ms`,
  );
  assert.match(
    run.stderr,
    /^Duration [\d.]+ ms · billed \d+ ms · memory \d+ of 128 MB · (cold start, init [\d.]+ ms|warm)$/m,
  );
  assert.doesNotMatch(run.stderr, /does not stream/);
});

test('a runtime that cannot stream is said once on stderr; its response arrives whole', async () => {
  const run = await cli('py', '--stream', '--payload', '{"n":7}');
  assert.equal(run.status, 0, run.stderr);
  assert.deepEqual(JSON.parse(run.stdout), { py: 7 });
  assert.equal(
    run.stderr.match(/python3\.12 does not stream responses on Lambda/g)?.length,
    1,
    run.stderr,
  );
});

test('an error mid-stream: the bytes so far on stdout, the error on stderr, exit 1', async () => {
  const run = await cli('streamer', '--stream', '--payload', '{"fail":true}');
  assert.equal(run.status, 1);
  assert.equal(run.stdout, 'first ');
  assert.match(run.stderr, /^TypeError: broke mid-stream$/m);
});

test('--stream with --async, --json or --debug is a usage error; an unknown function says so', async () => {
  for (const extra of ['--async', '--json', '--debug']) {
    const run = await cli('streamer', '--stream', extra);
    assert.equal(run.status, 2, `${extra}: ${run.stderr}`);
    assert.match(run.stderr, /--stream goes with none of/);
  }
  const missing = await cli('nope', '--stream');
  assert.equal(missing.status, 1);
  assert.match(missing.stderr, /ResourceNotFoundException/);
});
