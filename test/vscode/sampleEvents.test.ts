// The sample-event generator in the real extension host: service → event → parameters → a JSON
// document; saving it for a function; and picking a sample event when invoking.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { CreateFunctionCommand, DeleteFunctionCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { zipSync } from 'fflate';
import { activated } from './extension';

describe('sample events', () => {
  after(async () => {
    await vscode.workspace.fs.delete(vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0]!.uri, '.lambda-lens'), { recursive: true }).then(undefined, () => undefined);
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
    const picks = ['s3', 'put', (items: readonly string[]) => items.find((i) => i.startsWith('bucket = example-bucket')), 'Generate with these values'];
    const offered: string[][] = [];
    api.ui.pick = async (items) => {
      offered.push([...items]);
      const next = picks.shift();
      return typeof next === 'function' ? next(items) : next;
    };
    const validation: (string | undefined)[] = [];
    api.ui.input = async (options) => {
      validation.push(await options.validateInput?.('Not_A_Bucket!') as string | undefined);
      return 'orders-bucket';
    };
    const document = await vscode.commands.executeCommand<vscode.TextDocument>('lambdaLens.newSampleEvent');
    assert.ok(offered[0]!.includes('s3') && offered[0]!.includes('sqs') && offered[0]!.includes('eventbridge'), 'the services of the catalog');
    assert.ok(validation[0] && /bucket/i.test(validation[0]), `a bad bucket name is refused as it is typed: ${validation[0]}`);
    assert.equal(document.languageId, 'json');
    assert.equal(vscode.window.activeTextEditor?.document, document);
    const event = JSON.parse(document.getText());
    assert.equal(event.Records[0].eventSource, 'aws:s3');
    assert.equal(event.Records[0].s3.bucket.name, 'orders-bucket');
    assert.equal(event.Records[0].s3.bucket.arn, 'arn:aws:s3:::orders-bucket');
  });

  it('saves the document for a function, where Invoke offers it', async function () {
    this.timeout(30_000);
    const api = await activated();
    const answers = ['orders', 's3-put'];
    api.ui.input = async () => answers.shift();
    const saved = await vscode.commands.executeCommand<vscode.Uri>('lambdaLens.saveEvent');
    assert.equal(vscode.workspace.asRelativePath(saved), '.lambda-lens/events/orders/s3-put.json');
    assert.equal(JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(saved))).Records[0].s3.bucket.name, 'orders-bucket');
  });

  it('offers "Sample event…" when invoking, and runs the function with the generated event', async function () {
    this.timeout(60_000);
    const api = await activated();
    const local = await api.localEndpoint.ensureStarted();
    const lambda = new LambdaClient({ endpoint: local.url, region: local.region, credentials: local.credentials });
    const code = 'exports.handler = async (event) => ({ source: event.Records[0].eventSource, queue: event.Records[0].eventSourceARN });';
    await lambda.send(new CreateFunctionCommand({ FunctionName: 'sample-consumer', Role: 'arn:aws:iam::123456789012:role/x', Runtime: 'nodejs20.x', Handler: 'index.handler', Code: { ZipFile: zipSync({ 'index.js': new TextEncoder().encode(code) }) } }));
    try {
      const picks = ['Sample event…', 'sqs', 'receive-message', 'Generate with these values'];
      api.ui.pick = async () => picks.shift();
      const local = (await activated()).activeConnection.all().find((c) => c.kind === 'local')!;
      const summary = await vscode.commands.executeCommand<{ responseText: string }>('lambdaLens.invoke', { connection: local, region: 'us-east-1', functionName: 'sample-consumer' });
      const response = JSON.parse(summary.responseText);
      assert.equal(response.source, 'aws:sqs');
      assert.match(response.queue, /^arn:aws:sqs:us-east-1:\d{12}:/);
      // Another function is offered the same event: invoke the deployed one with what ran locally.
      await lambda.send(new CreateFunctionCommand({ FunctionName: 'sample-consumer-2', Role: 'arn:aws:iam::123456789012:role/x', Runtime: 'nodejs20.x', Handler: 'index.handler', Code: { ZipFile: zipSync({ 'index.js': new TextEncoder().encode(code) }) } }));
      const offered: string[][] = [];
      api.ui.pick = async (items) => { offered.push([...items]); return items.find((i) => i.startsWith('Recent: ')); };
      const again = await vscode.commands.executeCommand<{ responseText: string }>('lambdaLens.invoke', { connection: local, region: 'us-east-1', functionName: 'sample-consumer-2' });
      assert.equal(offered[0]![0], 'Recent: Sample: sqs receive-message (used with sample-consumer)');
      assert.equal(JSON.parse(again.responseText).source, 'aws:sqs');
      await lambda.send(new DeleteFunctionCommand({ FunctionName: 'sample-consumer-2' }));
    } finally {
      await lambda.send(new DeleteFunctionCommand({ FunctionName: 'sample-consumer' }));
      lambda.destroy();
    }
  });
});
