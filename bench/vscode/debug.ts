// Runs inside the real extension host (as an extensionTestsPath module): from the Debug locally
// command to js-debug's `stopped` at a breakpoint in the hello handler, JavaScript and TypeScript,
// and beside it the same handler's cold Invoke locally (a fresh environment). Prints `BENCH <name>
// ms=<value>` lines that bench/debug.bench.mjs reads.
import * as vscode from 'vscode';
import {
  LambdaClient,
  UpdateFunctionConfigurationCommand,
  waitUntilFunctionUpdatedV2,
} from '@aws-sdk/client-lambda';
import type { LambdaLensApi } from '../../src/extension/main';

const RUNS = Number(process.env.BENCH_DEBUG_RUNS ?? 5);
const HANDLERS = [
  { name: 'js', path: ['hello-node', 'index.mjs'], line: 3, functionName: 'hello-node' },
  {
    name: 'ts',
    path: ['hello-typescript', 'index.ts'],
    line: 14,
    functionName: 'hello-typescript',
  },
];

const file = (...path: string[]) =>
  vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0]!.uri, ...path);

/** The next `stopped` event of any debug session, with how to continue from it. */
function nextStop(): { stop: Promise<() => Thenable<unknown>>; dispose: () => void } {
  let resolveStop!: (resume: () => Thenable<unknown>) => void;
  const stop = new Promise<() => Thenable<unknown>>((resolve) => {
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
          resolveStop(() =>
            session.customRequest('continue', { threadId: message.body?.threadId ?? 0 }),
          );
      },
    }),
  });
  return { stop, dispose: () => registration.dispose() };
}

async function debugOnce(ref: { file: vscode.Uri; exportName: string }): Promise<number> {
  const tracker = nextStop();
  try {
    const started = performance.now();
    const result = vscode.commands.executeCommand<{ failure?: unknown } | undefined>(
      'lambdaLens.debugLocally',
      ref,
    );
    const resume = await Promise.race([
      tracker.stop,
      result.then(() => {
        throw new Error('the invocation ended without stopping');
      }),
    ]);
    const ms = performance.now() - started;
    await resume();
    const summary = await result;
    if (!summary || summary.failure)
      throw new Error(`the debugged invocation failed: ${JSON.stringify(summary)}`);
    return ms;
  } finally {
    tracker.dispose();
  }
}

/** Invoke locally in a fresh environment: a configuration change retires the warm ones. */
async function coldInvokeOnce(
  lambda: LambdaClient,
  ref: { file: vscode.Uri; exportName: string },
  functionName: string,
  run: number,
): Promise<number> {
  await lambda.send(
    new UpdateFunctionConfigurationCommand({
      FunctionName: functionName,
      Description: `bench run ${run}`,
    }),
  );
  await waitUntilFunctionUpdatedV2(
    { client: lambda, maxWaitTime: 30 },
    { FunctionName: functionName },
  );
  const started = performance.now();
  const summary = await vscode.commands.executeCommand<
    { failure?: unknown; report?: { initDurationMs?: number } } | undefined
  >('lambdaLens.invokeLocally', ref);
  const ms = performance.now() - started;
  if (!summary || summary.failure) throw new Error(`the invoke failed: ${JSON.stringify(summary)}`);
  if (summary.report?.initDurationMs === undefined) throw new Error('the invoke was not cold');
  return ms;
}

export async function run(): Promise<void> {
  const api = await vscode.extensions
    .getExtension<LambdaLensApi>('lambda-lens.lambda-lens')!
    .activate();
  const local = await api.localEndpoint.ensureStarted();
  const lambda = new LambdaClient({
    endpoint: local.url,
    region: local.region,
    credentials: local.credentials,
  });
  api.ui.pick = async (items) =>
    items.find((i) => i.startsWith('Saved: ') && i.endsWith('bench.json'));
  for (const handler of HANDLERS) {
    await vscode.workspace.fs.writeFile(
      file('.lambda-lens', 'events', handler.functionName, 'bench.json'),
      new TextEncoder().encode('{ "rawPath": "/bench" }\n'),
    );
    const uri = file(...handler.path);
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    const ref = { file: uri, exportName: 'handler' };
    vscode.debug.addBreakpoints([
      new vscode.SourceBreakpoint(
        new vscode.Location(uri, new vscode.Position(handler.line - 1, 0)),
      ),
    ]);
    // Not counted: the first deploy (and, for TypeScript, the bundle) and the feature bundles' first load.
    console.log(`WARMUP ${handler.name} ms=${(await debugOnce(ref)).toFixed(1)}`);
    for (let i = 0; i < RUNS; i++)
      console.log(`BENCH debug-${handler.name} ms=${(await debugOnce(ref)).toFixed(1)}`);
    vscode.debug.removeBreakpoints(vscode.debug.breakpoints);
    for (let i = 0; i < RUNS; i++)
      console.log(
        `BENCH invoke-${handler.name} ms=${(await coldInvokeOnce(lambda, ref, handler.functionName, i)).toFixed(1)}`,
      );
  }
  lambda.destroy();
}
