// What a function shows beneath it in the explorer, from a real function on the local endpoint
// that was invoked cold and warm.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import {
  CreateAliasCommand,
  CreateFunctionCommand,
  InvokeCommand,
  PublishVersionCommand,
} from '@aws-sdk/client-lambda';
import { zipSync } from 'fflate';
import { localLambda } from './extension';
import { children, item, labels, regionChildren } from './tree';
import type { FunctionNode, Node } from '../../src/extension/functionsTree';

const NAME = 'details-fn';

async function functionNode(): Promise<FunctionNode> {
  const node = (await regionChildren('Local', 'us-east-1')).find(
    (n) => (n as FunctionNode).configuration?.FunctionName === NAME,
  );
  if (!node) throw new Error(`${NAME} is not listed`);
  return node as FunctionNode;
}

async function group(label: string): Promise<Node> {
  for (const g of await children(await functionNode()))
    if ((await item(g)).label === label) return g;
  throw new Error(`no group ${label}`);
}

describe('function details in the explorer', () => {
  before(async function () {
    this.timeout(60_000);
    const { lambda } = await localLambda();
    const code =
      'exports.handler = async (event) => { console.log("got", JSON.stringify(event)); return { ok: true }; };';
    await lambda.send(
      new CreateFunctionCommand({
        FunctionName: NAME,
        Role: 'arn:aws:iam::123456789012:role/x',
        Runtime: 'nodejs20.x',
        Handler: 'index.handler',
        MemorySize: 192,
        Code: { ZipFile: zipSync({ 'index.js': new TextEncoder().encode(code) }) },
        Environment: { Variables: { TABLE: 'orders', API_TOKEN: 's3cr3t-value' } },
      }),
    );
    await lambda.send(new InvokeCommand({ FunctionName: NAME, Payload: Buffer.from('{"n":1}') }));
    await lambda.send(new InvokeCommand({ FunctionName: NAME, Payload: Buffer.from('{"n":2}') }));
    await lambda.send(
      new PublishVersionCommand({ FunctionName: NAME, Description: 'first release' }),
    );
    await lambda.send(
      new CreateAliasCommand({ FunctionName: NAME, Name: 'live', FunctionVersion: '1' }),
    );
    lambda.destroy();
  });

  it('groups Configuration, Versions and Aliases, Recent invocations and Log streams', async () => {
    assert.deepEqual(await labels(await children(await functionNode())), [
      'Configuration',
      'Versions and Aliases',
      'Recent invocations',
      'Log streams',
    ]);
  });

  it('shows key facts, and environment values masked until revealed one by one', async () => {
    const facts = await children(await group('Configuration'));
    const described = Object.fromEntries(
      await Promise.all(
        facts.map(async (f) => {
          const i = await item(f);
          return [String(i.label), String(i.description ?? '')];
        }),
      ),
    );
    assert.equal(described.Handler, 'index.handler');
    assert.equal(described.Memory, '192 MB');
    const environment = facts.find(
      (f) => (f as vscode.TreeItem).label === 'Environment variables',
    )!;
    let variables = await Promise.all((await children(environment)).map(item));
    assert.deepEqual(
      variables.map((v) => [v.label, v.description]),
      [
        ['API_TOKEN', '••••••••'],
        ['TABLE', '••••••••'],
      ],
    );
    assert.ok(
      !JSON.stringify(variables.map((v) => v.tooltip)).includes('s3cr3t'),
      'masked values stay out of tooltips too',
    );
    await vscode.commands.executeCommand(
      'lambdaLens.toggleVariable',
      (await children(environment))[0],
    );
    variables = await Promise.all((await children(environment)).map(item));
    assert.deepEqual(
      variables.map((v) => v.description),
      ['s3cr3t-value', '••••••••'],
    );
  });

  it('lists the alias and the versions', async () => {
    const versions = await Promise.all(
      (await children(await group('Versions and Aliases'))).map(item),
    );
    assert.deepEqual(
      versions.map((v) => v.label),
      ['live', 'Version 1', '$LATEST'],
    );
    assert.equal(versions[0]!.description, 'alias → 1');
    assert.match(String(versions[1]!.description), /^first release · /);
  });

  it('shows recent invocations from the REPORT lines: one cold, one warm, newest first', async () => {
    const invocations = await Promise.all(
      (await children(await group('Recent invocations'))).map(item),
    );
    assert.equal(invocations.length, 2);
    assert.match(String(invocations[0]!.label), /^[\d.]+ ms · warm$/);
    assert.match(String(invocations[1]!.label), /^[\d.]+ ms · cold \(init \d+ ms\)$/);
    assert.match(String(invocations[1]!.description), /^\d+\/192 MB · \d+ s ago$/);
  });

  it('lists log streams and opens one with its START/END/REPORT lines', async () => {
    const streams = await children(await group('Log streams'));
    assert.equal(streams.length, 1);
    const stream = await item(streams[0]!);
    assert.match(String(stream.label), /^\d{4}\/\d{2}\/\d{2}\/\[\$LATEST\][0-9a-f]{32}$/);
    await vscode.commands.executeCommand(
      stream.command!.command,
      ...(stream.command!.arguments ?? []),
    );
    const text = vscode.window.activeTextEditor!.document.getText();
    assert.match(text, /START RequestId: \S+ Version: \$LATEST/);
    assert.match(text, /INFO\tgot \{"n":1\}/);
    assert.equal((text.match(/REPORT RequestId/g) ?? []).length, 2);
  });
});
