import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { getPriority } from 'node:os';
import type * as vscode from 'vscode';
import {
  CreateFunctionCommand,
  InvokeCommand,
  waitUntilFunctionActiveV2,
} from '@aws-sdk/client-lambda';
import { zipSync } from 'fflate';
import { activated, localLambda } from './extension';
import { item, regionChildren } from './tree';

const home = process.env.LAMBDA_LENS_HOME!;

async function localChildren(): Promise<vscode.TreeItem[]> {
  return Promise.all((await regionChildren('Local', 'us-east-1')).map(item));
}

async function waitFor(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('the local endpoint from the extension', () => {
  it("runs on a home given to the test (not the user's)", () => {
    assert.ok(
      home && home.includes('ll-vscode-home-'),
      `LAMBDA_LENS_HOME should point at a test folder, not ${home}`,
    );
  });

  it('starts on demand when Local is expanded, and lists its functions', async () => {
    const before = (await localChildren()).map((n) => n.label);
    assert.ok(!before.includes('from-sdk'));
    const { local: connection, lambda } = await localLambda();
    assert.equal(connection.owned, true);
    const zip = zipSync({
      'index.js': new TextEncoder().encode('exports.handler = async () => 1;'),
    });
    await lambda.send(
      new CreateFunctionCommand({
        FunctionName: 'from-sdk',
        Role: 'arn:aws:iam::123456789012:role/x',
        Runtime: 'nodejs20.x',
        Handler: 'index.handler',
        Code: { ZipFile: zip },
        MemorySize: 256,
      }),
    );
    // Listed once Active (a new function is Pending for a moment, as on AWS, and the view says so).
    await waitUntilFunctionActiveV2(
      { client: lambda, maxWaitTime: 30, minDelay: 1 },
      { FunctionName: 'from-sdk' },
    );
    lambda.destroy();
    const listed = (await localChildren()).find((n) => n.label === 'from-sdk');
    assert.equal(listed?.description, 'nodejs20.x · 256 MB · x86_64');
  });

  it('stops the endpoint it started when disposed (as on deactivate), and starts again on demand', async () => {
    const api = await activated();
    await api.localEndpoint.ensureStarted();
    const lock = join(home, 'endpoint.lock');
    assert.ok(existsSync(lock));
    const pid = (JSON.parse(readFileSync(lock, 'utf8')) as { pid: number }).pid;
    api.localEndpoint.dispose();
    await waitFor(() => !existsSync(lock), 'the endpoint to release its lock');
    const alive = () => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    };
    await waitFor(() => !alive(), 'the endpoint process to exit');
    const second = await api.localEndpoint.ensureStarted();
    assert.equal(second.owned, true);
    assert.notEqual(
      (JSON.parse(readFileSync(lock, 'utf8')) as { pid: number }).pid,
      pid,
      'a new endpoint process',
    );
    assert.ok(
      (await localChildren()).some((n) => n.label === 'from-sdk'),
      'functions survive the restart',
    );
  });

  it("runs below the editor's scheduling priority, and so do the functions it starts", async () => {
    const { local: connection, lambda } = await localLambda();
    assert.equal(connection.owned, true);
    const pid = (JSON.parse(readFileSync(join(home, 'endpoint.lock'), 'utf8')) as { pid: number })
      .pid;
    assert.ok(
      getPriority(pid) > getPriority(),
      `the endpoint's priority ${getPriority(pid)} is below the extension host's ${getPriority()}`,
    );
    await lambda.send(
      new CreateFunctionCommand({
        FunctionName: 'own-priority',
        Role: 'arn:aws:iam::123456789012:role/x',
        Runtime: 'nodejs20.x',
        Handler: 'index.handler',
        Code: {
          ZipFile: zipSync({
            'index.js': new TextEncoder().encode(
              "exports.handler = async () => require('node:os').getPriority();",
            ),
          }),
        },
      }),
    );
    await waitUntilFunctionActiveV2(
      { client: lambda, maxWaitTime: 30, minDelay: 1 },
      { FunctionName: 'own-priority' },
    );
    const answer = await lambda.send(new InvokeCommand({ FunctionName: 'own-priority' }));
    lambda.destroy();
    assert.equal(
      Number(new TextDecoder().decode(answer.Payload)),
      getPriority(pid),
      "the function runs at its endpoint's priority",
    );
  });
});
