// Invoke from the explorer and the palette, in the real extension host, against real functions
// on the local endpoint: the event picked, the response document, the log tail and REPORT
// figures, a function's error, and events refused before anything is sent.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import {
  CreateAliasCommand,
  CreateFunctionCommand,
  type LambdaClient,
  PublishVersionCommand,
} from '@aws-sdk/client-lambda';
import { CloudWatchLogsClient, FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { zipSync } from 'fflate';
import { activated, localLambda, useLocalConnection } from './extension';
import { regionChildren } from './tree';
import type { FunctionNode } from '../../src/extension/functionsTree';

const ECHO = 'invoke-echo';
const FAILS = 'invoke-fails';
const ROLE = 'arn:aws:iam::123456789012:role/x';
const zip = (code: string) => zipSync({ 'index.js': new TextEncoder().encode(code) });

async function node(name: string): Promise<FunctionNode> {
  const found = (await regionChildren('Local', 'us-east-1')).find(
    (n) => (n as FunctionNode).configuration?.FunctionName === name,
  );
  if (!found) throw new Error(`${name} is not listed`);
  return found as FunctionNode;
}

/** Answers the command's questions in order: each answer is a predicate over the offered items. */
async function answer(...choices: ((item: string) => boolean)[]): Promise<string[][]> {
  const offered: string[][] = [];
  (await activated()).ui.pick = async (items) => {
    offered.push([...items]);
    const choose = choices.shift();
    return choose ? items.find(choose) : undefined;
  };
  return offered;
}

/** REPORT lines the local endpoint logged for a function: one per invocation that ran. */
async function reportCount(logs: CloudWatchLogsClient, name: string): Promise<number> {
  const out = await logs.send(
    new FilterLogEventsCommand({
      logGroupName: `/aws/lambda/${name}`,
      filterPattern: '"REPORT RequestId"',
    }),
  );
  return out.events?.length ?? 0;
}

async function responseText(): Promise<string> {
  const editor = vscode.window.activeTextEditor;
  assert.ok(editor, 'the response opens in an editor');
  assert.equal(editor.document.uri.scheme, 'lambda-lens');
  return editor.document.getText();
}

describe('invoke', () => {
  let lambda: LambdaClient;
  let logs: CloudWatchLogsClient;
  const eventsFolder = () =>
    vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0]!.uri, '.lambda-lens', 'events', ECHO);

  before(async function () {
    this.timeout(60_000);
    const { local, lambda: client } = await localLambda();
    lambda = client;
    logs = new CloudWatchLogsClient({
      endpoint: local.url,
      region: local.region,
      credentials: local.credentials,
    });
    await useLocalConnection();
    await lambda.send(
      new CreateFunctionCommand({
        FunctionName: ECHO,
        Role: ROLE,
        Runtime: 'nodejs20.x',
        Handler: 'index.handler',
        Code: {
          ZipFile: zip(
            'exports.handler = async (event, context) => { console.log("echo", JSON.stringify(event)); return { got: event, version: context.functionVersion }; };',
          ),
        },
      }),
    );
    await lambda.send(
      new CreateFunctionCommand({
        FunctionName: FAILS,
        Role: ROLE,
        Runtime: 'nodejs20.x',
        Handler: 'index.handler',
        Code: {
          ZipFile: zip(
            'exports.handler = async () => { throw new TypeError("the id is missing"); };',
          ),
        },
      }),
    );
    await vscode.workspace.fs.writeFile(
      vscode.Uri.joinPath(eventsFolder(), 'order.json'),
      new TextEncoder().encode('{ "orderId": 42 }\n'),
    );
    await vscode.workspace.fs.writeFile(
      vscode.Uri.joinPath(eventsFolder(), 'broken.json'),
      new TextEncoder().encode('{\n  "orderId": 42,\n}\n'),
    );
  });

  after(async () => {
    lambda?.destroy();
    logs?.destroy();
    await vscode.workspace.fs.delete(
      vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0]!.uri, '.lambda-lens'),
      { recursive: true },
    );
  });

  it('invokes a tree item with an event saved in the workspace and shows the response, the log and the REPORT figures', async function () {
    this.timeout(30_000);
    const offered = await answer((i) => i.startsWith('Saved: ') && i.endsWith('order.json'));
    const summary = await vscode.commands.executeCommand<
      { headline?: string; log: string } | undefined
    >('lambdaLens.invoke', await node(ECHO));
    // (A "Recent:" event of another suite's function may come first.)
    assert.deepEqual(
      offered[0]!.filter((i) => !i.startsWith('Recent: ')),
      [
        'Saved: .lambda-lens/events/invoke-echo/broken.json',
        'Saved: .lambda-lens/events/invoke-echo/order.json',
        'Empty event: {}',
        'Sample event…',
      ],
    );
    assert.deepEqual(JSON.parse(await responseText()), {
      got: { orderId: 42 },
      version: '$LATEST',
    });
    assert.match(
      summary!.headline!,
      /^Duration [\d.]+ ms · billed \d+ ms · memory \d+ of 128 MB · cold start, init [\d.]+ ms$/,
    );
    assert.match(summary!.log, /echo \{"orderId":42\}/);
  });

  it('offers the last event first, and a version or alias when the function has them', async function () {
    this.timeout(30_000);
    const { Version } = await lambda.send(new PublishVersionCommand({ FunctionName: ECHO }));
    await lambda.send(
      new CreateAliasCommand({ FunctionName: ECHO, Name: 'live', FunctionVersion: Version! }),
    );
    const offered = await answer(
      (i) => i.startsWith('Last used: '),
      (i) => i === 'live',
    );
    const summary = await vscode.commands.executeCommand<{ headline?: string } | undefined>(
      'lambdaLens.invoke',
      await node(ECHO),
    );
    assert.equal(offered[0]![0], 'Last used: Saved: .lambda-lens/events/invoke-echo/order.json');
    assert.deepEqual(offered[1], ['$LATEST', 'live', Version]);
    assert.deepEqual(JSON.parse(await responseText()), { got: { orderId: 42 }, version: Version });
    assert.match(summary!.headline!, /cold start/, 'a version runs in environments of its own');
  });

  it('refuses invalid JSON with its line and column, and sends nothing', async function () {
    this.timeout(30_000);
    const ranBefore = await reportCount(logs, ECHO);
    await answer((i) => i.endsWith('broken.json'));
    const errors: string[] = [];
    const original = vscode.window.showErrorMessage;
    (vscode.window as { showErrorMessage: unknown }).showErrorMessage = async (message: string) => {
      errors.push(message);
      return undefined;
    };
    try {
      const summary = await vscode.commands.executeCommand('lambdaLens.invoke', await node(ECHO));
      assert.equal(summary, undefined);
    } finally {
      (vscode.window as { showErrorMessage: unknown }).showErrorMessage = original;
    }
    assert.deepEqual(errors, [
      '.lambda-lens/events/invoke-echo/broken.json is not valid JSON: property name expected at line 3, column 1. Nothing was sent.',
    ]);
    assert.equal(await reportCount(logs, ECHO), ranBefore, 'the function did not run');
  });

  it("shows a function's error with its type and message, and the stack in the output", async function () {
    this.timeout(30_000);
    await answer((i) => i === 'Empty event: {}');
    const summary = await vscode.commands.executeCommand<
      { failure?: { errorType: string; errorMessage: string; stack: string[] } } | undefined
    >('lambdaLens.invoke', await node(FAILS));
    assert.equal(summary?.failure?.errorType, 'TypeError');
    assert.equal(summary?.failure?.errorMessage, 'the id is missing');
    assert.match(summary!.failure!.stack.join('\n'), /at .*index\.js/);
    assert.equal(JSON.parse(await responseText()).errorType, 'TypeError');
  });

  it('from the palette, picks a function of the active connection; asynchronous invokes return at once', async function () {
    this.timeout(30_000);
    const offered = await answer(
      (i) => i === ECHO,
      (i) => i === 'Empty event: {}',
      (i) => i === '$LATEST',
    );
    const ranBefore = await reportCount(logs, ECHO);
    const summary = await vscode.commands.executeCommand<{ responseText: string } | undefined>(
      'lambdaLens.invokeAsync',
    );
    assert.ok(
      offered[0]!.includes(ECHO) && offered[0]!.includes(FAILS),
      'the palette lists the functions of Local',
    );
    assert.equal(summary?.responseText, '(empty)'.slice(0, 0), 'an Event invoke has no response');
    for (const deadline = Date.now() + 10_000; (await reportCount(logs, ECHO)) === ranBefore;) {
      if (Date.now() > deadline) assert.fail('the queued event never ran');
      await new Promise((r) => setTimeout(r, 200));
    }
  });
});
