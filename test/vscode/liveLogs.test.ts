// Live logs in the editor, against the extension's own local endpoint: Tail Logs follows what a
// function prints, the line cap drops older lines with a marker, pause holds lines and resume shows
// them, the filter narrows the lines, a request id links to its invocation, a Recent invocations
// item and a failed invoke's notification open exactly that invocation's lines (its stack frames
// linked to the file), and Search Logs… groups what a filter pattern finds by invocation.
import * as assert from 'node:assert/strict';
import { threadId } from 'node:worker_threads';
import * as vscode from 'vscode';
import { CreateFunctionCommand, InvokeCommand } from '@aws-sdk/client-lambda';
import {
  CloudWatchLogsClient,
  CreateLogStreamCommand,
  PutLogEventsCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { zipSync } from 'fflate';
import { activated, localLambda } from './extension';
import { children, item, regionChildren } from './tree';
import type { FunctionNode, Node } from '../../src/extension/functionsTree';
import type { FollowThread } from '../../src/extension/logs/followWorker';

const NAME = 'live-logs-fn';
// Prints the event's marker, and `count` numbered lines when asked to; fails when asked to.
const CODE = `exports.handler = async (event) => {
  console.log('marker', event.marker);
  if (event.fail) throw new Error('asked to fail');
  for (let i = 0; i < (event.count || 0); i++) console.log('numbered line ' + i);
  return 'ok';
};`;

async function invoke(event: object): Promise<void> {
  const { lambda } = await localLambda();
  const out = await lambda.send(
    new InvokeCommand({ FunctionName: NAME, Payload: Buffer.from(JSON.stringify(event)) }),
  );
  lambda.destroy();
  assert.equal(out.FunctionError, undefined);
}

async function functionNode(): Promise<FunctionNode> {
  const node = (await regionChildren('Local', 'us-east-1')).find(
    (n) => (n as FunctionNode).configuration?.FunctionName === NAME,
  );
  if (!node) throw new Error(`${NAME} is not listed`);
  return node as FunctionNode;
}

function logDocument(): vscode.TextDocument {
  const document = vscode.window.activeTextEditor?.document;
  assert.equal(
    document?.uri.scheme,
    'lambda-logs',
    `a log document is active, not ${document?.uri.toString()}`,
  );
  return document!;
}

/** Waits until the document's text satisfies `ok` (lines arrive in batches, at most every 100 ms). */
async function until(
  document: vscode.TextDocument,
  ok: (text: string) => boolean,
  what: string,
  ms = 20_000,
): Promise<string> {
  const deadline = Date.now() + ms;
  for (;;) {
    const text = document.getText();
    if (ok(text)) return text;
    if (Date.now() > deadline) assert.fail(`${what}; the document reads:\n${text.slice(0, 3000)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * Waits until the document's own follow is on Live Tail (it shows what arrives from then on). Not
 * by the document's text: a document closed a moment ago stays in memory, and reopened it shows
 * its previous follow's header until the new follow's first redraw.
 */
async function followStarted(document: vscode.TextDocument): Promise<void> {
  const api = await activated();
  const deadline = Date.now() + 20_000;
  for (;;) {
    const header = api.logDocuments.viewOf(document.uri)?.text().split('\n')[0] ?? '';
    if (header.includes('· Live Tail')) return;
    if (Date.now() > deadline) assert.fail(`the follow did not start: ${header}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const eventLines = (text: string) => text.split('\n').filter((l) => /^\d{4}-\d\d-\d\dT/.test(l));

describe('live logs in the editor', () => {
  before(async function () {
    this.timeout(60_000);
    const { lambda } = await localLambda();
    await lambda.send(
      new CreateFunctionCommand({
        FunctionName: NAME,
        Role: 'arn:aws:iam::123456789012:role/x',
        Runtime: 'nodejs20.x',
        Handler: 'index.handler',
        Code: { ZipFile: zipSync({ 'index.js': new TextEncoder().encode(CODE) }) },
      }),
    );
    lambda.destroy();
    await invoke({ marker: 'before-the-follow' });
  });

  afterEach(async () => {
    await vscode.workspace
      .getConfiguration('lambdaLens')
      .update('logs.maxLines', undefined, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('Tail Logs on a function follows what it prints, saying the mode, in the lambda-log language', async () => {
    await vscode.commands.executeCommand('lambdaLens.tailLogs', await functionNode());
    const document = logDocument();
    assert.equal(document.languageId, 'lambda-log');
    await until(
      document,
      (t) => t.startsWith('# Following /aws/lambda/live-logs-fn on Local (us-east-1) · Live Tail'),
      'the header says Live Tail',
    );
    await invoke({ marker: 'first-followed' });
    const text = await until(
      document,
      (t) => t.includes('marker first-followed') && t.includes('REPORT RequestId'),
      'the printed line appears, then the REPORT',
    );
    assert.match(
      text,
      /^\d{4}-\d\d-\d\dT[\d:.]+Z START RequestId: [0-9a-f-]{36} Version: \$LATEST$/m,
    );
    assert.match(text, /^\d{4}-\d\d-\d\dT[\d:.]+Z REPORT RequestId: /m);
    assert.ok(
      !text.includes('before-the-follow'),
      'the follow shows what arrives, not what came before',
    );
  });

  it("follows in a worker thread, off the extension host's main thread, ended when the document closes", async () => {
    await vscode.commands.executeCommand('lambdaLens.tailLogs', await functionNode());
    const document = logDocument();
    await followStarted(document);
    const api = await activated();
    const view = api.logDocuments.viewOf(document.uri) as { followThread?: FollowThread };
    const thread = view.followThread;
    assert.ok(thread, 'the view reports the thread it follows in');
    assert.notEqual(thread.threadId, threadId, 'not the main thread');
    assert.ok(thread.running);
    await invoke({ marker: 'from-the-worker' });
    await until(document, (t) => t.includes('marker from-the-worker'), 'its lines appear');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    for (const deadline = Date.now() + 10_000; thread.running;) {
      if (Date.now() > deadline) assert.fail('the worker still runs after its document closed');
      await new Promise((r) => setTimeout(r, 50));
    }
  });

  it('keeps at most lambdaLens.logs.maxLines lines, dropping older ones with a marker line', async () => {
    await vscode.workspace
      .getConfiguration('lambdaLens')
      .update('logs.maxLines', 100, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('lambdaLens.tailLogs', await functionNode());
    const document = logDocument();
    await followStarted(document);
    await invoke({ marker: 'firehose', count: 300 });
    const text = await until(
      document,
      (t) => t.includes('numbered line 299') && t.includes('REPORT RequestId'),
      'the last line arrives',
    );
    assert.match(
      text.split('\n')[1]!,
      /^# … \d+ older lines dropped: this view keeps the last 100 \(setting lambdaLens\.logs\.maxLines\)$/,
    );
    const lines = eventLines(text);
    assert.equal(lines.length, 100);
    assert.ok(!text.includes('numbered line 0\n'), 'the oldest lines are gone');
  });

  it('holds new lines while paused and shows them on resume; the filter narrows what is shown', async () => {
    await vscode.commands.executeCommand('lambdaLens.tailLogs', await functionNode());
    const document = logDocument();
    await followStarted(document);
    await vscode.commands.executeCommand('lambdaLens.pauseLogs');
    await invoke({ marker: 'while-paused' });
    const paused = await until(
      document,
      (t) => /paused: [1-9]\d* new lines held/.test(t.split('\n')[0]!),
      'the header counts the held lines',
    );
    assert.ok(!paused.includes('while-paused'), 'a paused document does not show new lines');
    await vscode.commands.executeCommand('lambdaLens.resumeLogs');
    await until(
      document,
      (t) => t.includes('marker while-paused') && !t.split('\n')[0]!.includes('paused'),
      'resume shows the held lines',
    );

    const api = await activated();
    const input = api.ui.input;
    api.ui.input = async () => 'while-PAUSED';
    try {
      await vscode.commands.executeCommand('lambdaLens.filterLogs');
    } finally {
      api.ui.input = input;
    }
    const filtered = await until(
      document,
      (t) => t.split('\n')[0]!.includes('filter "while-PAUSED"'),
      'the header shows the filter',
    );
    assert.equal(eventLines(filtered).length, 1);
    assert.match(eventLines(filtered)[0]!, /marker while-paused$/);
  });

  it("links a request id to that invocation's lines", async () => {
    await vscode.commands.executeCommand('lambdaLens.tailLogs', await functionNode());
    const document = logDocument();
    await followStarted(document);
    await invoke({ marker: 'linked' });
    const text = await until(
      document,
      (t) => t.includes('marker linked') && t.includes('REPORT'),
      'the invocation arrives',
    );
    const requestId = /START RequestId: ([0-9a-f-]{36})/.exec(text)![1]!;
    const links =
      (await vscode.commands.executeCommand<vscode.DocumentLink[]>(
        'vscode.executeLinkProvider',
        document.uri,
      )) ?? [];
    const link = links.find((l) => document.getText(l.range) === requestId);
    assert.ok(link?.target, `a link on ${requestId}`);
    assert.equal(link.target.scheme, 'lambda-logs');
    await vscode.commands.executeCommand('vscode.open', link.target);
    const invocation = logDocument();
    const lines = await until(
      invocation,
      (t) => t.includes('START to REPORT'),
      "the invocation's lines are read",
    );
    assert.match(lines.split('\n')[0]!, new RegExp(`^# Invocation ${requestId} of ${NAME} in `));
  });

  it("opens exactly one invocation's lines, START to REPORT, from a Recent invocations item", async () => {
    await invoke({ marker: 'from-the-tree' });
    let recent: Node | undefined;
    for (const g of await children(await functionNode()))
      if ((await item(g)).label === 'Recent invocations') recent = g;
    const newest = await item((await children(recent!))[0]!);
    assert.equal(newest.contextValue, 'invocation');
    await vscode.commands.executeCommand(
      newest.command!.command,
      ...(newest.command!.arguments ?? []),
    );
    const text = await until(
      logDocument(),
      (t) => t.includes('START to REPORT'),
      'the invocation is read',
    );
    const lines = eventLines(text);
    assert.match(lines[0]!, / START RequestId: /);
    assert.match(lines.at(-1)!, / REPORT RequestId: /);
    assert.ok(lines.some((l) => l.endsWith('marker from-the-tree')));
    assert.equal(
      lines.filter((l) => / START RequestId: /.test(l)).length,
      1,
      'only its own invocation',
    );
  });

  it("offers a failed invoke's log lines from its error notification", async () => {
    const api = await activated();
    const { pick, error } = api.ui;
    const offered: string[][] = [];
    let chosen!: () => void;
    const clicked = new Promise<void>((resolve) => {
      chosen = resolve;
    });
    api.ui.error = async (_message, ...actions) => {
      offered.push(actions);
      setTimeout(chosen, 0);
      return 'Show Invocation Logs';
    };
    try {
      const json = await vscode.workspace.openTextDocument({
        language: 'json',
        content: '{"marker":"invoked-and-failed","fail":true}',
      });
      await vscode.window.showTextDocument(json);
      api.ui.pick = async (items) =>
        items.find((i) => i.startsWith('Active editor')) ?? items.find((i) => i === '$LATEST');
      await vscode.commands.executeCommand('lambdaLens.invoke', await functionNode());
      await clicked;
    } finally {
      api.ui.pick = pick;
      api.ui.error = error;
    }
    assert.deepEqual(offered, [['Show Output', 'Show Invocation Logs']]);
    for (
      const deadline = Date.now() + 10_000;
      vscode.window.activeTextEditor?.document.uri.scheme !== 'lambda-logs' &&
      Date.now() < deadline;
    )
      await new Promise((r) => setTimeout(r, 50));
    const text = await until(
      logDocument(),
      (t) => t.includes('START to REPORT'),
      "the failed invocation's lines are read",
    );
    assert.ok(text.includes('marker invoked-and-failed'));
    assert.ok(text.includes('asked to fail'));
    // The error's stack frames link to the file, as in an invoke's result (worked out as a click would: resolved).
    const links =
      (await vscode.commands.executeCommand<vscode.DocumentLink[]>(
        'vscode.executeLinkProvider',
        logDocument().uri,
        100,
      )) ?? [];
    assert.ok(
      links.some((l) => l.target?.scheme === 'file' && l.target.path.endsWith('/index.js')),
      `a link to index.js among ${links.map((l) => l.target?.toString()).join(', ')}`,
    );
  });

  it("a stack frame a local function logs links to the workspace's file and line, through its bundle's source map", async function () {
    this.timeout(90_000);
    const api = await activated();
    const file = (...path: string[]) =>
      vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0]!.uri, ...path);
    const bytes = (content: string) => new TextEncoder().encode(content);
    const definitions = file('.lambda-lens', 'functions.json');
    const saved = await vscode.workspace.fs.readFile(definitions).then(
      (b) => new TextDecoder().decode(b),
      () => undefined,
    );
    const recorded = (saved ? JSON.parse(saved) : { version: 1, functions: [] }) as {
      functions: unknown[];
    };
    recorded.functions.push({
      name: 'log-frames',
      folder: 'log-frames',
      handler: 'index.handler',
      runtime: 'nodejs20.x',
      connection: 'local',
      region: 'us-east-1',
    });
    await vscode.workspace.fs.writeFile(definitions, bytes(JSON.stringify(recorded)));
    await vscode.workspace.fs.writeFile(
      file('log-frames', 'index.ts'),
      bytes(
        "import { report } from './report';\n\nexport const handler = async (): Promise<string> => {\n  report();\n  return 'ok';\n};\n",
      ),
    );
    // Logged, not thrown: a line of the log like any other, its frames in the endpoint's copy.
    await vscode.workspace.fs.writeFile(
      file('log-frames', 'report.ts'),
      bytes(
        "export function report(): void {\n  const error = new Error('logged, not thrown');\n  console.log(error.stack);\n}\n",
      ),
    );
    try {
      assert.ok(
        await vscode.commands.executeCommand('lambdaLens.deploy', file('log-frames')),
        'deployed',
      );
      const local = api.activeConnection.all().find((c) => c.kind === 'local')!;
      const { lambda } = await localLambda();
      await lambda.send(
        new InvokeCommand({ FunctionName: 'log-frames', Payload: Buffer.from('{}') }),
      ); // its log group exists
      await vscode.commands.executeCommand('lambdaLens.tailLogs', {
        connection: local,
        region: 'us-east-1',
        functionName: 'log-frames',
      });
      const document = logDocument();
      await followStarted(document);
      await lambda.send(
        new InvokeCommand({ FunctionName: 'log-frames', Payload: Buffer.from('{}') }),
      );
      lambda.destroy();
      const text = await until(
        document,
        (t) => t.includes('logged, not thrown') && t.includes('REPORT'),
        'the logged stack arrives',
      );
      assert.match(
        text,
        /runtime-cache[\\/][0-9a-f]{64}[\\/]index\.js:\d+:\d+/,
        'the line says where it ran, as the function wrote it',
      );
      const links =
        (await vscode.commands.executeCommand<vscode.DocumentLink[]>(
          'vscode.executeLinkProvider',
          document.uri,
          100,
        )) ?? [];
      const link = links.find((l) => l.target?.fsPath === file('log-frames', 'report.ts').fsPath);
      assert.ok(
        link,
        `a link to report.ts among ${links.map((l) => `${document.getText(l.range)} → ${l.target?.toString()}`).join(', ')}`,
      );
      assert.match(
        document.getText(link.range),
        /runtime-cache[\\/][0-9a-f]{64}[\\/]index\.js:\d+:\d+$/,
      );
      assert.equal(link.target!.fragment, 'L2,17');
      // Opened as a click opens it: the workspace's file, the cursor on that line and column.
      await vscode.commands.executeCommand('vscode.open', link.target);
      const editor = vscode.window.activeTextEditor!;
      assert.equal(editor.document.uri.fsPath, file('log-frames', 'report.ts').fsPath);
      assert.equal(editor.selection.active.line + 1, 2);
      assert.equal(editor.selection.active.character + 1, 17);
    } finally {
      if (saved === undefined) await vscode.workspace.fs.delete(definitions);
      else await vscode.workspace.fs.writeFile(definitions, bytes(saved));
      await vscode.workspace.fs.delete(file('log-frames'), { recursive: true });
    }
  });

  it('Search Logs… runs a filter pattern over the picked window, grouped by invocation, newest first', async () => {
    await invoke({ marker: 'searched-older' });
    await invoke({ marker: 'searched-newer' });
    const api = await activated();
    const { pick, input } = api.ui;
    api.ui.input = async () => '"searched-"';
    api.ui.pick = async (items) => items.find((i) => i === 'Last hour');
    try {
      await vscode.commands.executeCommand('lambdaLens.searchLogs', await functionNode());
    } finally {
      api.ui.pick = pick;
      api.ui.input = input;
    }
    const text = await until(
      logDocument(),
      (t) => / · 2 invocations, newest first/.test(t.split('\n')[0]!),
      'the search reads both',
    );
    assert.match(
      text.split('\n')[0]!,
      /^# Search ""searched-"" in \/aws\/lambda\/live-logs-fn on Local \(us-east-1\), last hour · /,
    );
    const headings = text.split('\n').filter((l) => l.startsWith('# ── '));
    assert.equal(headings.length, 2);
    assert.ok(
      text.indexOf('marker searched-newer') < text.indexOf('marker searched-older'),
      'newest first',
    );
  });

  it('Show Older Results reads the next page of a search into the same document', async () => {
    // 60 invocations written straight into the function's log group, a second apart.
    const { local } = await localLambda();
    const logs = new CloudWatchLogsClient({
      endpoint: local.url,
      region: local.region,
      credentials: local.credentials,
    });
    const group = `/aws/lambda/${NAME}`;
    await logs.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: 'paged' }));
    const base = Date.now() - 10 * 60_000;
    const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
    await logs.send(
      new PutLogEventsCommand({
        logGroupName: group,
        logStreamName: 'paged',
        logEvents: Array.from({ length: 60 }, (_, n) => ({
          timestamp: base + n * 1000,
          message: `${new Date(base + n * 1000).toISOString()}\t${id(n)}\tINFO\tpaged-search ${n}`,
        })),
      }),
    );
    logs.destroy();
    const api = await activated();
    const { pick, input } = api.ui;
    api.ui.input = async () => 'paged-search';
    api.ui.pick = async (items) => items.find((i) => i === 'Last hour');
    try {
      await vscode.commands.executeCommand('lambdaLens.searchLogs', await functionNode());
    } finally {
      api.ui.pick = pick;
      api.ui.input = input;
    }
    const document = logDocument();
    const first = await until(
      document,
      (t) =>
        t.split('\n')[0]!.includes('50 invocations, newest first · older ones: Show Older Results'),
      'the first page',
    );
    assert.ok(first.includes('paged-search 59') && !first.includes('paged-search 9\n'));
    await vscode.commands.executeCommand('lambdaLens.showOlderLogResults');
    const all = await until(
      document,
      (t) =>
        / · 60 invocations, newest first$/.test(t.split('\n')[0]!) &&
        t.includes('paged-search 0\n'),
      'the second page',
    );
    const order = eventLines(all).map((l) => Number(/paged-search (\d+)$/.exec(l)![1]));
    assert.deepEqual(
      order,
      Array.from({ length: 60 }, (_, i) => 59 - i),
      'each invocation once, newest first across the pages',
    );
  });
});
