// Function URLs from the Functions view, in the real extension host against a real function on
// the local endpoint: added from the tree (AuthType picked), shown under the function, copied,
// called over HTTP (with fetch and through the Invoke picker), and removed (confirmed).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import {
  CreateAliasCommand,
  CreateFunctionCommand,
  CreateFunctionUrlConfigCommand,
  ListFunctionUrlConfigsCommand,
  UpdateFunctionConfigurationCommand,
  waitUntilFunctionUpdatedV2,
  type LambdaClient,
} from '@aws-sdk/client-lambda';
import { zipSync } from 'fflate';
import { activated, localLambda } from './extension';
import { children, item, regionChildren } from './tree';
import type { FunctionNode, Node } from '../../src/extension/functionsTree';

const NAME = 'url-fn';
const CODE =
  'exports.handler = async (event) => ({ statusCode: 200, headers: { "content-type": "application/json" }, body: JSON.stringify({ path: event.rawPath, method: event.requestContext.http.method, body: event.body ?? null }) });';

async function functionNode(): Promise<FunctionNode> {
  const found = (await regionChildren('Local', 'us-east-1')).find(
    (n) => (n as FunctionNode).configuration?.FunctionName === NAME,
  );
  if (!found) throw new Error(`${NAME} is not listed`);
  return found as FunctionNode;
}

async function urlNodes(): Promise<Node[]> {
  const nodes = await children(await functionNode());
  return nodes.filter((n) => (n as vscode.TreeItem).contextValue === 'functionUrl');
}

describe('Function URLs in the explorer', () => {
  let lambda: LambdaClient;
  const picks: string[][] = [];

  before(async function () {
    this.timeout(60_000);
    ({ lambda } = await localLambda());
    await lambda.send(
      new CreateFunctionCommand({
        FunctionName: NAME,
        Role: 'arn:aws:iam::123456789012:role/x',
        Runtime: 'nodejs20.x',
        Handler: 'index.handler',
        Code: { ZipFile: zipSync({ 'index.js': new TextEncoder().encode(CODE) }) },
      }),
    );
  });

  after(() => lambda?.destroy());

  it('a function without a URL shows none', async () => {
    assert.deepEqual(await urlNodes(), []);
  });

  it('Add Function URL asks for the AuthType, and the URL appears under the function', async () => {
    const api = await activated();
    api.ui.pick = async (items) => {
      picks.push([...items]);
      return items.find((i) => i.startsWith('NONE'));
    };
    const url = await vscode.commands.executeCommand<string>(
      'lambdaLens.addFunctionUrl',
      await functionNode(),
    );
    assert.match(url, /^http:\/\/(127\.0\.0\.1|localhost):\d+\/$/);
    assert.deepEqual(
      picks[0]?.map((p) => p.split(':')[0]),
      ['NONE', 'AWS_IAM'],
    );
    const nodes = await urlNodes();
    assert.equal(nodes.length, 1);
    const shown = await item(nodes[0]!);
    assert.equal(shown.label, 'Function URL');
    assert.equal(shown.description, url);
    assert.match(String(shown.tooltip), /Auth type: NONE/);
  });

  it('Copy URL puts it on the clipboard, and calling it with fetch works', async () => {
    const [node] = await urlNodes();
    await vscode.env.clipboard.writeText('');
    await vscode.commands.executeCommand('lambdaLens.copyFunctionUrl', node);
    const copied = await vscode.env.clipboard.readText();
    assert.equal(copied, (node as vscode.TreeItem).description);
    const response = await fetch(`${copied}hello?x=1`, {
      method: 'POST',
      body: 'hi',
      headers: { 'content-type': 'text/plain' },
    });
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), { path: '/hello', method: 'POST', body: 'hi' });
  });

  it('the Invoke picker offers "HTTP request to the URL…", and its answer opens as a document', async () => {
    const api = await activated();
    const offered: string[][] = [];
    const answers = [(i: string) => i === 'HTTP request to the URL…', (i: string) => i === 'PUT'];
    api.ui.pick = async (items) => {
      offered.push([...items]);
      const choose = answers.shift();
      return choose ? items.find(choose) : undefined;
    };
    const inputs = ['/items/7', '{"n":1}'];
    api.ui.input = async () => inputs.shift();
    await vscode.commands.executeCommand('lambdaLens.invoke', await functionNode());
    assert.ok(offered[0]?.includes('HTTP request to the URL…'));
    const editor = vscode.window.activeTextEditor;
    assert.ok(editor, 'the answer opens in an editor');
    const text = editor.document.getText();
    assert.match(text, /^HTTP 200 /);
    assert.match(text, /content-type: application\/json/);
    assert.deepEqual(JSON.parse(text.slice(text.indexOf('\n\n') + 2)), {
      path: '/items/7',
      method: 'PUT',
      body: '{"n":1}',
    });
  });

  it('Remove Function URL asks first, then the URL is gone from the tree and the endpoint', async () => {
    const api = await activated();
    const [node] = await urlNodes();
    const url = String((node as vscode.TreeItem).description);
    api.ui.confirm = async () => false;
    await vscode.commands.executeCommand('lambdaLens.removeFunctionUrl', node);
    assert.equal((await urlNodes()).length, 1, 'declined: nothing removed');
    let asked = '';
    api.ui.confirm = async (message) => {
      asked = message;
      return true;
    };
    await vscode.commands.executeCommand('lambdaLens.removeFunctionUrl', node);
    assert.match(asked, /Remove the Function URL of "url-fn"/);
    assert.deepEqual(await urlNodes(), []);
    const listed = await lambda.send(new ListFunctionUrlConfigsCommand({ FunctionName: NAME }));
    assert.deepEqual(listed.FunctionUrlConfigs, []);
    const gone = await fetch(url).catch(() => undefined);
    assert.ok(
      !gone || gone.status === 403 || gone.status === 404,
      `the old address no longer calls the function (${gone?.status})`,
    );
  });

  it("a streaming URL of an alias says whether it streams by the alias's runtime, not $LATEST's", async () => {
    const name = 'url-alias-fn';
    await lambda.send(
      new CreateFunctionCommand({
        FunctionName: name,
        Role: 'arn:aws:iam::123456789012:role/x',
        Runtime: 'python3.12',
        Handler: 'index.handler',
        Code: {
          ZipFile: zipSync({
            'index.py': new TextEncoder().encode('def handler(event, context):\n    return 1\n'),
          }),
        },
        Publish: true,
      }),
    );
    await waitUntilFunctionUpdatedV2({ client: lambda, maxWaitTime: 30 }, { FunctionName: name });
    await lambda.send(
      new CreateAliasCommand({ FunctionName: name, Name: 'live', FunctionVersion: '1' }),
    );
    // $LATEST moves to a runtime that streams; the alias still runs version 1's Python.
    await lambda.send(
      new UpdateFunctionConfigurationCommand({ FunctionName: name, Runtime: 'nodejs20.x' }),
    );
    await waitUntilFunctionUpdatedV2({ client: lambda, maxWaitTime: 30 }, { FunctionName: name });
    for (const qualifier of [undefined, 'live'])
      await lambda.send(
        new CreateFunctionUrlConfigCommand({
          FunctionName: name,
          AuthType: 'NONE',
          InvokeMode: 'RESPONSE_STREAM',
          ...(qualifier ? { Qualifier: qualifier } : {}),
        }),
      );
    const fnNode = (await regionChildren('Local', 'us-east-1')).find(
      (n) => (n as FunctionNode).configuration?.FunctionName === name,
    );
    assert.ok(fnNode, `${name} is listed`);
    const described = Object.fromEntries(
      (await children(fnNode))
        .filter((n) => (n as vscode.TreeItem).contextValue === 'functionUrl')
        .map((n) => [
          String((n as vscode.TreeItem).label),
          String((n as vscode.TreeItem).description),
        ]),
    );
    assert.deepEqual(Object.keys(described).sort(), ['Function URL', 'Function URL (live)']);
    assert.doesNotMatch(described['Function URL']!, /will not stream/);
    assert.match(described['Function URL (live)']!, / · will not stream$/);
  });
});
