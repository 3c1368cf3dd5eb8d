// `lambda-lens deploy` against a Lambda endpoint whose answer is hostile: what it says of the
// function (its ARN, code sha, published version) is printed, in text and --json, and escape
// sequences there would retitle or clear the terminal; a number where text belongs would end the
// command after the deploy took effect. Each is shown for what it is.
import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const CLI = join(import.meta.dirname, '..', '..', 'dist', 'cli.js');

/** What the server says the function is: settled, with text fields carrying escape sequences. */
let answer: Record<string, unknown>;
const HOSTILE = {
  FunctionName: 'hello',
  FunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:hello\u001b]0;owned\u0007',
  CodeSha256: 'sha\u009b2Jinvoice\u202etxt',
  Version: '7\u001b[2J',
  Runtime: 'nodejs20.x',
  Handler: 'index.handler',
  State: 'Active',
  LastUpdateStatus: 'Successful',
};

let server: Server;
let url: string;
let dir: string;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'll-hostile-deploy-'));
  writeFileSync(join(dir, 'index.js'), 'exports.handler = async () => "hi";\n');
  server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      // One answer for every operation: a configuration, GetFunction's wrapper and a version.
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ...answer, Configuration: answer }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  rmSync(dir, { recursive: true, force: true });
});

function deploy(
  ...args: string[]
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      [
        CLI,
        'deploy',
        dir,
        '--function',
        'hello',
        '--handler',
        'index.handler',
        '--runtime',
        'nodejs20.x',
        '--publish',
        '--endpoint',
        url,
        ...args,
      ],
      {
        env: {
          ...process.env,
          AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
          AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
          AWS_SECRET_ACCESS_KEY: 'secret',
          AWS_REGION: 'us-east-1',
          AWS_PROFILE: '',
          XDG_CACHE_HOME: join(dir, '.cache'),
          HOME: dir,
        },
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

// eslint-disable-next-line no-control-regex -- control characters are what this looks for
const RAW = /[\u001b\u0007\u009b\u202e]/;

test('deploy: what the server says of the function is shown inert, in text and JSON', async () => {
  answer = HOSTILE;
  for (const args of [[], ['--json']]) {
    const out = await deploy(...args);
    assert.equal(out.code, 0, out.stderr);
    assert.doesNotMatch(out.stdout, RAW, args.join(' '));
    assert.doesNotMatch(out.stderr, RAW, args.join(' '));
    assert.match(out.stdout, /7\\u001b\[2J/, `the version, shown as its escape: ${args.join(' ')}`);
  }
  const json = JSON.parse((await deploy('--json')).stdout) as { functionArn: string };
  assert.equal(json.functionArn, HOSTILE.FunctionArn, 'the JSON still means the same text');
});

test('deploy: a number or an object where text belongs is shown, not a crash', async () => {
  answer = { ...HOSTILE, CodeSha256: 42, Version: { not: 'text' } };
  for (const args of [[], ['--json']]) {
    const out = await deploy(...args);
    assert.equal(out.code, 0, out.stderr);
  }
  assert.match((await deploy()).stdout, /sha 42; version \{"not":"text"\} published/);
});
