// "Deploy to Lambda" as a user runs it in the real extension host: right-click a folder of the
// sample workspace, answer the first-deploy questions, and the function is live on the local
// endpoint; redeploying sends nothing; a change deploys; TypeScript and Python too; protected
// functions ask first.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { DeleteFunctionCommand, InvokeCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import { activated, localLambda, useLocalConnection } from './extension';

interface Result {
  functionName: string;
  action: string;
  codeBytesSent: number;
  codeUploaded: boolean;
  live: string;
}

const workspace = () => vscode.workspace.workspaceFolders![0]!.uri;
const folder = (name: string) => vscode.Uri.joinPath(workspace(), name);

/** Answers the first-deploy questions in order (inputs and picks share one script). */
async function answer(script: string[]): Promise<string[]> {
  const asked: string[] = [];
  const api = await activated();
  const next = (question: string, offered?: readonly string[]) => {
    asked.push(question);
    const reply = script.shift();
    if (reply === undefined) throw new Error(`unexpected question: ${question}`);
    if (offered && reply === 'FIRST') return offered[0];
    return reply;
  };
  api.ui.input = async (options) => next(options.prompt ?? '');
  api.ui.pick = async (items, options) => next(options.placeHolder ?? '', items);
  return asked;
}

async function invoke(
  lambda: LambdaClient,
  name: string,
): Promise<{ statusCode: number; body: string }> {
  const out = await lambda.send(
    new InvokeCommand({ FunctionName: name, Payload: Buffer.from('{"rawPath":"/hi"}') }),
  );
  assert.equal(out.FunctionError, undefined, Buffer.from(out.Payload ?? []).toString());
  return JSON.parse(Buffer.from(out.Payload!).toString());
}

describe('deploy', () => {
  let lambda: LambdaClient;

  before(async function () {
    this.timeout(60_000);
    ({ lambda } = await localLambda());
    await useLocalConnection();
  });

  after(async () => {
    await vscode.workspace
      .getConfiguration('lambdaLens')
      .update('protectedFunctions', undefined, vscode.ConfigurationTarget.Global);
    for (const name of ['deploy-hello-node', 'deploy-hello-ts', 'deploy-hello-py'])
      await lambda.send(new DeleteFunctionCommand({ FunctionName: name })).catch(() => undefined);
    lambda?.destroy();
    // Later suites start from the sample workspace as shipped.
    await vscode.workspace.fs
      .delete(vscode.Uri.joinPath(workspace(), '.lambda-lens'), { recursive: true })
      .then(undefined, () => undefined);
  });

  it('deploys a folder from its context menu after the first-deploy questions, and records the answers', async function () {
    this.timeout(60_000);
    const asked = await answer(['deploy-hello-node', 'FIRST', 'FIRST', '256', '5']);
    const result = await vscode.commands.executeCommand<Result>(
      'lambdaLens.deploy',
      folder('hello-node'),
    );
    assert.equal(result?.action, 'created', JSON.stringify(result));
    assert.equal(asked.length, 5);
    assert.match(asked[1]!, /^Runtime \(detected: /);
    const response = await invoke(lambda, 'deploy-hello-node');
    assert.equal(response.statusCode, 200);
    assert.equal(JSON.parse(response.body).message, 'Hello from deploy-hello-node');
    const recorded = JSON.parse(
      new TextDecoder().decode(
        await vscode.workspace.fs.readFile(
          vscode.Uri.joinPath(workspace(), '.lambda-lens', 'functions.json'),
        ),
      ),
    );
    assert.deepEqual(recorded.functions[0], {
      name: 'deploy-hello-node',
      folder: 'hello-node',
      runtime: recorded.functions[0].runtime,
      handler: 'index.handler',
      memory: 256,
      timeout: 5,
      connection: 'local',
      region: 'us-east-1',
    });
  });

  it('redeploys without a question and sends no code when nothing changed; a one-line change deploys', async function () {
    this.timeout(60_000);
    const asked = await answer([]);
    const same = await vscode.commands.executeCommand<Result>(
      'lambdaLens.deploy',
      vscode.Uri.joinPath(folder('hello-node'), 'index.mjs'),
    );
    assert.deepEqual(
      [same?.action, same?.codeUploaded, same?.codeBytesSent, asked],
      ['up-to-date', false, 0, []],
    );
    const file = vscode.Uri.joinPath(folder('hello-node'), 'index.mjs');
    const original = new TextDecoder().decode(await vscode.workspace.fs.readFile(file));
    await vscode.workspace.fs.writeFile(
      file,
      new TextEncoder().encode(original.replace('Hello from', 'Hi from')),
    );
    await new Promise((r) => setTimeout(r, 2100)); // files changed in the last 2 s are re-read anyway; wait so the cache is exercised honestly
    const changed = await vscode.commands.executeCommand<Result>(
      'lambdaLens.deploy',
      folder('hello-node'),
    );
    assert.equal(changed?.action, 'updated');
    assert.ok(changed!.codeBytesSent > 0);
    assert.equal(
      JSON.parse((await invoke(lambda, 'deploy-hello-node')).body).message,
      'Hi from deploy-hello-node',
    );
    await vscode.workspace.fs.writeFile(file, new TextEncoder().encode(original));
  });

  it('deploys a TypeScript handler (bundled) and a Python handler picked from the file', async function () {
    this.timeout(90_000);
    await answer(['deploy-hello-ts', 'FIRST', 'FIRST', '128', '3']);
    const ts = await vscode.commands.executeCommand<Result>(
      'lambdaLens.deploy',
      folder('hello-typescript'),
    );
    assert.equal(ts?.action, 'created', JSON.stringify(ts));
    assert.equal(JSON.parse((await invoke(lambda, 'deploy-hello-ts')).body).typescript, true);
    await answer(['deploy-hello-py', 'FIRST', 'FIRST', '128', '3']);
    const py = await vscode.commands.executeCommand<Result>(
      'lambdaLens.deploy',
      vscode.Uri.joinPath(folder('hello-python'), 'app.py'),
    );
    assert.equal(py?.action, 'created', JSON.stringify(py));
    assert.equal(
      JSON.parse((await invoke(lambda, 'deploy-hello-py')).body).message,
      'Hello from deploy-hello-py',
    );
  });

  it('Deploy and Publish Version… publishes the live code as a version and moves an alias to it', async function () {
    this.timeout(60_000);
    await answer(['live']);
    const result = await vscode.commands.executeCommand<
      Result & { version?: string; alias?: { name: string; version: string } }
    >('lambdaLens.deployAndPublish', folder('hello-node'));
    assert.match(result?.version ?? '', /^\d+$/, JSON.stringify(result));
    assert.deepEqual(result?.alias, { name: 'live', version: result!.version });
    const viaAlias = await lambda.send(
      new InvokeCommand({
        FunctionName: 'deploy-hello-node',
        Qualifier: 'live',
        Payload: Buffer.from('{}'),
      }),
    );
    assert.equal(viaAlias.ExecutedVersion, result!.version);
  });

  it("deploys a template root's functions, offered in a multi-select with all selected", async function () {
    this.timeout(90_000);
    const api = await activated();
    const template = vscode.Uri.joinPath(workspace(), 'template.yaml');
    await vscode.workspace.fs.writeFile(
      template,
      new TextEncoder().encode(
        [
          'Transform: AWS::Serverless-2016-10-31',
          'Resources:',
          '  NodeFunction:',
          '    Type: AWS::Serverless::Function',
          '    Properties: { FunctionName: deploy-tmpl-node, CodeUri: hello-node/, Handler: index.handler, Runtime: nodejs20.x }',
          '  PythonFunction:',
          '    Type: AWS::Serverless::Function',
          '    Properties: { FunctionName: deploy-tmpl-py, CodeUri: hello-python/, Handler: app.lambda_handler, Runtime: python3.12 }',
        ].join('\n'),
      ),
    );
    const offered: string[][] = [];
    api.ui.pickMany = async (items) => {
      offered.push([...items]);
      return [...items];
    };
    try {
      const results = await vscode.commands.executeCommand<Result[]>(
        'lambdaLens.deploy',
        workspace(),
      );
      assert.deepEqual(offered, [['deploy-tmpl-node', 'deploy-tmpl-py']]);
      assert.deepEqual(
        results.map((r) => [r.functionName, r.action]),
        [
          ['deploy-tmpl-node', 'created'],
          ['deploy-tmpl-py', 'created'],
        ],
      );
      assert.equal(
        JSON.parse((await invoke(lambda, 'deploy-tmpl-node')).body).message,
        'Hello from deploy-tmpl-node',
      );
      // Unchecking one leaves it as it is.
      api.ui.pickMany = async (items) => items.filter((i) => i === 'deploy-tmpl-py');
      const one = await vscode.commands.executeCommand<Result[]>('lambdaLens.deploy', workspace());
      assert.deepEqual(
        one.map((r) => [r.functionName, r.action]),
        [['deploy-tmpl-py', 'up-to-date']],
      );
    } finally {
      await vscode.workspace.fs.delete(template);
      for (const name of ['deploy-tmpl-node', 'deploy-tmpl-py'])
        await lambda.send(new DeleteFunctionCommand({ FunctionName: name })).catch(() => undefined);
    }
  });

  it('asks before deploying to a protected function, naming function, account and region', async function () {
    this.timeout(30_000);
    await vscode.workspace
      .getConfiguration('lambdaLens')
      .update('protectedFunctions', ['deploy-hello-*'], vscode.ConfigurationTarget.Global);
    const api = await activated();
    const confirmations: string[] = [];
    api.ui.confirm = async (message, detail) => {
      confirmations.push(`${message} | ${detail}`);
      return false;
    };
    const result = await vscode.commands.executeCommand<Result | undefined>(
      'lambdaLens.deploy',
      folder('hello-node'),
    );
    assert.equal(result, undefined, 'declined: nothing deployed');
    assert.equal(confirmations.length, 1);
    assert.match(
      confirmations[0]!,
      /^Deploy to the protected function "deploy-hello-node"\? \| Account \d{12}, region us-east-1 \(Local\): it matches "deploy-hello-\*" in the lambdaLens\.protectedFunctions setting\.$/,
    );
  });
});
