// Activation does only what VS Code needs before anything is shown: the output channel, the
// Functions view (whose provider stands in for the real one) and a handler for every contributed
// command. The rest of the extension (workbench.ts, dist/workbench.js) is required right after,
// or sooner if something needs it first: the view asking for its items, a command, or the API.
import * as vscode from 'vscode';
import { COMMAND_IDS, DEBUG_TYPE, FUNCTIONS_VIEW_ID } from './contributions';
import { DeferredTreeDataProvider } from './deferredTree';
import { lazyBundle } from './lazyBundle';
import { LENS_LANGUAGES } from './lensLanguages';
import { createOutput } from './output';
import type * as WorkbenchModule from './workbench';
import type { Workbench } from './workbench';

/** What activate() returns: figures and parts that tests and other extensions may read. */
export interface LambdaLensApi extends Omit<
  Workbench,
  'commands' | 'registerLenses' | 'resolveDebugLaunch'
> {
  /** Time activate() itself took, in milliseconds (the bundle's load time is measured by the caller). */
  readonly activateMs: number;
  /** The Functions view itself (its description shows the filter). */
  readonly functionsView: vscode.TreeView<unknown>;
  /** Where the output channel's log file is written (tests read it to check what was logged). */
  readonly logFolder: vscode.Uri;
}

const loadWorkbench = lazyBundle<typeof WorkbenchModule>('workbench.js');

export function activate(context: vscode.ExtensionContext): LambdaLensApi {
  const started = performance.now();
  const output = createOutput();
  let parts: Workbench | undefined;
  const workbench = (): Workbench =>
    (parts ??= loadWorkbench().startWorkbench({ context, output, view }));
  const tree = new DeferredTreeDataProvider<unknown>(() => workbench().functionsTree);
  const view = vscode.window.createTreeView(FUNCTIONS_VIEW_ID, {
    treeDataProvider: tree,
    showCollapseAll: true,
  });
  context.subscriptions.push(
    output,
    tree,
    view,
    ...COMMAND_IDS.map((id) =>
      vscode.commands.registerCommand(id, (...args: never[]) => workbench().commands[id](...args)),
    ),
    vscode.debug.registerDebugConfigurationProvider(DEBUG_TYPE, {
      // Here, not after variable substitution: only a configuration resolved at this step may change its
      // type and be resolved again by the new type's debugger (js-debug, debugpy) before it starts.
      resolveDebugConfiguration: (folder, launch) => workbench().resolveDebugLaunch(folder, launch),
    }),
  );
  // Right after activation, while VS Code has not yet asked the view for items, the rest loads
  // and the profiles (which the first draw waits for) start being read: measured at 7-20 ms that
  // the first request would otherwise wait for.
  const isHandlerDocument = (d: vscode.TextDocument) =>
    d.uri.scheme === 'file' && (LENS_LANGUAGES as readonly string[]).includes(d.languageId);
  const handlerOpen = vscode.workspace.textDocuments.some(isHandlerDocument);
  setImmediate(() => {
    const loaded = workbench();
    if (handlerOpen) loaded.registerLenses();
  });
  // Lenses are registered once a handler's language is open (vscode-eslint's way).
  if (!handlerOpen) {
    const waiting = vscode.workspace.onDidOpenTextDocument((document) => {
      if (!isHandlerDocument(document)) return;
      waiting.dispose();
      workbench().registerLenses();
    });
    context.subscriptions.push(waiting);
  }
  const activateMs = performance.now() - started;
  output.info(`Lambda Lens activated in ${activateMs.toFixed(1)} ms`);
  return {
    activateMs,
    functionsView: view,
    logFolder: context.logUri,
    get functionsTree() {
      return workbench().functionsTree;
    },
    get connections() {
      return workbench().connections;
    },
    get localEndpoint() {
      return workbench().localEndpoint;
    },
    get activeConnection() {
      return workbench().activeConnection;
    },
    get ui() {
      return workbench().ui;
    },
    get invoker() {
      return workbench().invoker;
    },
    get deployer() {
      return workbench().deployer;
    },
    get apiRunner() {
      return workbench().apiRunner;
    },
    get tuner() {
      return workbench().tuner;
    },
    get observed() {
      return workbench().observed;
    },
    get logDocuments() {
      return workbench().logDocuments;
    },
  };
}

export function deactivate(): void {
  // Everything started is in context.subscriptions and is disposed by VS Code.
}
