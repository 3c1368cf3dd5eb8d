// Activation stays cheap: register the tree, the commands and the output channel, nothing more.
// The AWS SDK (dist/cloud.js) and the local endpoint start only when a command needs them.
import { join } from 'node:path';
import * as vscode from 'vscode';
import { ActiveConnectionStatus, knownConnections } from './activeConnection';
import { registerCommands } from './commands';
import { ReadOnlyDocuments, READ_ONLY_SCHEME } from './readOnlyDocuments';
import type { HandlerRef } from './handlerLenses';
import { lazyBundle } from './lazyBundle';
import { LENS_LANGUAGES } from './lensLanguages';
import type * as Lenses from './lenses';
import { FunctionNode, FunctionsTreeProvider } from './functionsTree';
import type * as Features from './features';
import type { EstimatePanel } from './estimatePanel';
import type { Deployer } from './deploy';
import type { Invoker, InvokeTarget } from './invoke';
import { LocalEndpointProcess } from './localEndpoint';
import { ObservedFigures } from './observedFigures';
import { createOutput } from './output';
import { localHome, SETTINGS_SECTION } from './settings';
import { ui } from './ui';

export const FUNCTIONS_VIEW_ID = 'lambdaLens.functions';

/** What activate() returns: figures and parts that tests and other extensions may read. */
export interface LambdaLensApi {
  /** Time activate() itself took, in milliseconds (the bundle's load time is measured by the caller). */
  readonly activateMs: number;
  readonly functionsTree: FunctionsTreeProvider;
  /** The embedded endpoint, started on first use. */
  readonly localEndpoint: LocalEndpointProcess;
  /** The Functions view itself (its description shows the filter). */
  readonly functionsView: vscode.TreeView<unknown>;
  /** The connection and region deploy and invoke use by default. */
  readonly activeConnection: ActiveConnectionStatus;
  /** Where the output channel's log file is written (tests read it to check what was logged). */
  readonly logFolder: vscode.Uri;
  /** Prompts the commands use; tests replace them. */
  readonly ui: typeof ui;
  readonly invoker: () => Invoker;
  readonly deployer: () => Deployer;
  /** The REPORT figures the handler lenses show. */
  readonly observed: ObservedFigures;
}

export function activate(context: vscode.ExtensionContext): LambdaLensApi {
  const started = performance.now();
  const output = createOutput();
  const localEndpoint = new LocalEndpointProcess(localHome, output);
  const tree = new FunctionsTreeProvider(localEndpoint, output);
  const view = vscode.window.createTreeView(FUNCTIONS_VIEW_ID, { treeDataProvider: tree, showCollapseAll: true });
  const documents = new ReadOnlyDocuments();
  const active = new ActiveConnectionStatus(knownConnections(() => tree.knownProfiles()));
  // Feature modules are a bundle of their own, loaded on first use (see features.ts), so each new
  // command costs activation almost nothing.
  const observed = new ObservedFigures(tree);
  let invokerInstance: Invoker | undefined;
  const invoker = () => (invokerInstance ??= new (loadFeatures().Invoker)({ output, tree, documents, active, state: context.workspaceState, onInvoked: (target, summary) => observed.invoked(target, summary.report) }));
  const estimatePanels = new Set<EstimatePanel>();
  let deployerInstance: Deployer | undefined;
  const deployer = () => (deployerInstance ??= new (loadFeatures().Deployer)({
    output, tree, active, cacheDir: join(context.globalStorageUri.fsPath, 'deploy'),
    invoke: (target) => invoker().run(target),
    showInExplorer: async (target) => {
      // The view narrows to the function (its description says so; Clear Filter shows all again).
      tree.setFilter(target.functionName);
      await vscode.commands.executeCommand(`${FUNCTIONS_VIEW_ID}.focus`);
    },
  }));
  // The filter shows in the view's description, so a narrowed list is never mistaken for all of it.
  const showFilter = () => {
    view.description = tree.filter ? `filter: ${tree.filter}` : undefined;
    void vscode.commands.executeCommand('setContext', 'lambdaLens.filtered', Boolean(tree.filter));
  };
  context.subscriptions.push(
    output,
    localEndpoint,
    tree,
    view,
    active,
    observed,
    tree.onDidLoadProfiles(() => active.update()),
    vscode.commands.registerCommand('lambdaLens.selectProfile', () => active.select()),
    ...registerCommands({ output, tree, documents }),
    vscode.commands.registerCommand('lambdaLens.invoke', (node?: unknown) => invoker().run(invokeTargetOf(node))),
    vscode.commands.registerCommand('lambdaLens.invokeAsync', (node?: unknown) => invoker().run(invokeTargetOf(node), 'Event')),
    vscode.commands.registerCommand('lambdaLens.deploy', (resource?: unknown, functionName?: unknown) =>
      deployer().fromResource(resource instanceof vscode.Uri ? resource : undefined, typeof functionName === 'string' ? functionName : undefined)),
    vscode.commands.registerCommand('lambdaLens.showEstimate', async (node?: unknown) => {
      const target = invokeTargetOf(node) ?? (await invoker().chooseFunction());
      if (!target) return undefined;
      const panel = new (loadFeatures().EstimatePanel)(target, tree, context.extensionUri, observed);
      estimatePanels.add(panel);
      panel.panel.onDidDispose(() => estimatePanels.delete(panel));
      return panel;
    }),
    vscode.commands.registerCommand('lambdaLens.newSampleEvent', () => loadFeatures().newSampleEvent()),
    vscode.commands.registerCommand('lambdaLens.saveEvent', () => loadFeatures().saveEventForFunction()),
    vscode.commands.registerCommand('lambdaLens.invokeLocally', async (ref?: HandlerRef) => {
      if (!ref?.file) return vscode.window.showInformationMessage('Use "Invoke locally" from the lens above a handler.');
      const target = await deployer().toLocal(ref);
      return target ? invoker().run(target) : undefined;
    }),
    vscode.commands.registerCommand('lambdaLens.deployAndPublish', (resource?: unknown) => deployer().andPublish(resource instanceof vscode.Uri ? resource : undefined)),
    vscode.commands.registerCommand('lambdaLens.deployFromWorkspace', async (node?: unknown) => {
      const target = invokeTargetOf(node);
      return target ? deployer().toFunction(target) : deployer().fromResource();
    }),
    vscode.workspace.registerTextDocumentContentProvider(READ_ONLY_SCHEME, documents),
    tree.onDidChangeFilter(showFilter),
    vscode.workspace.onDidChangeConfiguration((e) => {
      const explorerSettings = ['local', 'profiles', 'endpoints', 'regions'].map((key) => `${SETTINGS_SECTION}.${key}`);
      if (explorerSettings.some((key) => e.affectsConfiguration(key))) tree.refresh();
      if (e.affectsConfiguration(SETTINGS_SECTION)) active.update();
    }),
  );
  // Lenses are registered once a handler's language is open (vscode-eslint's way): registering a
  // provider costs the extension host, and opening the Lambda view needs none.
  const isHandlerDocument = (d: vscode.TextDocument) => d.uri.scheme === 'file' && (LENS_LANGUAGES as readonly string[]).includes(d.languageId);
  const registerLenses = () => {
    const lenses = new (loadLenses().HandlerLensProvider)(active, observed);
    context.subscriptions.push(lenses, vscode.languages.registerCodeLensProvider(LENS_LANGUAGES.map((language) => ({ language, scheme: 'file' })), lenses));
  };
  if (vscode.workspace.textDocuments.some(isHandlerDocument)) registerLenses();
  else {
    const waiting = vscode.workspace.onDidOpenTextDocument((document) => {
      if (!isHandlerDocument(document)) return;
      waiting.dispose();
      registerLenses();
    });
    context.subscriptions.push(waiting);
  }
  const activateMs = performance.now() - started;
  output.info(`Lambda Lens activated in ${activateMs.toFixed(1)} ms`);
  return { activateMs, functionsTree: tree, localEndpoint, functionsView: view, activeConnection: active, logFolder: context.logUri, ui, invoker, deployer, observed };
}

// Loaded on first use (see features.ts and lenses.ts).
const loadFeatures = lazyBundle<typeof Features>('features.js');
const loadLenses = lazyBundle<typeof Lenses>('lenses.js');

/** A tree item or a target given by another command (a CodeLens); nothing from the palette. */
function invokeTargetOf(node: unknown): InvokeTarget | undefined {
  if (node instanceof FunctionNode) return { connection: node.connection, region: node.region, functionName: node.configuration.FunctionName ?? '' };
  const given = node as Partial<InvokeTarget> | undefined;
  return given?.connection && given.region && given.functionName ? (given as InvokeTarget) : undefined;
}

export function deactivate(): void {
  // Everything started is in context.subscriptions and is disposed by VS Code.
}
