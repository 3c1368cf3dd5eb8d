// "Debug locally" in the real extension host: a breakpoint set on the workspace's handler (an ES
// module) stops VS Code's own JavaScript debugger (js-debug) at that file and line with the event in scope,
// although the local endpoint runs an unzipped copy; continuing returns the result.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { GetFunctionCommand } from '@aws-sdk/client-lambda';
import { activated, localLambda } from './extension';
import { item, labels, regionChildren } from './tree';

const file = (...path: string[]) =>
  vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0]!.uri, ...path);

interface Stop {
  readonly session: vscode.DebugSession;
  readonly threadId: number;
}

/** The first `stopped` event any debug session sends from now on (js-debug runs the target in a child session). */
function nextStop(): { stop: Promise<Stop>; dispose: () => void } {
  let resolveStop!: (stop: Stop) => void;
  const stop = new Promise<Stop>((resolve) => {
    resolveStop = resolve;
  });
  const registration = vscode.debug.registerDebugAdapterTrackerFactory('*', {
    createDebugAdapterTracker: (session) => ({
      onDidSendMessage: (message: {
        type?: string;
        event?: string;
        body?: { threadId?: number };
      }) => {
        if (message.type === 'event' && message.event === 'stopped')
          resolveStop({ session, threadId: message.body?.threadId ?? 0 });
      },
    }),
  });
  return { stop, dispose: () => registration.dispose() };
}

async function debugLensOf(uri: vscode.Uri): Promise<vscode.Command> {
  await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
  for (
    const deadline = Date.now() + 20_000;
    Date.now() < deadline;
    await new Promise((r) => setTimeout(r, 200))
  ) {
    const lenses =
      (await vscode.commands.executeCommand<vscode.CodeLens[]>(
        'vscode.executeCodeLensProvider',
        uri,
        10,
      )) ?? [];
    const debug = lenses.find((l) => l.command?.command === 'lambdaLens.debugLocally');
    if (debug) return debug.command!;
  }
  throw new Error(`no Debug locally lens in ${uri.fsPath}`);
}

interface Summary {
  readonly responseText: string;
  readonly failure?: unknown;
}

/** The next invocation result the extension reports (as it does for Invoke locally), observed as it passes. */
async function nextReport(): Promise<{ summary: Promise<Summary>; dispose: () => void }> {
  const invoker = (await activated()).invoker();
  const report = invoker.report;
  const summary = new Promise<Summary>((resolve) => {
    invoker.report = async (name, type, result) => {
      resolve(result);
      return report.call(invoker, name, type, result);
    };
  });
  return {
    summary,
    dispose: () => {
      invoker.report = report;
    },
  };
}

/** Saves the event to evaluate for the function, and answers the event picker with it. */
async function savedEvent(functionName: string): Promise<string> {
  const api = await activated();
  const relative = `.lambda-lens/events/${functionName}/debugged.json`;
  await vscode.workspace.fs.writeFile(
    file(...relative.split('/')),
    new TextEncoder().encode('{ "rawPath": "/debugged" }\n'),
  );
  api.ui.pick = async (items) =>
    items.find((i) => i.startsWith('Saved: ') && i.endsWith('debugged.json'));
  return relative;
}

/** Counts the debug sessions started from now on (a session an earlier test left does not count). */
function sessionsStarted(): { count: () => number; dispose: () => void } {
  let started = 0;
  const listener = vscode.debug.onDidStartDebugSession(() => {
    started++;
  });
  return { count: () => started, dispose: () => listener.dispose() };
}

describe('Debug locally', () => {
  afterEach(async () => {
    // A test that failed mid-session leaves it open: the next test's "no session" checks must not see it.
    for (let left = 5; vscode.debug.activeDebugSession && left > 0; left--) {
      await vscode.debug.stopDebugging();
      for (
        const deadline = Date.now() + 2_000;
        vscode.debug.activeDebugSession && Date.now() < deadline;
      )
        await new Promise((r) => setTimeout(r, 100));
    }
    vscode.debug.removeBreakpoints(vscode.debug.breakpoints);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  /** Starts debugging with `start`; stops at the breakpoint, evaluates the event, continues, and gets the result. */
  async function stopsAtBreakpoint(
    path: string[],
    line: number,
    start: () => Thenable<unknown>,
    pausedMs = 0,
  ): Promise<number> {
    const handler = file(...path);
    vscode.debug.addBreakpoints([
      new vscode.SourceBreakpoint(new vscode.Location(handler, new vscode.Position(line - 1, 0))),
    ]);
    const tracker = nextStop();
    const reported = await nextReport();
    try {
      const started = Date.now();
      const ended = Promise.resolve(start()).then(() => reported.summary);
      const { session, threadId } = await Promise.race([
        tracker.stop,
        ended.then(() => assert.fail('the invocation ended without stopping')),
      ]);
      const toStop = Date.now() - started;
      const { stackFrames } = (await session.customRequest('stackTrace', {
        threadId,
        startFrame: 0,
        levels: 1,
      })) as { stackFrames: { id: number; line: number; source?: { path?: string } }[] };
      const top = stackFrames[0]!;
      // Desktop VS Code names the file by its path; the code-server harness by its vscode-remote URI.
      const stoppedIn = /^[a-z-]+:\/\//.test(top.source?.path ?? '')
        ? vscode.Uri.parse(top.source!.path!).path
        : top.source?.path;
      assert.equal(
        stoppedIn,
        handler.path,
        "stopped in the workspace's file, not the endpoint's copy",
      );
      assert.equal(top.line, line);
      const evaluated = (await session.customRequest('evaluate', {
        expression: 'event.rawPath',
        frameId: top.id,
        context: 'repl',
      })) as { result: string };
      assert.equal(evaluated.result, "'/debugged'");
      await new Promise((resolve) => setTimeout(resolve, pausedMs));
      await session.customRequest('continue', { threadId });
      const summary = await reported.summary;
      assert.equal(summary.failure, undefined, summary.responseText);
      assert.match(summary.responseText, /"statusCode": ?200/);
      console.log(`      ${path.join('/')}: to stopped at the breakpoint ${toStop} ms`);
      return toStop;
    } finally {
      tracker.dispose();
      reported.dispose();
    }
  }

  async function lensStopsAtBreakpoint(
    path: string[],
    line: number,
    eventFunction: string,
  ): Promise<number> {
    await savedEvent(eventFunction);
    const lens = await debugLensOf(file(...path));
    return stopsAtBreakpoint(path, line, () =>
      vscode.commands.executeCommand(lens.command, ...lens.arguments!),
    );
  }

  it('stops at a breakpoint in a JavaScript ES module handler, evaluates the event, and returns the result on continue', async function () {
    this.timeout(120_000);
    await lensStopsAtBreakpoint(['hello-node', 'index.mjs'], 3, 'hello-node');
  });

  it('debugs again with the code unchanged: nothing deployed, a fresh debug environment, stopped again', async function () {
    this.timeout(120_000);
    await lensStopsAtBreakpoint(['hello-node', 'index.mjs'], 3, 'hello-node');
  });

  it("stops at a breakpoint in a TypeScript handler (its bundle's source map), evaluates the event, and returns the result on continue", async function () {
    this.timeout(120_000);
    await lensStopsAtBreakpoint(['hello-typescript', 'index.ts'], 14, 'hello-typescript');
  });

  it('F5 on a lambda-lens launch configuration (handler and event file) stops at the breakpoint and returns the result', async function () {
    this.timeout(120_000);
    const event = await savedEvent('hello-typescript');
    const folder = vscode.workspace.workspaceFolders![0]!;
    await stopsAtBreakpoint(['hello-typescript', 'index.ts'], 14, () =>
      vscode.debug.startDebugging(folder, {
        type: 'lambda-lens',
        request: 'launch',
        name: 'hello-typescript',
        handler: 'hello-typescript/index.handler',
        event,
      }),
    );
  });

  it("F5 on a lambda-lens configuration naming a function of functions.json; the tree's Debug on that function", async function () {
    this.timeout(120_000);
    const definitions = file('.lambda-lens', 'functions.json');
    await vscode.workspace.fs.writeFile(
      definitions,
      new TextEncoder().encode(
        JSON.stringify({
          version: 1,
          functions: [
            {
              name: 'debugged-orders',
              folder: 'hello-node',
              handler: 'index.handler',
              runtime: 'nodejs20.x',
            },
          ],
        }),
      ),
    );
    try {
      await savedEvent('debugged-orders');
      const folder = vscode.workspace.workspaceFolders![0]!;
      await stopsAtBreakpoint(['hello-node', 'index.mjs'], 3, () =>
        vscode.debug.startDebugging(folder, {
          type: 'lambda-lens',
          request: 'launch',
          name: 'orders',
          function: 'debugged-orders',
        }),
      );
      // The tree's item, as its Debug action passes it: a local function (contextValue function.local shows the action).
      const { local } = await localLambda();
      const nodes = await regionChildren('Local', local.region);
      const node = nodes[(await labels(nodes)).indexOf('debugged-orders')]!;
      assert.equal((await item(node)).contextValue, 'function.local');
      await stopsAtBreakpoint(['hello-node', 'index.mjs'], 3, () =>
        vscode.commands.executeCommand('lambdaLens.debugFunction', node),
      );
    } finally {
      await vscode.workspace.fs.delete(definitions);
    }
  });

  it('a function with Timeout 1 stays paused 3 s at the breakpoint and still returns its result: no time-out while debugging', async function () {
    this.timeout(120_000);
    const definitions = file('.lambda-lens', 'functions.json');
    await vscode.workspace.fs.writeFile(
      definitions,
      new TextEncoder().encode(
        JSON.stringify({
          version: 1,
          functions: [
            {
              name: 'one-second',
              folder: 'hello-node',
              handler: 'index.handler',
              runtime: 'nodejs20.x',
              timeout: 1,
            },
          ],
        }),
      ),
    );
    try {
      await savedEvent('one-second');
      const folder = vscode.workspace.workspaceFolders![0]!;
      await stopsAtBreakpoint(
        ['hello-node', 'index.mjs'],
        3,
        () =>
          vscode.debug.startDebugging(folder, {
            type: 'lambda-lens',
            request: 'launch',
            name: 'one-second',
            function: 'one-second',
          }),
        3_000,
      );
      const { lambda } = await localLambda();
      const deployed = await lambda.send(new GetFunctionCommand({ FunctionName: 'one-second' }));
      assert.equal(deployed.Configuration?.Timeout, 1, 'the function really has a 1 s timeout');
    } finally {
      await vscode.workspace.fs.delete(definitions);
    }
  });

  it('F5 on a lambda-lens configuration whose handler or function is not there: says which and what to check, starts nothing', async function () {
    this.timeout(60_000);
    const api = await activated();
    const said: string[] = [];
    const error = api.ui.error;
    api.ui.error = async (message) => {
      said.push(message);
      return undefined;
    };
    try {
      const folder = vscode.workspace.workspaceFolders![0]!;
      const sessions = sessionsStarted();
      for (const launch of [
        { handler: 'src/missing.handler' },
        { function: 'no-such-function' },
        {},
      ]) {
        assert.equal(
          await vscode.debug.startDebugging(folder, {
            type: 'lambda-lens',
            request: 'launch',
            name: 'broken',
            ...launch,
          }),
          false,
        );
      }
      assert.match(
        said[0]!,
        /^No file in \S+ has the handler "src\/missing\.handler" .*check "handler" in the "broken" configuration\.$/,
      );
      assert.match(
        said[1]!,
        /^No function named "no-such-function" in .*check "function" in the "broken" configuration\.$/,
      );
      assert.match(
        said[2]!,
        /^The "broken" configuration names no "handler" .* and no "function" .*: add one\.$/,
      );
      assert.equal(sessions.count(), 0, 'nothing started');
      sessions.dispose();
    } finally {
      api.ui.error = error;
    }
  });

  it('from the palette with no handler open: a function of the local endpoint is picked, then the event, and the result arrives', async function () {
    this.timeout(120_000);
    const api = await activated();
    assert.ok(
      await api
        .deployer()
        .toLocal({ file: file('hello-node', 'index.mjs'), exportName: 'handler' }),
      'hello-node is on the local endpoint',
    );
    await savedEvent('hello-node');
    const asked: string[] = [];
    api.ui.pick = async (items, options) => {
      asked.push(options.placeHolder ?? '');
      return (
        items.find((i) => i === 'hello-node') ??
        items.find((i) => i.startsWith('Saved: ') && i.endsWith('debugged.json'))
      );
    };
    // What VS Code said of the sessions, shown if one is left open.
    const t0 = Date.now();
    const events: string[] = [];
    const seen = (what: string) => (s: vscode.DebugSession | undefined) =>
      events.push(
        `${Date.now() - t0} ms ${what} ${s ? `${s.id.slice(0, 8)}${s.parentSession ? ` (child of ${s.parentSession.id.slice(0, 8)})` : ''}` : 'none'}`,
      );
    const opened: string[] = [];
    const ended: string[] = [];
    const recorders = [
      vscode.debug.onDidStartDebugSession((s) => {
        opened.push(s.id);
        seen('started')(s);
      }),
      vscode.debug.onDidTerminateDebugSession((s) => {
        ended.push(s.id);
        seen('terminated')(s);
      }),
      vscode.debug.onDidChangeActiveDebugSession(seen('active')),
    ];
    const summary = await vscode.commands.executeCommand<Summary | undefined>(
      'lambdaLens.debugLocally',
    );
    events.push(`${Date.now() - t0} ms result`);
    assert.ok(summary, `the result arrives (asked: ${asked.join(' | ')})`);
    assert.match(
      summary.responseText,
      /\\"path\\": ?\\"\/debugged\\"/,
      'the handler saw the chosen event',
    );
    assert.match(asked[0]!, /^Function to invoke \(Local/);
    assert.equal(asked[1], 'Event for hello-node', 'the same event choice as Invoke');
    // With no breakpoint the handler can finish before VS Code reports the session started: that
    // late session is stopped too, and none stays open. (Checked by the sessions' own start and end
    // events: VS Code can leave activeDebugSession on a parent that has already terminated.)
    const open = () => {
      const started = new Set(opened);
      for (const id of ended) started.delete(id);
      return [...started];
    };
    for (const deadline = Date.now() + 30_000; open().length && Date.now() < deadline;)
      await new Promise((r) => setTimeout(r, 100));
    for (const recorder of recorders) recorder.dispose();
    assert.ok(opened.length > 0, `a debug session started: ${events.join('; ')}`);
    assert.deepEqual(
      open(),
      [],
      `the debug sessions ended with the invocation: ${events.join('; ')}`,
    );
  });

  it('a Python handler without the Python Debugger extension: says so with a button to get it, and starts no debug environment', async function () {
    this.timeout(120_000);
    const api = await activated();
    await savedEvent('hello-python');
    const said: { message: string; actions: string[] }[] = [];
    const error = api.ui.error;
    api.ui.error = async (message, ...actions) => {
      said.push({ message, actions });
      return undefined;
    };
    try {
      const sessions = sessionsStarted();
      const lens = await debugLensOf(file('hello-python', 'app.py'));
      const result = await vscode.commands.executeCommand(lens.command, ...lens.arguments!);
      assert.equal(result, undefined);
      assert.equal(said.length, 1, JSON.stringify(said));
      assert.match(said[0]!.message, /Python Debugger extension \(ms-python\.debugpy\)/);
      assert.deepEqual(said[0]!.actions, ['Show Python Debugger']);
      assert.equal(sessions.count(), 0, 'no debug session was started');
      sessions.dispose();
      const { lambda } = await localLambda();
      const logs = await lambda.send(new GetFunctionCommand({ FunctionName: 'hello-python' }));
      assert.equal(
        logs.Configuration?.Runtime?.startsWith('python'),
        true,
        'deployed, then not debugged',
      );
    } finally {
      api.ui.error = error;
    }
  });

  it('stopping the debug session while the handler is paused ends the invocation after the grace, and says so', async function () {
    this.timeout(120_000);
    const api = await activated();
    // A handler that keeps running once resumed (a debugger that leaves resumes the process).
    const handler = file('slow-node', 'index.mjs');
    await vscode.workspace.fs.writeFile(
      handler,
      new TextEncoder().encode(
        'export const handler = async (event) => {\n  await new Promise((resolve) => setTimeout(resolve, 60_000));\n  return { statusCode: 200 };\n};\n',
      ),
    );
    await savedEvent('slow-node');
    const said: string[] = [];
    const error = api.ui.error;
    api.ui.error = async (message) => {
      said.push(message);
      return undefined;
    };
    vscode.debug.addBreakpoints([
      new vscode.SourceBreakpoint(new vscode.Location(handler, new vscode.Position(1, 0))),
    ]);
    const tracker = nextStop();
    try {
      const lens = await debugLensOf(handler);
      const result = vscode.commands.executeCommand(lens.command, ...lens.arguments!);
      const { session } = await tracker.stop;
      const stopped = Date.now();
      await vscode.debug.stopDebugging(session.parentSession ?? session);
      assert.equal(await result, undefined, 'no result: the invocation was ended');
      const waited = Date.now() - stopped;
      assert.ok(waited >= 1_900 && waited < 10_000, `ended ${waited} ms after the session`);
      assert.match(
        said.join('\n'),
        /the debug session ended and the invocation was still running 2 s later, so it was stopped/,
      );
    } finally {
      api.ui.error = error;
      tracker.dispose();
    }
  });
});
