// Handler CodeLenses in the real extension host: they appear above each handler form in the
// sample workspace's files, and "Invoke locally" from a lens deploys behind the scenes and opens
// the result, cold then warm.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import {
  CreateFunctionCommand,
  DeleteFunctionCommand,
  InvokeCommand,
  paginateListFunctions,
} from '@aws-sdk/client-lambda';
import { zipSync } from 'fflate';
import { activated, localLambda, useLocalConnection } from './extension';

const file = (...path: string[]) =>
  vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0]!.uri, ...path);

async function lensesOf(uri: vscode.Uri): Promise<vscode.CodeLens[]> {
  await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
  const deadline = Date.now() + 20_000;
  for (;;) {
    const lenses =
      (await vscode.commands.executeCommand<vscode.CodeLens[]>(
        'vscode.executeCodeLensProvider',
        uri,
        10,
      )) ?? [];
    const ours = lenses.filter((l) => l.command?.command.startsWith('lambdaLens.'));
    if (ours.length || Date.now() > deadline) return ours;
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('handler CodeLenses', () => {
  after(async () => {
    await vscode.workspace
      .getConfiguration('lambdaLens')
      .update('codeLens.enabled', undefined, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('shows Invoke locally, Debug locally and Deploy above handlers in JavaScript, TypeScript and Python', async function () {
    this.timeout(60_000);
    const titles = [
      '$(play) Invoke locally',
      '$(debug-alt) Debug locally',
      '$(cloud-upload) Deploy',
    ];
    for (const [path, line] of [
      [['hello-node', 'index.mjs'], 1],
      [['hello-typescript', 'index.ts'], 12],
      [['hello-python', 'app.py'], 4],
    ] as const) {
      const lenses = await lensesOf(file(...path));
      assert.deepEqual(
        lenses.map((l) => l.command!.title),
        titles,
        path.join('/'),
      );
      assert.equal(
        lenses[0]!.range.start.line,
        line,
        `${path.join('/')}: the lens sits on the handler`,
      );
    }
  });

  it('detects each handler form written in a new file, and none in comments', async function () {
    this.timeout(30_000);
    const uri = file('forms', 'handlers.js');
    await vscode.workspace.fs.writeFile(
      uri,
      new TextEncoder().encode(
        [
          '// exports.handler = old version',
          'exports.handler = async () => 1;',
          'module.exports.lambdaHandler = async () => 2;',
          '/* export const handler = no */',
        ].join('\n'),
      ),
    );
    const lenses = await lensesOf(uri);
    const invokeLines = lenses
      .filter((l) => l.command!.command === 'lambdaLens.invokeLocally')
      .map((l) => [
        l.range.start.line,
        (l.command!.arguments![0] as { exportName: string }).exportName,
      ]);
    assert.deepEqual(invokeLines, [
      [1, 'handler'],
      [2, 'lambdaHandler'],
    ]);
    await vscode.workspace.fs.delete(vscode.Uri.joinPath(uri, '..'), { recursive: true });
  });

  it('a function the CLI recorded for an endpoint by its URL is found on the endpoint configured with that URL', async function () {
    this.timeout(60_000);
    const definitions = file('.lambda-lens', 'functions.json');
    const before = await vscode.workspace.fs.readFile(definitions).then(
      (bytes) => bytes,
      () => undefined,
    );
    const recorded = before
      ? JSON.parse(new TextDecoder().decode(before))
      : { version: 1, functions: [] };
    recorded.functions.push({
      name: 'recorded-by-url',
      folder: 'by-url',
      handler: 'index.handler',
      runtime: 'nodejs20.x',
      connection: 'endpoint:http://127.0.0.1:4566/',
    });
    await vscode.workspace.fs.writeFile(
      file('by-url', 'index.js'),
      new TextEncoder().encode('exports.handler = async () => 1;\n'),
    );
    await vscode.workspace.fs.writeFile(
      definitions,
      new TextEncoder().encode(JSON.stringify(recorded)),
    );
    const settings = vscode.workspace.getConfiguration('lambdaLens');
    await settings.update(
      'endpoints',
      [{ name: 'stack-by-url', url: 'http://127.0.0.1:4566', region: 'eu-west-1' }],
      vscode.ConfigurationTarget.Global,
    );
    try {
      const deadline = Date.now() + 20_000;
      let invoke: vscode.CodeLens | undefined;
      while (!invoke && Date.now() < deadline) {
        invoke = (await lensesOf(file('by-url', 'index.js'))).find(
          (l) => l.command!.command === 'lambdaLens.invoke',
        );
        if (!invoke) await new Promise((r) => setTimeout(r, 200));
      }
      assert.ok(invoke, 'no Invoke lens for the recorded function: its connection was not found');
      assert.equal(invoke.command!.tooltip, 'Invoke recorded-by-url on stack-by-url (eu-west-1)');
    } finally {
      await settings.update('endpoints', undefined, vscode.ConfigurationTarget.Global);
      if (before) await vscode.workspace.fs.writeFile(definitions, before);
      else await vscode.workspace.fs.delete(definitions);
      await vscode.workspace.fs.delete(file('by-url'), { recursive: true });
    }
  });

  it('Invoke locally from a lens deploys to Local behind the scenes and opens the result, cold then warm', async function () {
    this.timeout(90_000);
    const api = await activated();
    api.ui.pick = async (items) =>
      items.find((i) => i === 'Empty event: {}') ?? items.find((i) => i.startsWith('Last used'));
    const [invokeLocally] = await lensesOf(file('hello-node', 'index.mjs'));
    const cold = await vscode.commands.executeCommand<{ headline?: string; responseText: string }>(
      invokeLocally!.command!.command,
      ...invokeLocally!.command!.arguments!,
    );
    assert.match(cold!.headline!, /cold start, init/);
    assert.equal(JSON.parse(JSON.parse(cold!.responseText).body).message, 'Hello from hello-node');
    assert.equal(
      vscode.window.activeTextEditor?.document.uri.scheme,
      'lambda-lens',
      'the response opened',
    );
    const warm = await vscode.commands.executeCommand<{ headline?: string }>(
      invokeLocally!.command!.command,
      ...invokeLocally!.command!.arguments!,
    );
    // A runtime note may follow ("nodejs20.x ran on Node 24…" where the declared Node is not installed).
    assert.match(
      warm!.headline!,
      /· warm( · .+ ran on .+)?$/,
      'unchanged code: the same environment answers',
    );
  });

  it('Invoke locally then Deploy on one handler leave one function', async function () {
    this.timeout(90_000);
    const api = await activated();
    const { lambda } = await localLambda();
    await useLocalConnection();
    const names = async () => {
      const all: string[] = [];
      for await (const page of paginateListFunctions({ client: lambda }, {}))
        all.push(...(page.Functions ?? []).map((f) => f.FunctionName!));
      return all.filter((n) => n.startsWith('hello-node'));
    };
    api.ui.pick = async (items) =>
      items.find((i) => i === 'Empty event: {}') ??
      items.find((i) => i.startsWith('Last used')) ??
      items[0];
    // The first-deploy questions answered with what they offer.
    api.ui.input = async (options) => options.value;
    const lenses = await lensesOf(file('hello-node', 'index.mjs'));
    const invokeLocally = lenses.find((l) => l.command!.command === 'lambdaLens.invokeLocally')!;
    const deploy = lenses.find((l) => l.command!.command === 'lambdaLens.deploy')!;
    try {
      await vscode.commands.executeCommand(
        invokeLocally.command!.command,
        ...invokeLocally.command!.arguments!,
      );
      const deployed = await vscode.commands.executeCommand<{ functionName: string }>(
        deploy.command!.command,
        ...deploy.command!.arguments!,
      );
      assert.equal(deployed.functionName, 'hello-node');
      assert.deepEqual(await names(), ['hello-node'], 'one function, not one per entry point');
    } finally {
      await vscode.workspace.fs
        .delete(file('.lambda-lens'), { recursive: true })
        .then(undefined, () => undefined);
    }
  });

  it('shows the estimate headline above a handler a definition maps to a function, opening the panel', async function () {
    this.timeout(60_000);
    const definitions = file('.lambda-lens', 'functions.json');
    await vscode.workspace.fs.writeFile(
      definitions,
      new TextEncoder().encode(
        JSON.stringify({
          version: 1,
          functions: [
            {
              name: 'lens-py',
              folder: 'hello-python',
              handler: 'app.lambda_handler',
              runtime: 'python3.12',
              memory: 256,
              connection: 'local',
              region: 'us-east-1',
            },
          ],
        }),
      ),
    );
    try {
      let lenses: vscode.CodeLens[] = [];
      for (
        const deadline = Date.now() + 20_000;
        !lenses.some((l) => l.command!.command === 'lambdaLens.showEstimate');
      ) {
        if (Date.now() > deadline)
          assert.fail(`no estimate lens: ${lenses.map((l) => l.command!.title).join(' | ')}`);
        await new Promise((r) => setTimeout(r, 250));
        lenses = await lensesOf(file('hello-python', 'app.py'));
      }
      const titles = lenses.map((l) => l.command!.title);
      assert.deepEqual(titles.slice(0, 2), [
        '$(play) Invoke locally',
        '$(debug-alt) Debug locally',
      ]);
      assert.match(titles[2]!, /^≈ \$\d+\.\d\d per 1M · cold p50 \d+ ms \(estimated\)$/);
      assert.equal(titles.at(-1), '$(cloud-upload) Deploy');
      const estimate = lenses[2]!.command!;
      assert.equal((estimate.arguments![0] as { functionName: string }).functionName, 'lens-py');
      assert.match(
        estimate.tooltip ?? '',
        /^lens-py: ≈ \$[\s\S]*\nrequests: \$[\d.]+ a month[\s\S]*\nCold start: /,
        'the hover gives the breakdown',
      );
      assert.equal(
        lenses.at(-1)!.command!.arguments![1],
        'lens-py',
        'Deploy deploys the mapped function',
      );
    } finally {
      await vscode.workspace.fs.delete(vscode.Uri.joinPath(definitions, '..'), { recursive: true });
    }
  });

  it("shows observed figures from the function's REPORT lines once it has run, and refreshes them after an invoke", async function () {
    this.timeout(90_000);
    const api = await activated();
    const { lambda } = await localLambda();
    const name = 'lens-observed';
    const code =
      'export const handler = async () => { await new Promise((r) => setTimeout(r, 20)); return { statusCode: 200 }; };';
    await lambda.send(
      new CreateFunctionCommand({
        FunctionName: name,
        Role: 'arn:aws:iam::123456789012:role/x',
        Runtime: 'nodejs20.x',
        Handler: 'index.handler',
        MemorySize: 256,
        Code: { ZipFile: zipSync({ 'index.mjs': new TextEncoder().encode(code) }) },
      }),
    );
    const definitions = file('.lambda-lens', 'functions.json');
    const headline = async (predicate: (title: string, hover: string) => boolean) => {
      let seen = '';
      for (
        const deadline = Date.now() + 30_000;
        Date.now() < deadline;
        await new Promise((r) => setTimeout(r, 250))
      ) {
        const lens = (await lensesOf(file('hello-node', 'index.mjs'))).find(
          (l) => l.command!.command === 'lambdaLens.showEstimate',
        );
        seen = `${lens?.command!.title} / ${lens?.command!.tooltip}`;
        if (lens && predicate(lens.command!.title, lens.command!.tooltip ?? ''))
          return lens.command!;
      }
      return assert.fail(`the lens never showed the expected figures; last: ${seen}`);
    };
    try {
      for (let i = 0; i < 3; i++) await lambda.send(new InvokeCommand({ FunctionName: name }));
      await vscode.workspace.fs.writeFile(
        definitions,
        new TextEncoder().encode(
          JSON.stringify({
            version: 1,
            functions: [
              {
                name,
                folder: 'hello-node',
                handler: 'index.handler',
                runtime: 'nodejs20.x',
                memory: 256,
                connection: 'local',
                region: 'us-east-1',
              },
            ],
          }),
        ),
      );
      const observed = await headline((_title, hover) => hover.includes('From 3 REPORT lines'));
      // One cold start was seen: the cold p50 blends that Init Duration with the model, and says so.
      assert.match(
        observed.title,
        /^≈ \$\d+\.\d\d per 1M · cold p50 \d+ ms \(1 observed \+ estimate\)$/,
      );
      assert.match(observed.tooltip!, /requests\/month: observed 3 in the window/);
      // An invoke through the extension makes the figures stale; the lens reads them again.
      const target = observed.arguments![0] as {
        connection: unknown;
        region: string;
        functionName: string;
      };
      await api
        .invoker()
        .invoke(target as never, new TextEncoder().encode('{}'), '$LATEST', 'RequestResponse');
      await headline((_title, hover) => hover.includes('From 4 REPORT lines'));
    } finally {
      await vscode.workspace.fs.delete(vscode.Uri.joinPath(definitions, '..'), { recursive: true });
      await lambda.send(new DeleteFunctionCommand({ FunctionName: name })).catch(() => undefined);
      lambda.destroy();
    }
  });

  it('turns off with the lambdaLens.codeLens.enabled setting', async function () {
    this.timeout(30_000);
    await vscode.workspace
      .getConfiguration('lambdaLens')
      .update('codeLens.enabled', false, vscode.ConfigurationTarget.Global);
    const lenses =
      (await vscode.commands.executeCommand<vscode.CodeLens[]>(
        'vscode.executeCodeLensProvider',
        file('hello-node', 'index.mjs'),
        10,
      )) ?? [];
    assert.deepEqual(
      lenses.filter((l) => l.command?.command.startsWith('lambdaLens.')),
      [],
    );
  });
});
