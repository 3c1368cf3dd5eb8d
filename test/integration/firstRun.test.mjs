// `npm start` as a new user meets it: its endpoint on the documented home, the workbench's
// extension pointed at that same home, the CLI from a terminal seeing what was deployed, and
// everything still there after Ctrl-C and a second `npm start`.
import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateFunctionCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { defaultLocalHome } from '../../src/core/localHome.ts';
import { extensionHostEnvironment } from '../harness/code-server.mjs';
import {
  documentedHome,
  startSharedEndpoint,
  workbenchEnvironment,
} from '../harness/sharedEndpoint.mjs';
import { NODE_HELLO, ROLE, zipOf } from './endpoint.ts';

const root = join(import.meta.dirname, '..', '..');
let dataHome;
let userEnv;

before(() => {
  dataHome = mkdtempSync(join(tmpdir(), 'll-first-run-'));
  // The user's terminal: no LAMBDA_LENS_HOME, an XDG data folder of its own.
  userEnv = {
    ...process.env,
    XDG_DATA_HOME: dataHome,
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  };
  delete userEnv.LAMBDA_LENS_HOME;
});

after(() => rmSync(dataHome, { recursive: true, force: true }));

/** `lambda-lens functions` from the user's terminal: no --home, the documented one. */
function cliFunctions(...args) {
  const result = spawnSync(process.execPath, [join(root, 'dist', 'cli.js'), 'functions', ...args], {
    encoding: 'utf8',
    env: userEnv,
  });
  assert.equal(result.status, 0, result.stderr);
  return result;
}

function lambdaFor(endpoint) {
  return new LambdaClient({
    endpoint: endpoint.url,
    region: endpoint.region,
    credentials: { accessKeyId: endpoint.accessKeyId, secretAccessKey: endpoint.secretAccessKey },
  });
}

test('the home npm start uses is the one the CLI and the extension document', () => {
  assert.equal(documentedHome(userEnv, homedir()), defaultLocalHome(userEnv, homedir()));
  assert.equal(documentedHome(userEnv, homedir()), join(dataHome, 'lambda-lens', 'local'));
  assert.equal(
    documentedHome({ LAMBDA_LENS_HOME: '/elsewhere' }, homedir()),
    defaultLocalHome({ LAMBDA_LENS_HOME: '/elsewhere' }, homedir()),
  );
});

test('the workbench points the extension at that home, not at its scratch data folder', () => {
  const home = documentedHome(userEnv, homedir());
  const scratch = join(dataHome, 'code-server-scratch');
  const extensionHost = extensionHostEnvironment(scratch, workbenchEnvironment(home));
  assert.notEqual(extensionHost.XDG_DATA_HOME, dataHome, 'VS Code keeps its scratch data folder');
  // The extension's choice when no setting names a home (src/extension/settings.ts).
  assert.equal(defaultLocalHome(extensionHost, homedir()), home);
});

test('an empty region says so; --json prints []', () => {
  const text = cliFunctions();
  assert.equal(text.stdout, '');
  assert.match(text.stderr, /^No functions in Local us-east-1\.$/m);
  assert.match(
    cliFunctions('--filter', 'zzz').stderr,
    /^No functions whose name contains "zzz" in Local us-east-1\.$/m,
  );
  const json = cliFunctions('--json');
  assert.deepEqual(JSON.parse(json.stdout), []);
  assert.doesNotMatch(json.stderr, /No functions/);
});

test("a function deployed through npm start's endpoint is seen by the CLI, and survives Ctrl-C and a restart", async () => {
  const home = documentedHome(userEnv, homedir());
  const first = await startSharedEndpoint({ root, home, env: userEnv });
  assert.equal(first.home, home);
  const lambda = lambdaFor(first);
  try {
    await lambda.send(
      new CreateFunctionCommand({
        FunctionName: 'first-run',
        Role: ROLE,
        Runtime: 'nodejs20.x',
        Handler: 'index.handler',
        Code: { ZipFile: zipOf({ 'index.js': NODE_HELLO }) },
      }),
    );
  } finally {
    lambda.destroy();
  }
  // While it runs, the terminal's CLI reaches the same endpoint.
  assert.match(cliFunctions().stdout, /^first-run\tnodejs20\.x\t128 MB/m);
  await first.stop();
  assert.ok(existsSync(home), 'the home outlives Ctrl-C');

  const second = await startSharedEndpoint({ root, home, env: userEnv });
  try {
    assert.equal(second.home, home);
    assert.deepEqual(
      JSON.parse(cliFunctions('--json').stdout).map((f) => f.FunctionName),
      ['first-run'],
    );
  } finally {
    await second.stop();
  }
});
