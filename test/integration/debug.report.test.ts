// Debug invocations count in no statistic, as users read them: after two normal invokes and one
// `lambda-lens invoke --debug` with a debugger attached (the inspector protocol, as VS Code and
// Chrome DevTools speak it), `report --json` and `estimate --json` (the panel's figures, from the
// same REPORT reader) see two invocations. The debug one wrote its DEBUG line instead of REPORT.
import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateFunctionCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import {
  clientsFor,
  ROLE,
  startServeProcess,
  stopServeProcess,
  zipOf,
  type ServeProcess,
} from './endpoint';
import { freePort, inspectorUrl, InspectorClient } from './debugKit';

const CLI = join(import.meta.dirname, '..', '..', 'dist', 'cli.js');
const ENV = { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' };
let home: string;
let serve: ServeProcess;
let lambda: LambdaClient;

function cli(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [CLI, ...args, '--home', home], {
    encoding: 'utf8',
    env: ENV,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

before(async () => {
  home = mkdtempSync(join(tmpdir(), 'll-debug-report-'));
  serve = await startServeProcess(home);
  ({ lambda } = clientsFor(serve.url, serve));
  await lambda.send(
    new CreateFunctionCommand({
      FunctionName: 'counted',
      Role: ROLE,
      Runtime: 'nodejs20.x',
      Handler: 'index.handler',
      Code: {
        ZipFile: zipOf({
          'index.js': 'exports.handler = async (event) => ({ twice: event.x * 2 });\n',
        }),
      },
    }),
  );
});

after(async () => {
  lambda?.destroy();
  if (serve) await stopServeProcess(serve);
  rmSync(home, { recursive: true, force: true });
});

test('report --json and estimate --json leave out an invoke --debug with a debugger attached', async () => {
  for (let i = 0; i < 2; i++)
    assert.equal(cli('invoke', 'counted', '--payload', '{"x":1}').status, 0);

  const port = await freePort();
  const debug = spawn(
    process.execPath,
    [CLI, 'invoke', 'counted', `--debug=${port}`, '--payload', '{"x":21}', '--home', home],
    { env: ENV, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stdout = '';
  let stderr = '';
  debug.stdout.setEncoding('utf8').on('data', (text: string) => {
    stdout += text;
  });
  debug.stderr.setEncoding('utf8').on('data', (text: string) => {
    stderr += text;
  });
  const exited = new Promise<number | null>((resolve) => debug.once('exit', resolve));
  const client = await InspectorClient.connect(await inspectorUrl(port));
  try {
    await client.send('Debugger.enable');
    await client.send('Runtime.runIfWaitingForDebugger');
    await client.event('Debugger.paused'); // Break on start
    await client.send('Debugger.resume');
    assert.equal(await exited, 0, stderr);
  } finally {
    client.close();
  }
  assert.deepEqual(JSON.parse(stdout), { twice: 42 });
  assert.match(stderr, /^DEBUG RequestId: [0-9a-f-]{36}\tDuration: /m);
  assert.doesNotMatch(stderr, /^REPORT RequestId/m);

  const report = cli('report', 'counted', '--since', '1h', '--json');
  assert.equal(report.status, 0, report.stderr);
  const { summary } = JSON.parse(report.stdout) as {
    summary: { invocations: number; coldStarts: number };
  };
  assert.deepEqual(
    [summary.invocations, summary.coldStarts],
    [2, 1],
    'the two normal invocations only',
  );
  const estimate = cli('estimate', 'counted', '--window', '1h', '--json');
  assert.equal(estimate.status, 0, estimate.stderr);
  const { observed } = JSON.parse(estimate.stdout) as {
    observed: { invocations: number; coldStarts: number };
  };
  assert.deepEqual([observed.invocations, observed.coldStarts], [2, 1]);
});
