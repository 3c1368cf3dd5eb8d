// `serve` and `start-api` started by a parent through a pipe (--stop-on-stdin-close) stop cleanly
// on a SIGTERM sent the moment they say they are ready, with their stdin still open. They used to
// stop serving but go on reading stdin (the process lived until the pipe closed), and a SIGTERM
// right after the ready line could come before they listened for it (death by its default action).
import { after, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const CLI = join(import.meta.dirname, '..', '..', 'dist', 'cli.js');
const work = mkdtempSync(join(tmpdir(), 'll-signal-stop-'));
const children: ChildProcess[] = [];
after(() => {
  for (const child of children) child.kill('SIGKILL');
  rmSync(work, { recursive: true, force: true });
});

/** Starts the command with stdin a pipe left open, sends SIGTERM once it serves; how it exited ('lingers' if it did not within 8 s). */
async function exitOnSigterm(
  args: string[],
): Promise<{ code: number | null; signal: NodeJS.Signals | null } | 'lingers'> {
  const child = spawn(process.execPath, [CLI, ...args, '--json', '--stop-on-stdin-close'], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  children.push(child);
  let stderr = '';
  child.stderr!.on('data', (d) => {
    stderr += d;
  });
  await new Promise<void>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', () => resolve());
    child.once('exit', (code) =>
      reject(new Error(`exited with ${code} before serving: ${stderr}`)),
    );
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  child.kill('SIGTERM');
  return Promise.race([
    exited,
    new Promise<'lingers'>((resolve) => setTimeout(() => resolve('lingers'), 8_000)),
  ]);
}

test('serve --stop-on-stdin-close exits on SIGTERM with its stdin still open', async () => {
  assert.deepEqual(await exitOnSigterm(['serve', '--home', join(work, 'serve-home')]), {
    code: 0,
    signal: null,
  });
});

test('start-api --stop-on-stdin-close exits on SIGTERM with its stdin still open', async () => {
  const project = join(work, 'project');
  mkdirSync(join(project, 'hello'), { recursive: true });
  writeFileSync(
    join(project, 'hello', 'index.js'),
    "exports.handler = async () => ({ statusCode: 200, body: 'hello' });\n",
  );
  writeFileSync(
    join(project, 'template.yaml'),
    `Transform: AWS::Serverless-2016-10-31
Resources:
  Hello:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: hello/
      Handler: index.handler
      Runtime: nodejs20.x
      Events:
        Hello: { Type: HttpApi, Properties: { Path: /hello, Method: GET } }
`,
  );
  assert.deepEqual(
    await exitOnSigterm(['start-api', project, '--port', '0', '--home', join(work, 'api-home')]),
    { code: 0, signal: null },
  );
});
