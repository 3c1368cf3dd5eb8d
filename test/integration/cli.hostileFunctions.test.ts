// `lambda-lens functions` and `estimate` against a Lambda endpoint whose answer is hostile: a server's answer is
// untrusted like any input. Escape sequences in a name or a runtime would retitle the terminal or
// clear it; a number where a name belongs would end the command. Each is shown for what it is.
import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

const CLI = join(import.meta.dirname, '..', '..', 'dist', 'cli.js');

const FUNCTIONS = [
  {
    FunctionName: 'evil\u001b]0;owned\u0007',
    Runtime: 'nodejs20.x\u009b2J',
    MemorySize: 128,
    LastModified: 'invoice\u202etxt.exe',
    Environment: { Variables: { SECRET: 'x' } },
  },
  { FunctionName: 42, Runtime: { not: 'text' } },
];

let server: Server;
let url: string;

before(async () => {
  server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      // One answer for every operation: a listing, one function's configuration, no log events.
      const logs = req.headers['x-amz-target'] !== undefined;
      res.writeHead(200, {
        'content-type': logs ? 'application/x-amz-json-1.1' : 'application/json',
      });
      res.end(JSON.stringify(logs ? { events: [] } : { Functions: FUNCTIONS, ...FUNCTIONS[0] }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(() => new Promise<void>((resolve) => server.close(() => resolve())));

function cli(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return run('functions', args);
}

function run(
  command: string,
  args: string[],
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, command, ...args, '--endpoint', url], {
      env: {
        ...process.env,
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
        AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
        AWS_SECRET_ACCESS_KEY: 'secret',
        AWS_REGION: 'us-east-1',
        AWS_PROFILE: '',
      },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

// eslint-disable-next-line no-control-regex -- control characters are what this looks for
const RAW = /[\u001b\u0007\u009b\u202e]/;

test('functions: escape sequences from the server are shown inert, in rows and JSON', async () => {
  for (const args of [[], ['--json'], ['--filter', 'evil']]) {
    const out = await cli(...args);
    assert.equal(out.code, 0, out.stderr);
    assert.doesNotMatch(out.stdout, RAW, args.join(' '));
    assert.match(out.stdout, /evil\\u001b\]0;owned\\u0007/, args.join(' '));
  }
});

test('functions: a number or an object where text belongs is shown, not a crash', async () => {
  for (const args of [[], ['--filter', '4']]) {
    const out = await cli(...args);
    assert.equal(out.code, 0, out.stderr);
    assert.match(out.stdout, /^42\t\{"not":"text"\}/m);
  }
});

test('estimate: the function facts from the server are shown inert, in text and JSON', async () => {
  for (const args of [[], ['--json']]) {
    const out = await run('estimate', ['evil', ...args]);
    assert.equal(out.code, 0, out.stderr);
    assert.doesNotMatch(out.stdout, RAW, args.join(' '));
  }
});
