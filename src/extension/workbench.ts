// The extension's parts behind the activation bundle: dist/workbench.js, required the first time
// something needs them (the Functions view asking for its items, a command, a handler file open).
// The AWS SDK (dist/cloud.js), the features (dist/features.js), the lenses (dist/lenses.js) and the
// local endpoint load later still, on their own first use.
import { join } from 'node:path';
import * as vscode from 'vscode';
import { ActiveConnectionStatus } from './activeConnection';
import { commandTable } from './commands';
import { Connections } from './connections';
import { FUNCTIONS_VIEW_ID, type CommandHandler, type CommandId } from './contributions';
import { ReadOnlyDocuments, READ_ONLY_SCHEME } from './readOnlyDocuments';
import { lazyBundle } from './lazyBundle';
import { LENS_LANGUAGES } from './lensLanguages';
import type * as Lenses from './lenses';
import { FunctionsTreeProvider } from './functionsTree';
import type * as Features from './features';
import type { EstimatePanel } from './estimatePanel';
import type { Deployer } from './deploy';
import type { LocalDebugger } from './debugLocally';
import type { Invoker } from './invoke';
import { LocalEndpointProcess } from './localEndpoint';
import { ObservedFigures } from './observedFigures';
import { TraceLinkProvider } from './traceLinkProvider';
import { localHome, SETTINGS_SECTION } from './settings';
import { ui } from './ui';

/** What the activation bundle created and hands over. */
export interface WorkbenchStart {
  readonly context: vscode.ExtensionContext;
  readonly output: vscode.LogOutputChannel;
  /** The Functions view; its provider forwards to `functionsTree`. */
  readonly view: vscode.TreeView<unknown>;
}

export interface Workbench {
  readonly functionsTree: FunctionsTreeProvider;
  /** The connections the editor knows, and their targets and clients. */
  readonly connections: Connections;
  /** The embedded endpoint, started on first use. */
  readonly localEndpoint: LocalEndpointProcess;
  /** The connection and region deploy and invoke use by default. */
  readonly activeConnection: ActiveConnectionStatus;
  /** Prompts the commands use; tests replace them. */
  readonly ui: typeof ui;
  readonly invoker: () => Invoker;
  readonly deployer: () => Deployer;
  /** The REPORT figures the handler lenses show. */
  readonly observed: ObservedFigures;
  /** Every contributed command's implementation. */
  readonly commands: Readonly<Record<CommandId, CommandHandler>>;
  /** Registers the handler CodeLenses, once: when a handler's language is first open. */
  registerLenses(): void;
}

export function startWorkbench({ context, output, view }: WorkbenchStart): Workbench {
  const localEndpoint = new LocalEndpointProcess(localHome, output);
  const connections = new Connections(localEndpoint, output);
  const tree = new FunctionsTreeProvider(connections, output);
  const documents = new ReadOnlyDocuments();
  const active = new ActiveConnectionStatus(() => connections.all());
  // Feature modules are a bundle of their own, loaded on first use (see features.ts), so each new
  // command costs the first view of the tree almost nothing.
  const observed = new ObservedFigures(connections);
  let invokerInstance: Invoker | undefined;
  const invoker = () => (invokerInstance ??= new (loadFeatures().Invoker)({ output, connections, documents, active, state: context.workspaceState, onInvoked: (target, summary) => observed.invoked(target, summary.report) }));
  const estimatePanels = new Set<EstimatePanel>();
  let deployerInstance: Deployer | undefined;
  const deployer = () => (deployerInstance ??= new (loadFeatures().Deployer)({
    output, tree, connections, active, cacheDir: join(context.globalStorageUri.fsPath, 'deploy'),
    invoke: (target) => invoker().run(target),
    showInExplorer: async (target) => {
      // The view narrows to the function (its description says so; Clear Filter shows all again).
      tree.setFilter(target.functionName);
      await vscode.commands.executeCommand(`${FUNCTIONS_VIEW_ID}.focus`);
    },
  }));
  let debuggerInstance: LocalDebugger | undefined;
  const localDebugger = () => (debuggerInstance ??= new (loadFeatures().LocalDebugger)({ output, connections, invoker, deployer }));
  // The filter shows in the view's description, so a narrowed list is never mistaken for all of it.
  const showFilter = () => {
    view.description = tree.filter ? `filter: ${tree.filter}` : undefined;
    void vscode.commands.executeCommand('setContext', 'lambdaLens.filtered', Boolean(tree.filter));
  };
  const commands = commandTable({
    output, tree, connections, documents, active, features: loadFeatures, invoker, deployer, localDebugger,
    openEstimate: (target) => {
      const panel = new (loadFeatures().EstimatePanel)(target, connections, context.extensionUri, observed);
      estimatePanels.add(panel);
      panel.panel.onDidDispose(() => estimatePanels.delete(panel));
      return panel;
    },
  });
  context.subscriptions.push(
    localEndpoint,
    connections,
    tree,
    active,
    observed,
    connections.onDidChange(() => active.update()),
    vscode.workspace.registerTextDocumentContentProvider(READ_ONLY_SCHEME, documents),
    vscode.languages.registerDocumentLinkProvider({ scheme: READ_ONLY_SCHEME }, new TraceLinkProvider()),
    tree.onDidChangeFilter(showFilter),
    vscode.workspace.onDidChangeConfiguration((e) => {
      const explorerSettings = ['local', 'profiles', 'endpoints', 'regions'].map((key) => `${SETTINGS_SECTION}.${key}`);
      if (explorerSettings.some((key) => e.affectsConfiguration(key))) tree.refresh();
      if (e.affectsConfiguration(SETTINGS_SECTION)) active.update();
    }),
  );
  // The first draw of the view waits for the profiles: start reading them now.
  connections.loadProfiles();
  const registerLenses = () => {
    const lenses = new (loadLenses().HandlerLensProvider)(active, observed);
    context.subscriptions.push(lenses, vscode.languages.registerCodeLensProvider(LENS_LANGUAGES.map((language) => ({ language, scheme: 'file' })), lenses));
  };
  return { functionsTree: tree, connections, localEndpoint, activeConnection: active, ui, invoker, deployer, observed, commands, registerLenses };
}

// Loaded on first use (see features.ts and lenses.ts).
const loadFeatures = lazyBundle<typeof Features>('features.js');
const loadLenses = lazyBundle<typeof Lenses>('lenses.js');
