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
import type { MemoryTuner } from './tuneMemory';
import type { Deployer } from './deploy';
import type { LocalDebugger } from './debugLocally';
import type { Invoker, InvokeTarget } from './invoke';
import type { ApiRunner } from './apiRunner';
import { LOCAL_RUNNING_CONTEXT, LocalEndpointProcess } from './localEndpoint';
import { ObservedFigures } from './observedFigures';
import { TraceLinkProvider } from './traceLinkProvider';
import {
  localCpuShare,
  localHome,
  localRuntimeArgs,
  logsMaxLines,
  SETTINGS_SECTION,
} from './settings';
import { LogDocuments } from './logs/logDocuments';
import { LOGS_SCHEME } from './logs/logRequest';
import { LogLinkProvider } from './logs/logLinks';
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
  /** The API `Start API` runs (created on first use). */
  readonly apiRunner: () => ApiRunner;
  /** Tune Memory… (tests cancel a run through it). */
  readonly tuner: () => MemoryTuner;
  /** The REPORT figures the handler lenses show. */
  readonly observed: ObservedFigures;
  /** The log documents (Tail Logs, Search Logs…, Show Invocation Logs). */
  readonly logDocuments: LogDocuments;
  /** Every contributed command's implementation. */
  readonly commands: Readonly<Record<CommandId, CommandHandler>>;
  /** Registers the handler CodeLenses, once: when a handler's language is first open. */
  registerLenses(): void;
  /** F5 on a `lambda-lens` configuration (debugConfiguration.ts). */
  resolveDebugLaunch(
    folder: vscode.WorkspaceFolder | undefined,
    launch: vscode.DebugConfiguration,
  ): Promise<vscode.DebugConfiguration | null | undefined>;
}

export function startWorkbench({ context, output, view }: WorkbenchStart): Workbench {
  // The walkthrough's first step is done once the endpoint runs (its completion event is this context key).
  const localEndpoint = new LocalEndpointProcess(
    localHome,
    output,
    localCpuShare,
    () => void vscode.commands.executeCommand('setContext', LOCAL_RUNNING_CONTEXT, true),
    localRuntimeArgs,
  );
  const connections = new Connections(localEndpoint, output);
  const tree = new FunctionsTreeProvider(connections, output);
  const documents = new ReadOnlyDocuments();
  const active = new ActiveConnectionStatus(() => connections.all());
  // Feature modules are a bundle of their own, loaded on first use (see features.ts), so each new
  // command costs the first view of the tree almost nothing.
  const observed = new ObservedFigures(connections);
  let invokerInstance: Invoker | undefined;
  const invoker = () =>
    (invokerInstance ??= new (loadFeatures().Invoker)({
      output,
      connections,
      documents,
      active,
      state: context.workspaceState,
      onInvoked: (target, summary) => observed.invoked(target, summary.report),
    }));
  const estimatePanels = new Set<EstimatePanel>();
  const openEstimate = (target: InvokeTarget): EstimatePanel => {
    const panel = new (loadFeatures().EstimatePanel)(
      target,
      connections,
      context.extensionUri,
      observed,
      { tune: (t) => tuner().run(t), apply: (t, memoryMB) => tuner().apply(t, memoryMB) },
    );
    estimatePanels.add(panel);
    panel.panel.onDidDispose(() => estimatePanels.delete(panel));
    return panel;
  };
  let tunerInstance: MemoryTuner | undefined;
  const tuner = () =>
    (tunerInstance ??= new (loadFeatures().MemoryTuner)({
      output,
      tree,
      connections,
      invoker,
      show: async (target, outcome) => {
        const same = (t: InvokeTarget) =>
          t.connection.id === target.connection.id &&
          t.region === target.region &&
          t.functionName === target.functionName;
        const panel = [...estimatePanels].find((p) => same(p.target)) ?? openEstimate(target);
        await panel.showTuning(outcome);
      },
    }));
  let deployerInstance: Deployer | undefined;
  const deployer = () =>
    (deployerInstance ??= new (loadFeatures().Deployer)({
      output,
      tree,
      connections,
      active,
      cacheDir: join(context.globalStorageUri.fsPath, 'deploy'),
      invoke: (target) => invoker().run(target),
      showInExplorer: async (target) => {
        // The view narrows to the function (its description says so; Clear Filter shows all again).
        tree.setFilter(target.functionName);
        await vscode.commands.executeCommand(`${FUNCTIONS_VIEW_ID}.focus`);
      },
    }));
  let apiRunnerInstance: ApiRunner | undefined;
  const apiRunner = () =>
    (apiRunnerInstance ??= new (loadFeatures().ApiRunner)({
      output,
      home: localHome,
      ensureLocal: () => localEndpoint.ensureStarted(),
    }));
  let debuggerInstance: LocalDebugger | undefined;
  const localDebugger = () =>
    (debuggerInstance ??= new (loadFeatures().LocalDebugger)({
      output,
      connections,
      invoker,
      deployer,
    }));
  // The filter shows in the view's description, so a narrowed list is never mistaken for all of it.
  const showFilter = () => {
    view.description = tree.filter ? `filter: ${tree.filter}` : undefined;
    void vscode.commands.executeCommand('setContext', 'lambdaLens.filtered', Boolean(tree.filter));
  };
  // A log document's view is made when VS Code first asks for its URI's content (a command, a
  // request id's link); following and searching are the cloud layer's (features bundle).
  const logDocuments = new LogDocuments((request, changed) => {
    const connection = active.all().find((c) => c.id === request.connectionId);
    return (
      connection &&
      loadFeatures().openLogView(
        request,
        { connection, target: (c, r) => connections.target(c, r), maxLines: logsMaxLines() },
        changed,
      )
    );
  });
  const commands = commandTable({
    output,
    tree,
    connections,
    documents,
    localEndpoint,
    active,
    features: loadFeatures,
    invoker,
    deployer,
    localDebugger,
    apiRunner,
    tuner,
    logDocuments,
    storage: context.globalStorageUri,
    openEstimate,
  });
  context.subscriptions.push(
    { dispose: () => apiRunnerInstance?.dispose() },
    localEndpoint,
    connections,
    tree,
    active,
    observed,
    connections.onDidChange(() => active.update()),
    vscode.workspace.registerTextDocumentContentProvider(READ_ONLY_SCHEME, documents),
    vscode.languages.registerDocumentLinkProvider(
      { scheme: READ_ONLY_SCHEME },
      new TraceLinkProvider(),
    ),
    logDocuments,
    vscode.workspace.registerTextDocumentContentProvider(LOGS_SCHEME, logDocuments),
    vscode.languages.registerDocumentLinkProvider(
      { scheme: LOGS_SCHEME },
      new LogLinkProvider(logDocuments, localHome),
    ),
    tree.onDidChangeFilter(showFilter),
    vscode.workspace.onDidChangeConfiguration((e) => {
      const explorerSettings = ['local', 'profiles', 'endpoints', 'regions'].map(
        (key) => `${SETTINGS_SECTION}.${key}`,
      );
      if (explorerSettings.some((key) => e.affectsConfiguration(key))) tree.refresh();
      if (e.affectsConfiguration(SETTINGS_SECTION)) active.update();
    }),
  );
  // The first draw of the view waits for the profiles: start reading them now.
  connections.loadProfiles();
  const registerLenses = () => {
    const lenses = new (loadLenses().HandlerLensProvider)(active, observed);
    context.subscriptions.push(
      lenses,
      vscode.languages.registerCodeLensProvider(
        LENS_LANGUAGES.map((language) => ({ language, scheme: 'file' })),
        lenses,
      ),
    );
  };
  const resolveDebugLaunch = (
    folder: vscode.WorkspaceFolder | undefined,
    launch: vscode.DebugConfiguration,
  ) => loadFeatures().resolveDebugLaunch(folder, launch, localDebugger(), deployer());
  context.subscriptions.push({ dispose: () => tunerInstance?.dispose() });
  return {
    functionsTree: tree,
    localEndpoint,
    activeConnection: active,
    connections,
    ui,
    invoker,
    deployer,
    apiRunner,
    tuner,
    observed,
    logDocuments,
    commands,
    registerLenses,
    resolveDebugLaunch,
  };
}

// Loaded on first use (see features.ts and lenses.ts).
const loadFeatures = lazyBundle<typeof Features>('features.js');
const loadLenses = lazyBundle<typeof Lenses>('lenses.js');
