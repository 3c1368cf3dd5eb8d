// `lambda-lens deploy` against a Lambda endpoint whose answer is hostile: what it says of the
// function (its ARN, code sha, published version) is printed, in text and --json, and escape
// sequences there would retitle or clear the terminal; a number where text belongs would end the
// command after the deploy took effect. Each is shown for what it is.
import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  cliAgainst,
  RAW_CONTROLS as RAW,
  startHostileServer,
  type HostileServer,
} from './hostileServer';

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

let server: HostileServer;
let dir: string;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'll-hostile-deploy-'));
  writeFileSync(join(dir, 'index.js'), 'exports.handler = async () => "hi";\n');
  // One answer for every operation: a configuration, GetFunction's wrapper and a version.
  server = await startHostileServer(() => ({ ...answer, Configuration: answer }));
});

after(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

const deploy = (...args: string[]) =>
  cliAgainst(
    server.url,
    [
      'deploy',
      dir,
      '--function',
      'hello',
      '--handler',
      'index.handler',
      '--runtime',
      'nodejs20.x',
      '--publish',
      ...args,
    ],
    { env: { XDG_CACHE_HOME: join(dir, '.cache'), HOME: dir } },
  );

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
