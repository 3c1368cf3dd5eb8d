// The sample-event generator in the real extension host: service → event → parameters → a JSON
// document; saving it for a function; and picking a sample event when invoking.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { CreateFunctionCommand, DeleteFunctionCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { zipSync } from 'fflate';
import { activated, localLambda } from './extension';
import { regionChildren } from './tree';

describe('sample events', () => {
  after(async () => {
    await vscode.workspace.fs
      .delete(vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0]!.uri, '.lambda-lens'), {
        recursive: true,
      })
      .then(undefined, () => undefined);
    // The generated events are untitled documents: revert them, so closing asks nothing.
    for (const document of vscode.workspace.textDocuments.filter((d) => d.isUntitled)) {
      await vscode.window.showTextDocument(document);
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('generates an S3 put event with a changed bucket as a JSON document, refusing a bad name as it is typed', async function () {
    this.timeout(30_000);
    const api = await activated();
    const picks = [
      's3',
      'put',
      (items: readonly string[]) => items.find((i) => i.startsWith('bucket = example-bucket')),
      'Generate with these values',
    ];
    const offered: string[][] = [];
    api.ui.pick = async (items) => {
      offered.push([...items]);
      const next = picks.shift();
      return typeof next === 'function' ? next(items) : next;
    };
    const validation: (string | undefined)[] = [];
    api.ui.input = async (options) => {
      validation.push((await options.validateInput?.('Not_A_Bucket!')) as string | undefined);
      return 'orders-bucket';
    };
    const document = await vscode.commands.executeCommand<vscode.TextDocument>(
      'lambdaLens.newSampleEvent',
    );
    assert.ok(
      offered[0]!.includes('s3') &&
        offered[0]!.includes('sqs') &&
        offered[0]!.includes('eventbridge'),
      'the services of the catalog',
    );
    assert.ok(
      validation[0] && /bucket/i.test(validation[0]),
      `a bad bucket name is refused as it is typed: ${validation[0]}`,
    );
    assert.equal(document.languageId, 'json');
    assert.equal(vscode.window.activeTextEditor?.document, document);
    const event = JSON.parse(document.getText());
    assert.equal(event.Records[0].eventSource, 'aws:s3');
    assert.equal(event.Records[0].s3.bucket.name, 'orders-bucket');
    assert.equal(event.Records[0].s3.bucket.arn, 'arn:aws:s3:::orders-bucket');
  });

  it("saves the document for a function picked among the workspace's and the view's, and opens the saved file in place of the Untitled one", async function () {
    this.timeout(30_000);
    const api = await activated();
    // A function the workspace's template defines, and one the Functions view has listed.
    const template = vscode.Uri.joinPath(
      vscode.workspace.workspaceFolders![0]!.uri,
      'template.yaml',
    );
    await vscode.workspace.fs.writeFile(
      template,
      new TextEncoder().encode(
        [
          'Transform: AWS::Serverless-2016-10-31',
          'Resources:',
          '  Orders:',
          '    Type: AWS::Serverless::Function',
          '    Properties:',
          '      FunctionName: orders',
          '      CodeUri: hello-node/',
          '      Handler: index.handler',
          '      Runtime: nodejs20.x',
          '',
        ].join('\n'),
      ),
    );
    const { lambda } = await localLambda();
    await lambda.send(
      new CreateFunctionCommand({
        FunctionName: 'listed-consumer',
        Role: 'arn:aws:iam::123456789012:role/x',
        Runtime: 'nodejs20.x',
        Handler: 'index.handler',
        Code: {
          ZipFile: zipSync({
            'index.js': new TextEncoder().encode('exports.handler = async () => 1;'),
          }),
        },
      }),
    );
    try {
      await regionChildren('Local', 'us-east-1');
      const untitled = vscode.window.activeTextEditor!.document;
      assert.ok(
        untitled.isUntitled && untitled.isDirty,
        'the generated event is an unsaved Untitled document',
      );
      const offered: string[][] = [];
      api.ui.pick = async (items) => {
        offered.push([...items]);
        return 'orders';
      };
      const answers = ['s3-put'];
      api.ui.input = async () => answers.shift();
      const saved = await vscode.commands.executeCommand<vscode.Uri>('lambdaLens.saveEvent');
      assert.deepEqual(
        offered[0]!.filter((i) => ['orders', 'listed-consumer', 'Other…'].includes(i)),
        ['listed-consumer', 'orders', 'Other…'],
      );
      assert.equal(offered[0]!.at(-1), 'Other…');
      assert.equal(
        vscode.workspace.asRelativePath(saved),
        '.lambda-lens/events/orders/s3-put.json',
      );
      assert.equal(
        JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(saved))).Records[0]
          .s3.bucket.name,
        'orders-bucket',
      );
      // The saved file is open where the Untitled document was; the Untitled one is gone, unsaved, with nothing asked.
      assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), saved.toString());
      assert.ok(untitled.isClosed, 'the Untitled document is closed');
      assert.ok(
        !vscode.workspace.textDocuments.some((d) => d.isUntitled && d.isDirty),
        'no unsaved Untitled document is left',
      );
      assert.ok(
        !vscode.window.tabGroups.all.flatMap((g) => g.tabs).some((t) => t.isDirty),
        'no tab is left dirty',
      );

      // "Other…" takes a typed name, checked as it is typed.
      await vscode.window.showTextDocument(
        await vscode.workspace.openTextDocument({ language: 'json', content: '{ "other": true }' }),
      );
      api.ui.pick = async () => 'Other…';
      const typed: (string | undefined)[] = [];
      api.ui.input = async (options) => {
        if (options.prompt === 'Function the event is for') {
          typed.push((await options.validateInput?.('not a name!')) as string | undefined);
          return 'typed-function';
        }
        return 'custom';
      };
      const other = await vscode.commands.executeCommand<vscode.Uri>('lambdaLens.saveEvent');
      assert.equal(
        vscode.workspace.asRelativePath(other),
        '.lambda-lens/events/typed-function/custom.json',
      );
      assert.match(typed[0] ?? '', /function name/i);
    } finally {
      await vscode.workspace.fs.delete(template);
      await lambda.send(new DeleteFunctionCommand({ FunctionName: 'listed-consumer' }));
      lambda.destroy();
    }
  });

  it('keeps the Untitled document as it is when the event cannot be written', async function () {
    this.timeout(30_000);
    const api = await activated();
    const root = vscode.workspace.workspaceFolders![0]!.uri;
    // A file where the function's folder would go: the write fails (ENOTDIR), as on a read-only folder.
    const blocker = vscode.Uri.joinPath(root, '.lambda-lens', 'events', 'blocked');
    await vscode.workspace.fs.writeFile(blocker, new TextEncoder().encode('not a folder'));
    const untitled = await vscode.workspace.openTextDocument({
      language: 'json',
      content: '{ "kept": true }',
    });
    await vscode.window.showTextDocument(untitled);
    api.ui.pick = async () => 'Other…';
    const answers = ['blocked', 'event'];
    api.ui.input = async () => answers.shift();
    try {
      const saved = await vscode.commands.executeCommand<vscode.Uri | undefined>(
        'lambdaLens.saveEvent',
      );
      assert.equal(saved, undefined);
      assert.ok(
        !untitled.isClosed && untitled.isDirty,
        'the Untitled document is still open, unsaved',
      );
      assert.equal(vscode.window.activeTextEditor?.document, untitled);
      assert.equal(untitled.getText(), '{ "kept": true }');
    } finally {
      await vscode.workspace.fs.delete(blocker);
    }
  });

  it('offers "Sample event…" when invoking, and runs the function with the generated event', async function () {
    this.timeout(60_000);
    const api = await activated();
    const local = await api.localEndpoint.ensureStarted();
    const lambda = new LambdaClient({
      endpoint: local.url,
      region: local.region,
      credentials: local.credentials,
    });
    const code =
      'exports.handler = async (event) => ({ source: event.Records[0].eventSource, queue: event.Records[0].eventSourceARN });';
    await lambda.send(
      new CreateFunctionCommand({
        FunctionName: 'sample-consumer',
        Role: 'arn:aws:iam::123456789012:role/x',
        Runtime: 'nodejs20.x',
        Handler: 'index.handler',
        Code: { ZipFile: zipSync({ 'index.js': new TextEncoder().encode(code) }) },
      }),
    );
    try {
      const picks = ['Sample event…', 'sqs', 'receive-message', 'Generate with these values'];
      api.ui.pick = async () => picks.shift();
      const local = (await activated()).activeConnection.all().find((c) => c.kind === 'local')!;
      const summary = await vscode.commands.executeCommand<{ responseText: string }>(
        'lambdaLens.invoke',
        { connection: local, region: 'us-east-1', functionName: 'sample-consumer' },
      );
      const response = JSON.parse(summary.responseText);
      assert.equal(response.source, 'aws:sqs');
      assert.match(response.queue, /^arn:aws:sqs:us-east-1:\d{12}:/);
      // Another function is offered the same event: invoke the deployed one with what ran locally.
      await lambda.send(
        new CreateFunctionCommand({
          FunctionName: 'sample-consumer-2',
          Role: 'arn:aws:iam::123456789012:role/x',
          Runtime: 'nodejs20.x',
          Handler: 'index.handler',
          Code: { ZipFile: zipSync({ 'index.js': new TextEncoder().encode(code) }) },
        }),
      );
      const offered: string[][] = [];
      api.ui.pick = async (items) => {
        offered.push([...items]);
        return items.find((i) => i.startsWith('Recent: '));
      };
      const again = await vscode.commands.executeCommand<{ responseText: string }>(
        'lambdaLens.invoke',
        { connection: local, region: 'us-east-1', functionName: 'sample-consumer-2' },
      );
      assert.equal(
        offered[0]![0],
        'Recent: Sample: sqs receive-message (used with sample-consumer)',
      );
      assert.equal(JSON.parse(again.responseText).source, 'aws:sqs');
      await lambda.send(new DeleteFunctionCommand({ FunctionName: 'sample-consumer-2' }));
    } finally {
      await lambda.send(new DeleteFunctionCommand({ FunctionName: 'sample-consumer' }));
      lambda.destroy();
    }
  });
});
