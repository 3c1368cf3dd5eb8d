// "Debug locally" in the real extension host: a breakpoint set on the workspace's handler (an ES
// module) stops VS Code's own JavaScript debugger (js-debug) at that file and line with the event in scope,
// although the local endpoint runs an unzipped copy; continuing returns the result.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activated } from './extension';

const file = (...path: string[]) => vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0]!.uri, ...path);

interface Stop {
  readonly session: vscode.DebugSession;
  readonly threadId: number;
}

/** The first `stopped` event any debug session sends from now on (js-debug runs the target in a child session). */
function nextStop(): { stop: Promise<Stop>; dispose: () => void } {
  let resolveStop!: (stop: Stop) => void;
  const stop = new Promise<Stop>((resolve) => { resolveStop = resolve; });
  const registration = vscode.debug.registerDebugAdapterTrackerFactory('*', {
    createDebugAdapterTracker: (session) => ({
      onDidSendMessage: (message: { type?: string; event?: string; body?: { threadId?: number } }) => {
        if (message.type === 'event' && message.event === 'stopped') resolveStop({ session, threadId: message.body?.threadId ?? 0 });
      },
    }),
  });
  return { stop, dispose: () => registration.dispose() };
}

async function debugLensOf(uri: vscode.Uri): Promise<vscode.Command> {
  await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
  for (const deadline = Date.now() + 20_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 200))) {
    const lenses = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 10)) ?? [];
    const debug = lenses.find((l) => l.command?.command === 'lambdaLens.debugLocally');
    if (debug) return debug.command!;
  }
  throw new Error(`no Debug locally lens in ${uri.fsPath}`);
}

describe('Debug locally', () => {
  afterEach(async () => {
    vscode.debug.removeBreakpoints(vscode.debug.breakpoints);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  async function stopsAtBreakpoint(path: string[], line: number, eventFunction: string): Promise<void> {
    const api = await activated();
    const handler = file(...path);
    // A saved event for the function the lens deploys (<folder>-<export>): the one to evaluate.
    await vscode.workspace.fs.writeFile(file('.lambda-lens', 'events', eventFunction, 'debugged.json'), new TextEncoder().encode('{ "rawPath": "/debugged" }\n'));
    api.ui.pick = async (items) => items.find((i) => i.startsWith('Saved: ') && i.endsWith('debugged.json'));
    vscode.debug.addBreakpoints([new vscode.SourceBreakpoint(new vscode.Location(handler, new vscode.Position(line - 1, 0)))]);
    const tracker = nextStop();
    try {
      const lens = await debugLensOf(handler);
      const started = Date.now();
      const result = vscode.commands.executeCommand<{ responseText: string; failure?: unknown }>(lens.command, ...lens.arguments!);
      const { session, threadId } = await Promise.race([tracker.stop, result.then(() => assert.fail('the invocation ended without stopping'))]);
      const toStop = Date.now() - started;
      const { stackFrames } = await session.customRequest('stackTrace', { threadId, startFrame: 0, levels: 1 }) as { stackFrames: { id: number; line: number; source?: { path?: string } }[] };
      const top = stackFrames[0]!;
      // Desktop VS Code names the file by its path; the code-server harness by its vscode-remote URI.
      const stoppedIn = /^[a-z-]+:\/\//.test(top.source?.path ?? '') ? vscode.Uri.parse(top.source!.path!).path : top.source?.path;
      assert.equal(stoppedIn, handler.path, 'stopped in the workspace\'s file, not the endpoint\'s copy');
      assert.equal(top.line, line);
      const evaluated = await session.customRequest('evaluate', { expression: 'event.rawPath', frameId: top.id, context: 'repl' }) as { result: string };
      assert.equal(evaluated.result, "'/debugged'");
      await session.customRequest('continue', { threadId });
      const summary = await result;
      assert.ok(summary, 'the result arrives');
      assert.equal(summary.failure, undefined, summary.responseText);
      assert.match(summary.responseText, /"statusCode": ?200/);
      console.log(`      ${path.join('/')}: command to stopped at the breakpoint ${toStop} ms`);
    } finally {
      tracker.dispose();
    }
  }

  it('stops at a breakpoint in a JavaScript ES module handler, evaluates the event, and returns the result on continue', async function () {
    this.timeout(120_000);
    await stopsAtBreakpoint(['hello-node', 'index.mjs'], 3, 'hello-node-handler');
  });

  it('debugs again with the code unchanged: nothing deployed, a fresh debug environment, stopped again', async function () {
    this.timeout(120_000);
    await stopsAtBreakpoint(['hello-node', 'index.mjs'], 3, 'hello-node-handler');
  });

  it('stops at a breakpoint in a TypeScript handler (its bundle\'s source map), evaluates the event, and returns the result on continue', async function () {
    this.timeout(120_000);
    await stopsAtBreakpoint(['hello-typescript', 'index.ts'], 14, 'hello-typescript-handler');
  });
});
