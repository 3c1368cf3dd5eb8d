// A new user's first steps in the real extension host: an empty region offers Deploy… and a sample
// to invoke, and the Getting Started walkthrough's steps each run their command to its effect.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { DeleteFunctionCommand, ListFunctionsCommand } from '@aws-sdk/client-lambda';
import { activated, localLambda, ourExtension, useLocalConnection } from './extension';
import { children, connection, item, labels, regionChildren } from './tree';
import { LOCAL_RUNNING_CONTEXT } from '../../src/extension/localEndpoint';
import { SAMPLE_FUNCTION_NAME } from '../../src/extension/sampleFunction';
import type { EstimatePanel } from '../../src/extension/estimatePanel';

const workspace = () => vscode.workspace.workspaceFolders![0]!.uri;
const settings = () => vscode.workspace.getConfiguration('lambdaLens');

interface Step {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly media: { readonly markdown?: string; readonly image?: string };
  readonly completionEvents: readonly string[];
}

function walkthroughSteps(): Step[] {
  const walkthroughs = ourExtension().packageJSON.contributes.walkthroughs as {
    id: string;
    steps: Step[];
  }[];
  assert.equal(walkthroughs.length, 1);
  return walkthroughs[0]!.steps;
}

/** The command a step's button runs (its description's `command:` link). */
function commandOf(step: Step): string {
  const link = /\]\(command:([\w.]+)\)/.exec(step.description);
  assert.ok(link, `step ${step.id} has no command button`);
  return link[1]!;
}

async function deleteSample(): Promise<void> {
  const { lambda } = await localLambda();
  await lambda
    .send(new DeleteFunctionCommand({ FunctionName: SAMPLE_FUNCTION_NAME }))
    .catch(() => undefined);
  lambda.destroy();
}

interface Summary {
  readonly responseText: string;
  readonly failure?: unknown;
}

describe('first steps', () => {
  before(async function () {
    this.timeout(60_000);
    await deleteSample();
    await useLocalConnection();
  });

  after(async () => {
    await deleteSample();
    await settings().update('activeConnection', undefined, vscode.ConfigurationTarget.Global);
    await settings().update('activeRegion', undefined, vscode.ConfigurationTarget.Global);
    await vscode.workspace.fs
      .delete(vscode.Uri.joinPath(workspace(), '.lambda-lens'), { recursive: true })
      .then(undefined, () => undefined);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('an empty region says "No functions yet" and offers Deploy… and a sample function, each running its command', async function () {
    this.timeout(60_000);
    const api = await activated();
    api.ui.pick = async (items) => (items.includes('ap-south-1') ? 'ap-south-1' : undefined);
    await vscode.commands.executeCommand('lambdaLens.addRegion', await connection('Local'));
    try {
      const nodes = await regionChildren('Local', 'ap-south-1');
      assert.deepEqual(await labels(nodes), [
        'No functions yet',
        'Deploy…',
        'Invoke a sample function',
      ]);
      const items = await Promise.all(nodes.map(item));
      assert.equal(items[0]!.command, undefined);
      assert.equal(items[1]!.command?.command, 'lambdaLens.deploy');
      assert.equal(items[2]!.command?.command, 'lambdaLens.invokeSample');
    } finally {
      const regions = await children(await connection('Local'));
      for (const region of regions)
        if ((await item(region)).label === 'ap-south-1')
          await vscode.commands.executeCommand('lambdaLens.removeRegion', region);
    }
  });

  it('the walkthrough has a step for each part of the loop, each with its button, its page and its completion event', async () => {
    const steps = walkthroughSteps();
    assert.deepEqual(
      steps.map((s) => s.id),
      ['enableLocal', 'invokeSample', 'deploy', 'estimate', 'debug'],
    );
    const commands = (ourExtension().packageJSON.contributes.commands as { command: string }[]).map(
      (c) => c.command,
    );
    for (const step of steps) {
      const command = commandOf(step);
      assert.ok(commands.includes(command), `${step.id}: ${command} is not a contributed command`);
      assert.ok(step.media.markdown, `${step.id} has a page`);
      await vscode.workspace.fs.stat(
        vscode.Uri.joinPath(ourExtension().extensionUri, step.media.markdown!),
      );
      // Each step completes when its own action ran: its command, or (the endpoint) the context key set once it runs.
      assert.ok(
        step.completionEvents.includes(`onCommand:${command}`) ||
          step.completionEvents.includes(`onContext:${LOCAL_RUNNING_CONTEXT}`),
        `${step.id}: ${step.completionEvents.join(', ')}`,
      );
    }
  });

  it('walkthrough step 1: Enable Local Endpoint turns the setting on and starts an endpoint that answers', async function () {
    this.timeout(60_000);
    const step = walkthroughSteps()[0]!;
    await settings().update('local.enabled', false, vscode.ConfigurationTarget.Global);
    try {
      await vscode.commands.executeCommand(commandOf(step));
      assert.equal(settings().get('local.enabled'), true);
      assert.equal((await labels(await children()))[0], 'Local');
      const { lambda } = await localLambda();
      assert.ok(Array.isArray((await lambda.send(new ListFunctionsCommand({}))).Functions));
      lambda.destroy();
      assert.deepEqual(step.completionEvents, [`onContext:${LOCAL_RUNNING_CONTEXT}`]);
    } finally {
      await settings().update('local.enabled', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('walkthrough step 2: Invoke a Sample Function deploys hello-lambda-lens locally and shows its answer', async function () {
    this.timeout(90_000);
    const summary = await vscode.commands.executeCommand<Summary>(
      commandOf(walkthroughSteps()[1]!),
    );
    assert.equal(summary?.failure, undefined, summary?.responseText);
    assert.equal(JSON.parse(summary.responseText).message, 'Hello, Lambda Lens!');
    assert.ok(
      (await labels(await regionChildren('Local', 'us-east-1'))).includes(SAMPLE_FUNCTION_NAME),
      'the sample stays in the view',
    );
    // Its response opens as any invoke's does; nothing is written into the workspace.
    assert.match(
      vscode.window.activeTextEditor?.document.uri.path ?? '',
      /hello-lambda-lens-response\.json$/,
    );
    await assert.rejects(
      Promise.resolve(
        vscode.workspace.fs.stat(vscode.Uri.joinPath(workspace(), SAMPLE_FUNCTION_NAME)),
      ),
    );
    // Again: the same function, nothing to ask.
    const again = await vscode.commands.executeCommand<Summary>('lambdaLens.invokeSample');
    assert.equal(JSON.parse(again.responseText).message, 'Hello, Lambda Lens!');
  });

  it("walkthrough step 3: Deploy… deploys the active handler's folder after the first-deploy questions", async function () {
    this.timeout(90_000);
    const api = await activated();
    const name = 'walkthrough-hello-node';
    const script = [name, 'FIRST', 'FIRST', '128', '3'];
    api.ui.input = async () => script.shift();
    api.ui.pick = async (items) => (script.shift() === 'FIRST' ? items[0] : undefined);
    await vscode.window.showTextDocument(
      vscode.Uri.joinPath(workspace(), 'hello-node', 'index.mjs'),
    );
    const { lambda } = await localLambda();
    try {
      const result = await vscode.commands.executeCommand<{ action: string; functionName: string }>(
        commandOf(walkthroughSteps()[2]!),
      );
      assert.equal(result?.action, 'created', JSON.stringify(result));
      assert.equal(result.functionName, name);
    } finally {
      await lambda.send(new DeleteFunctionCommand({ FunctionName: name })).catch(() => undefined);
      lambda.destroy();
    }
  });

  it('walkthrough step 4: Show Cost and Cold Starts opens the panel of the function picked', async function () {
    this.timeout(60_000);
    const api = await activated();
    const offered: string[][] = [];
    api.ui.pick = async (items) => {
      offered.push([...items]);
      return items.includes(SAMPLE_FUNCTION_NAME) ? SAMPLE_FUNCTION_NAME : undefined;
    };
    const panel = await vscode.commands.executeCommand<EstimatePanel>(
      commandOf(walkthroughSteps()[3]!),
    );
    try {
      assert.ok(offered[0]?.includes(SAMPLE_FUNCTION_NAME), JSON.stringify(offered));
      assert.equal(panel.panel.title, `Estimate: ${SAMPLE_FUNCTION_NAME}`);
      const model = panel.model ?? (await new Promise((resolve) => panel.onDidRender(resolve)));
      assert.ok(model);
    } finally {
      panel?.panel.dispose();
    }
  });

  it('walkthrough step 5: Debug Locally… runs the handler of the active editor under the debugger', async function () {
    this.timeout(120_000);
    const api = await activated();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.window.showTextDocument(
      vscode.Uri.joinPath(workspace(), 'hello-node', 'index.mjs'),
    );
    // The event: the empty one (offered whatever else is saved).
    api.ui.pick = async (items) => items.find((i) => i === 'Empty event: {}') ?? items[0];
    const sessions: string[] = [];
    const started = vscode.debug.onDidStartDebugSession((s) => sessions.push(s.type));
    try {
      const summary = await vscode.commands.executeCommand<Summary>(
        commandOf(walkthroughSteps()[4]!),
      );
      assert.ok(sessions.length > 0, 'a debug session started');
      assert.equal(summary?.failure, undefined, summary?.responseText);
      assert.match(summary.responseText, /"statusCode": ?200/);
    } finally {
      started.dispose();
    }
  });
});
