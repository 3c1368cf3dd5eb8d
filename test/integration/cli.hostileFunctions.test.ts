// `lambda-lens functions` and `estimate` against a Lambda endpoint whose answer is hostile: a server's answer is
// untrusted like any input. Escape sequences in a name or a runtime would retitle the terminal or
// clear it; a number where a name belongs would end the command. Each is shown for what it is.
import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import {
  cliAgainst,
  RAW_CONTROLS as RAW,
  startHostileServer,
  type HostileServer,
} from './hostileServer';

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

let server: HostileServer;

before(async () => {
  // One answer for every operation: a listing, one function's configuration, no log events.
  server = await startHostileServer((req) =>
    req.headers['x-amz-target'] !== undefined
      ? { events: [] }
      : { Functions: FUNCTIONS, ...FUNCTIONS[0] },
  );
});

after(() => server.close());

const cli = (...args: string[]) => cliAgainst(server.url, ['functions', ...args]);
const run = (command: string, args: string[]) => cliAgainst(server.url, [command, ...args]);

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
