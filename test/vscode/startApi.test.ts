// Lambda: Start API in the real extension host: a SAM template written into the workspace is
// served (the functions deployed to the extension's local endpoint), its routes listed, its
// address in the status bar's actions; an edit is live on the next request; Stop ends it.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activated } from './extension';

const TEMPLATE = `Transform: AWS::Serverless-2016-10-31
Resources:
  Greeter:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: greeter/
      Handler: index.handler
      Runtime: nodejs20.x
      FunctionName: start-api-greeter
      Events:
        Greet: { Type: HttpApi, Properties: { Path: '/greet/{name}', Method: GET } }
        Secured: { Type: Api, Properties: { Path: /admin, Method: get, Auth: { ApiKeyRequired: true } } }
`;
const handler = (word: string) =>
  `exports.handler = async (event) => ({ statusCode: 200, body: '${word} ' + (event.pathParameters || {}).name });\n`;

describe('Start API', () => {
  const folder = () => vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0]!.uri, 'sam-api');

  before(async () => {
    await vscode.workspace.fs.writeFile(
      vscode.Uri.joinPath(folder(), 'template.yaml'),
      new TextEncoder().encode(TEMPLATE),
    );
    await vscode.workspace.fs.writeFile(
      vscode.Uri.joinPath(folder(), 'greeter', 'index.js'),
      new TextEncoder().encode(handler('hello')),
    );
  });

  after(async () => {
    await (await activated()).apiRunner().stop();
    await vscode.workspace.fs.delete(folder(), { recursive: true });
  });

  it("serves the template's routes, live on every save, until stopped from the status bar's actions", async function () {
    this.timeout(120_000);
    const api = await activated();
    const url = await vscode.commands.executeCommand<string>(
      'lambdaLens.startApi',
      vscode.Uri.joinPath(folder(), 'template.yaml'),
    );
    assert.match(url ?? '', /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.equal(api.apiRunner().url, url);
    assert.equal(await (await fetch(`${url}/greet/ana`)).text(), 'hello ana');
    await vscode.workspace.fs.writeFile(
      vscode.Uri.joinPath(folder(), 'greeter', 'index.js'),
      new TextEncoder().encode(handler('bonjour')),
    );
    const deadline = Date.now() + 20_000;
    let text = '';
    while (
      Date.now() < deadline &&
      (text = await (await fetch(`${url}/greet/ana`)).text()) !== 'bonjour ana'
    )
      await new Promise((r) => setTimeout(r, 50));
    assert.equal(text, 'bonjour ana');
    const offered: string[][] = [];
    api.ui.pick = async (items) => {
      offered.push([...items]);
      return items.find((i) => i === 'Stop the API');
    };
    await vscode.commands.executeCommand('lambdaLens.apiActions');
    assert.deepEqual(offered[0], ['Open in Browser', 'Copy Address', 'Stop the API']);
    assert.equal(api.apiRunner().url, undefined);
    await assert.rejects(fetch(`${url}/greet/ana`));
  });
});
