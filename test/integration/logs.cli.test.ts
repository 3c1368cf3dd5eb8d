// `lambda-lens logs` as users run it: the built CLI as its own process against a `serve` process
// on a temporary home. --follow runs until SIGINT and prints each line once; search groups lines by
// invocation, newest first, with paging; --request-id prints exactly one invocation's lines.
import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateFunctionCommand, InvokeCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import { clientsFor, ROLE, startServeProcess, zipOf, type ServeProcess } from './endpoint';
import { waitFor } from './invokeKit';

const CLI = join(import.meta.dirname, '..', '..', 'dist', 'cli.js');
const ENV = { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' };
let home: string;
let serve: ServeProcess;
let lambda: LambdaClient;

// Prints its event's lines; a bare write (no request id) between them; an escape sequence.
const PRINTER = `exports.handler = async (event, context) => {
  for (const line of event.lines ?? []) console.log(line);
  process.stdout.write('bare line without an id\\n');
  if (event.escape) console.log('\\u001b]0;owned\\u0007 title');
  return context.awsRequestId;
};
`;

before(async () => {
  home = mkdtempSync(join(tmpdir(), 'll-cli-logs-'));
  serve = await startServeProcess(home);
  ({ lambda } = clientsFor(serve.url, serve));
  await lambda.send(
    new CreateFunctionCommand({
      FunctionName: 'printer',
      Role: ROLE,
      Runtime: 'nodejs20.x',
      Handler: 'index.handler',
      Code: { ZipFile: zipOf({ 'index.js': PRINTER }) },
    }),
  );
});

after(async () => {
  lambda?.destroy();
  serve?.child.kill('SIGTERM');
  rmSync(home, { recursive: true, force: true });
});

async function invokePrinter(event: object): Promise<string> {
  const out = await lambda.send(
    new InvokeCommand({ FunctionName: 'printer', Payload: Buffer.from(JSON.stringify(event)) }),
  );
  return JSON.parse(Buffer.from(out.Payload!).toString()) as string;
}

function cli(...args: string[]) {
  const result = spawnSync(process.execPath, [CLI, 'logs', ...args, '--home', home], {
    encoding: 'utf8',
    env: ENV,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

test('--follow prints each line once, in order, until SIGINT; escapes are inert', async () => {
  await invokePrinter({ lines: ['before the follow'] });
  const child = spawn(process.execPath, [CLI, 'logs', 'printer', '--follow', '--home', home], {
    env: ENV,
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => {
    stdout += d;
  });
  child.stderr.on('data', (d) => {
    stderr += d;
  });
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  try {
    await waitFor(
      'the follow to start',
      async () => (stderr.includes('with Live Tail') ? true : undefined),
      15_000,
    );
    for (let i = 0; i < 3; i++)
      await invokePrinter({
        lines: Array.from({ length: 50 }, (_, n) => `round ${i} line ${n}`),
        escape: i === 2,
      });
    await waitFor(
      'the last line',
      async () =>
        stdout.includes('round 2 line 49') &&
        /REPORT RequestId[^\n]*\n[\s\S]*REPORT RequestId[^\n]*\n[\s\S]*REPORT RequestId/.test(
          stdout,
        )
          ? true
          : undefined,
      10_000,
    );
  } finally {
    child.kill('SIGINT');
  }
  assert.equal(await exited, 0, stderr);
  const printed = stdout
    .split('\n')
    .filter((l) => /\tround \d line \d+$/.test(l))
    .map((l) => l.slice(l.lastIndexOf('round')));
  const expected = [0, 1, 2].flatMap((i) =>
    Array.from({ length: 50 }, (_, n) => `round ${i} line ${n}`),
  );
  assert.deepEqual(printed, expected, 'every line once, in order');
  assert.equal((stdout.match(/bare line without an id/g) ?? []).length, 3);
  assert.ok(!stdout.includes('before the follow'), 'only lines from the start of the follow');
  assert.ok(!stdout.includes('\u001b'), 'no raw escape reaches the terminal');
  assert.match(stdout, /\\u001b\]0;owned\\u0007 title/);
});

test('--follow to a reader that stops reading for a while: the follow waits for it, then every line arrives once, in order', async () => {
  await invokePrinter({ lines: [] }); // the log group exists
  const child = spawn(process.execPath, [CLI, 'logs', 'printer', '--follow', '--home', home], {
    env: ENV,
  });
  const chunks: Buffer[] = [];
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => {
    chunks.push(d);
  });
  child.stderr.on('data', (d) => {
    stderr += d;
  });
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  const count = 30_000;
  try {
    await waitFor(
      'the follow to start',
      async () => (stderr.includes('with Live Tail') ? true : undefined),
      15_000,
    );
    // Nothing is read: the pipe fills, then stdout's buffer; the follow stops reading its session.
    child.stdout.pause();
    await invokePrinter({ lines: Array.from({ length: count }, (_, n) => `held line ${n}`) });
    await new Promise((resolve) => setTimeout(resolve, 1000));
    child.stdout.resume();
    await waitFor(
      'the last line',
      async () =>
        Buffer.concat(chunks)
          .toString()
          .includes(`held line ${count - 1}\n`)
          ? true
          : undefined,
      20_000,
    ).catch((e) => {
      const t = Buffer.concat(chunks).toString();
      throw new Error(
        `${e.message}: ${t.length} chars, last ${JSON.stringify(t.slice(-300))}, stderr ${stderr}`,
      );
    });
  } finally {
    child.kill('SIGINT');
  }
  assert.equal(await exited, 0, stderr);
  const printed = Buffer.concat(chunks)
    .toString()
    .split('\n')
    .filter((l) => /\theld line \d+$/.test(l))
    .map((l) => Number(l.slice(l.lastIndexOf(' ') + 1)));
  assert.equal(printed.length, count, 'every line once');
  assert.ok(
    printed.every((n, i) => n === i),
    'in order',
  );
  assert.ok(!stderr.includes('left out'), 'the session held them all (none sampled)');
});

test('--request-id prints exactly one invocation, START to REPORT, with its lines that name no id', async () => {
  await invokePrinter({ lines: ['first call'] });
  const id = await invokePrinter({ lines: ['the one we want', 'and its second line'] });
  await invokePrinter({ lines: ['third call'] });
  const { status, stdout, stderr } = cli('printer', '--request-id', id);
  assert.equal(status, 0, stderr);
  const lines = stdout.trim().split('\n');
  assert.match(lines[0]!, new RegExp(`START RequestId: ${id}`));
  assert.match(lines[lines.length - 1]!, new RegExp(`REPORT RequestId: ${id}`));
  assert.ok(stdout.includes('the one we want') && stdout.includes('and its second line'));
  assert.equal(
    (stdout.match(/bare line without an id/g) ?? []).length,
    1,
    'its own bare line, and no other',
  );
  assert.ok(!stdout.includes('first call') && !stdout.includes('third call'));
});

test('search groups lines by invocation, newest first, a page at a time', async () => {
  const ids: string[] = [];
  for (let i = 0; i < 5; i++)
    ids.push(await invokePrinter({ lines: [`searchable ${i}`, `other ${i}`] }));
  const seen: string[] = [];
  let token: string | undefined;
  let pages = 0;
  do {
    const { status, stdout, stderr } = cli(
      'printer',
      '--filter',
      'searchable',
      '--json',
      '--limit',
      '2',
      ...(token ? ['--next-token', token] : []),
    );
    assert.equal(status, 0, stderr);
    pages++;
    for (const row of stdout.trim().split('\n').filter(Boolean)) {
      const group = JSON.parse(row) as { requestId: string; lines: { message: string }[] };
      assert.equal(group.lines.length, 1);
      assert.match(group.lines[0]!.message, /searchable \d/);
      seen.push(group.requestId);
    }
    token = /--next-token (\S+)/.exec(stderr)?.[1];
  } while (token && pages < 10);
  assert.deepEqual(seen, [...ids].reverse(), 'each invocation once, newest first');
  assert.equal(pages, 3);
});

test('usage errors say what to do', () => {
  assert.equal(cli('printer', '--request-id', 'nope').status, 2);
  assert.equal(cli('printer', '--since', 'yesterday').status, 2);
  const bad = cli('printer', '--filter', '{ $.x = ');
  assert.equal(bad.status, 2, bad.stderr);
});

test("--follow --since shows the earlier lines once, then those that arrive; --json marks the endpoint's own lines", async () => {
  const earlier = await invokePrinter({
    lines: [
      'earlier line',
      'REPORT RequestId: 00000000-0000-0000-0000-000000000000\tDuration: 1.00 ms',
    ],
  });
  const child = spawn(
    process.execPath,
    [CLI, 'logs', 'printer', '--follow', '--since', '1h', '--json', '--home', home],
    { env: ENV },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => {
    stdout += d;
  });
  child.stderr.on('data', (d) => {
    stderr += d;
  });
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  let later = '';
  try {
    await waitFor(
      'the earlier lines',
      async () => (stdout.includes(earlier) ? true : undefined),
      15_000,
    );
    later = await invokePrinter({ lines: ['later line'] });
    await waitFor(
      'the later REPORT',
      async () => (stdout.includes(`REPORT RequestId: ${later}`) ? true : undefined),
      10_000,
    );
  } finally {
    child.kill('SIGINT');
  }
  assert.equal(await exited, 0, stderr);
  const records = stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { message: string; platform?: boolean });
  const count = (text: string) => records.filter((r) => r.message.includes(text)).length;
  assert.equal(count('earlier line'), 1);
  assert.equal(count('later line'), 1);
  assert.equal(
    records.find((r) => r.message.startsWith(`START RequestId: ${later}`))?.platform,
    true,
  );
  assert.equal(
    records.find((r) => r.message.startsWith(`REPORT RequestId: ${earlier}`))?.platform,
    true,
  );
  const forged = records.filter((r) => r.message.includes('REPORT RequestId: 00000000'));
  assert.ok(
    forged.length >= 1 && forged.every((r) => r.platform === undefined),
    "a REPORT the function printed is not the endpoint's",
  );
});
