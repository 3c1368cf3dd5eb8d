// Every contributed command with its handler, in one table (as the CLI's src/cli/commands.ts).
// contributions.ts lists the ids the manifest contributes; the table is typed by them, so a
// command without a handler, or a handler without a command, fails to compile.
import * as vscode from 'vscode';
import { LAMBDA_REGIONS, REGION_PATTERN } from '../core/regions';
import type { ReadOnlyDocuments } from './readOnlyDocuments';
import type { LocalEndpointProcess } from './localEndpoint';
import { loadCloud } from './cloudLoader';
import type { ConnectionDescriptor } from '../core/connections';
import { functionLogGroup } from '../core/logNames';
import { EnvironmentVariableNode } from './functionDetails';
import { FunctionUrlNode } from './functionUrlNodes';
import {
  ConnectionNode,
  FunctionNode,
  RegionNode,
  type FunctionsTreeProvider,
  type Node,
} from './functionsTree';
import type { ActiveConnectionStatus } from './activeConnection';
import type { Deployer } from './deploy';
import type { LocalDebugger } from './debugLocally';
import type { EstimatePanel } from './estimatePanel';
import type * as Features from './features';
import type { HandlerRef } from './handlerLenses';
import type { Invoker, InvokeTarget } from './invoke';
import { readSettings, setAddedRegions, SETTINGS_SECTION } from './settings';
import { ui } from './ui';
import type { CommandHandler, CommandId } from './contributions';
import type { Connections } from './connections';
import { errorMessage } from '../core/errorMessage';
import type { ApiRunner } from './apiRunner';
import type { MemoryTuner } from './tuneMemory';
import type { LogDocuments } from './logs/logDocuments';
import { logCommands } from './logs/logCommands';
import { eventLine, TimeText } from '../core/logs/documentLine';

const AUTH_NONE = 'NONE: anyone with the address may call it';
const AUTH_IAM = 'AWS_IAM: only requests signed with AWS credentials (SigV4)';

export interface CommandContext {
  readonly output: vscode.LogOutputChannel;
  readonly tree: FunctionsTreeProvider;
  readonly connections: Connections;
  readonly documents: ReadOnlyDocuments;
  readonly localEndpoint: LocalEndpointProcess;
  readonly active: ActiveConnectionStatus;
  // The features, each loaded on its first use (see features.ts).
  readonly features: () => typeof Features;
  readonly invoker: () => Invoker;
  readonly deployer: () => Deployer;
  readonly localDebugger: () => LocalDebugger;
  readonly apiRunner: () => ApiRunner;
  readonly tuner: () => MemoryTuner;
  readonly logDocuments: LogDocuments;
  /** Where the sample function is written (the extension's own storage, never the workspace). */
  readonly storage: vscode.Uri;
  readonly openEstimate: (target: InvokeTarget) => EstimatePanel;
}

/** The table: each contributed command's id and its handler. */
export function commandTable(context: CommandContext): Record<CommandId, CommandHandler> {
  const {
    output,
    tree,
    connections,
    documents,
    localEndpoint,
    active,
    features,
    invoker,
    deployer,
    localDebugger,
    apiRunner,
    tuner,
    logDocuments,
  } = context;
  /** A log stream's latest events as a read-only document, one line per event with its time. */
  async function showLogStream(
    connection: ConnectionDescriptor,
    region: string,
    logGroup: string,
    stream: string,
  ): Promise<void> {
    const cloud = loadCloud();
    const events = await cloud.streamEvents(
      await connections.logsClient(connection, region),
      logGroup,
      stream,
    );
    // A stream's lines are the function's: shown as the log document shows them (inert, cut).
    const times = new TimeText();
    const text = events.map((e) => eventLine(times, e)).join('\n');
    await documents.show(
      `/${connection.label}/${region}${logGroup}/${stream.replace(/\//g, '-')}.log`,
      `${text}\n`,
      'log',
    );
  }

  return {
    'lambdaLens.refresh': (node?: Node) => {
      output.debug('Refreshing the Functions view');
      tree.refresh(node);
    },
    'lambdaLens.showOutput': () => output.show(true),
    'lambdaLens.enableLocal': async () => {
      await vscode.workspace
        .getConfiguration(SETTINGS_SECTION)
        .update('local.enabled', true, vscode.ConfigurationTarget.Global);
      tree.refresh();
      // Started now, not when first needed, so the user sees at once that it runs (or why not).
      try {
        const local = await localEndpoint.ensureStarted();
        vscode.window.setStatusBarMessage(`Local endpoint running at ${local.url}`, 5000);
      } catch (error) {
        void vscode.window
          .showErrorMessage(
            `The local endpoint did not start: ${errorMessage(error)}`,
            'Show Output',
          )
          .then((choice) => {
            if (choice) output.show(true);
          });
      }
    },
    'lambdaLens.filter': async () => {
      const text = await ui.input({
        prompt: 'Show functions whose name contains…',
        value: tree.filter,
        placeHolder: 'part of a function name',
      });
      if (text !== undefined) tree.setFilter(text);
    },
    'lambdaLens.clearFilter': () => tree.setFilter(''),
    'lambdaLens.addRegion': async (node?: ConnectionNode) => {
      if (!(node instanceof ConnectionNode))
        return vscode.window.showInformationMessage(
          'Choose a connection in the Functions view, then Add Region.',
        );
      const present = new Set(node.connection.regions);
      const region = await ui.pick(
        LAMBDA_REGIONS.filter((r) => !present.has(r)),
        { placeHolder: `Add a region under ${node.connection.label}` },
      );
      if (!region) return;
      if (!REGION_PATTERN.test(region))
        return vscode.window.showErrorMessage(
          `"${region}" is not a region name (for example eu-west-1).`,
        );
      await setAddedRegions(node.connection.id, [
        ...(readSettings().addedRegions?.[node.connection.id] ?? []),
        region,
      ]);
      tree.refresh(node);
    },
    'lambdaLens.removeRegion': async (node?: RegionNode) => {
      if (!(node instanceof RegionNode)) return;
      const remaining = (readSettings().addedRegions?.[node.connection.id] ?? []).filter(
        (r) => r !== node.region,
      );
      await setAddedRegions(node.connection.id, remaining);
      tree.refresh();
    },
    'lambdaLens.copyArn': async (node?: FunctionNode) => {
      if (!(node instanceof FunctionNode) || !node.configuration.FunctionArn) return;
      await vscode.env.clipboard.writeText(node.configuration.FunctionArn);
      vscode.window.setStatusBarMessage(`Copied ${node.configuration.FunctionArn}`, 3000);
    },
    'lambdaLens.openConfiguration': async (node?: FunctionNode) => {
      if (!(node instanceof FunctionNode)) return;
      const name = node.configuration.FunctionName ?? 'function';
      await documents.show(
        `/${node.connection.label}/${node.region}/${name}.json`,
        `${JSON.stringify(node.configuration, null, 2)}\n`,
        'json',
      );
    },
    'lambdaLens.deleteFunction': async (node?: FunctionNode) => {
      if (!(node instanceof FunctionNode)) return;
      const name = node.configuration.FunctionName ?? '';
      const confirmed = await ui.confirm(
        `Delete the function "${name}"?`,
        `${node.connection.label}, region ${node.region}. Its code, versions and aliases are deleted; this cannot be undone.`,
        'Delete',
      );
      if (!confirmed) return;
      try {
        const cloud = loadCloud();
        await cloud.deleteFunction(
          await connections.lambdaClient(node.connection, node.region),
          name,
        );
        output.info(`Deleted ${name} (${node.connection.label}, ${node.region})`);
        void vscode.window.showInformationMessage(
          `Deleted ${name} from ${node.connection.label} · ${node.region}.`,
        );
      } catch (error) {
        void vscode.window.showErrorMessage(`Could not delete ${name}: ${errorMessage(error)}`);
      } finally {
        tree.invalidate(node.connection.id, node.region);
      }
    },
    'lambdaLens.addFunctionUrl': async (node?: FunctionNode) => {
      if (!(node instanceof FunctionNode))
        return vscode.window.showInformationMessage(
          'Choose a function in the Functions view, then Add Function URL.',
        );
      const name = node.configuration.FunctionName ?? '';
      const choice = await ui.pick([AUTH_NONE, AUTH_IAM], {
        placeHolder: `Who may call the URL of ${name}?`,
      });
      if (!choice) return undefined;
      try {
        const cloud = loadCloud();
        const url = await cloud.createFunctionUrl(
          await connections.lambdaClient(node.connection, node.region),
          name,
          choice === AUTH_IAM ? 'AWS_IAM' : 'NONE',
        );
        output.info(`Function URL of ${name} (${node.connection.label}, ${node.region}): ${url}`);
        vscode.window.setStatusBarMessage(`$(globe) ${name}: ${url}`, 10_000);
        return url;
      } catch (error) {
        void vscode.window.showErrorMessage(
          `Could not add a URL to ${name}: ${error instanceof Error ? error.message : String(error)}`,
        );
        return undefined;
      } finally {
        tree.functionChanged();
      }
    },
    'lambdaLens.removeFunctionUrl': async (node?: FunctionUrlNode) => {
      if (!(node instanceof FunctionUrlNode)) return;
      const name = node.fn.configuration.FunctionName ?? '';
      const confirmed = await ui.confirm(
        `Remove the Function URL of "${name}"${node.qualifier ? ` (${node.qualifier})` : ''}?`,
        `${node.url}\nCallers of this address get an error from now on; a URL added later has another address.`,
        'Remove',
      );
      if (!confirmed) return;
      try {
        const cloud = loadCloud();
        await cloud.deleteFunctionUrl(
          await connections.lambdaClient(node.fn.connection, node.fn.region),
          name,
          node.qualifier,
        );
        output.info(`Removed the Function URL of ${name}: ${node.url}`);
      } catch (error) {
        void vscode.window.showErrorMessage(
          `Could not remove the URL of ${name}: ${error instanceof Error ? error.message : String(error)}`,
        );
      } finally {
        tree.functionChanged();
      }
    },
    'lambdaLens.copyFunctionUrl': async (node?: FunctionUrlNode) => {
      if (!(node instanceof FunctionUrlNode)) return;
      await vscode.env.clipboard.writeText(node.url);
      vscode.window.setStatusBarMessage(`Copied ${node.url}`, 3000);
    },
    'lambdaLens.openFunctionUrl': async (node?: FunctionUrlNode) => {
      if (!(node instanceof FunctionUrlNode)) return;
      await vscode.env.openExternal(vscode.Uri.parse(node.url));
    },
    'lambdaLens.toggleVariable': (node?: EnvironmentVariableNode) => {
      if (node instanceof EnvironmentVariableNode) tree.toggleVariable(node);
    },
    'lambdaLens.showLogStream': async (ref?: {
      connection: ConnectionDescriptor;
      region: string;
      logGroup: string;
      stream: string;
    }) => {
      if (!ref?.stream) return;
      await showLogStream(ref.connection, ref.region, ref.logGroup, ref.stream);
    },
    'lambdaLens.showLogs': async (node?: FunctionNode) => {
      if (!(node instanceof FunctionNode)) return;
      const name = node.configuration.FunctionName ?? '';
      const logGroup = node.configuration.LoggingConfig?.LogGroup ?? functionLogGroup(name);
      try {
        const cloud = loadCloud();
        const [latest] = await cloud.latestLogStreams(
          await connections.logsClient(node.connection, node.region),
          name,
          { limit: 1, logGroup },
        );
        if (!latest?.logStreamName)
          return vscode.window.showInformationMessage(`${name} has no logs yet: invoke it first.`);
        await showLogStream(node.connection, node.region, logGroup, latest.logStreamName);
      } catch (error) {
        void vscode.window.showErrorMessage(
          `Could not read the logs of ${name}: ${errorMessage(error)}`,
        );
      }
    },
    'lambdaLens.fixConnection': async (command?: string) => {
      if (!command) return;
      const choice = await ui.pick(['Run in Terminal', 'Copy Command'], { placeHolder: command });
      if (choice === 'Run in Terminal') {
        const terminal = vscode.window.createTerminal('Lambda Lens');
        terminal.show();
        terminal.sendText(command);
      } else if (choice === 'Copy Command') {
        await vscode.env.clipboard.writeText(command);
      }
    },
    'lambdaLens.selectProfile': () => active.select(),
    'lambdaLens.invoke': (node?: unknown) => invoker().run(invokeTargetOf(node)),
    'lambdaLens.invokeAsync': (node?: unknown) => invoker().run(invokeTargetOf(node), 'Event'),
    'lambdaLens.deploy': (resource?: unknown, functionName?: unknown, exportName?: unknown) =>
      deployer().fromResource(
        resource instanceof vscode.Uri ? resource : undefined,
        typeof functionName === 'string' ? functionName : undefined,
        undefined,
        typeof exportName === 'string' ? exportName : undefined,
      ),
    'lambdaLens.deployAndPublish': (resource?: unknown) =>
      deployer().andPublish(resource instanceof vscode.Uri ? resource : undefined),
    'lambdaLens.deployFromWorkspace': async (node?: unknown) => {
      const target = invokeTargetOf(node);
      return target ? deployer().toFunction(target) : deployer().fromResource();
    },
    'lambdaLens.invokeLocally': async (ref?: HandlerRef) => {
      if (!ref?.file)
        return vscode.window.showInformationMessage(
          'Use "Invoke locally" from the lens above a handler.',
        );
      const target = await deployer().toLocal(ref);
      return target ? invoker().run(target) : undefined;
    },
    'lambdaLens.debugLocally': (ref?: HandlerRef) =>
      localDebugger().run(ref?.file ? ref : undefined),
    'lambdaLens.debugFunction': (node?: unknown) =>
      localDebugger().runFunction(invokeTargetOf(node)),
    'lambdaLens.startApi': (resource?: unknown) =>
      apiRunner().start(resource instanceof vscode.Uri ? resource : undefined),
    'lambdaLens.apiActions': () => apiRunner().actions(),
    'lambdaLens.tuneMemory': (node?: unknown) => tuner().run(invokeTargetOf(node)),
    'lambdaLens.invokeSample': () =>
      features().invokeSampleFunction(context.storage, deployer(), invoker()),
    ...logCommands({ documents: logDocuments, chooseFunction: () => invoker().chooseFunction() }),
    'lambdaLens.showEstimate': async (node?: unknown) => {
      const target = invokeTargetOf(node) ?? (await invoker().chooseFunction());
      return target ? context.openEstimate(target) : undefined;
    },
    'lambdaLens.newSampleEvent': () => features().newSampleEvent(),
    'lambdaLens.saveEvent': () =>
      features().saveEventForFunction(undefined, tree.listedFunctionNames()),
  };
}

/** A tree item or a target given by another command (a CodeLens); nothing from the palette. */
function invokeTargetOf(node: unknown): InvokeTarget | undefined {
  if (node instanceof FunctionNode)
    return {
      connection: node.connection,
      region: node.region,
      functionName: node.configuration.FunctionName ?? '',
    };
  const given = node as Partial<InvokeTarget> | undefined;
  return given?.connection && given.region && given.functionName
    ? (given as InvokeTarget)
    : undefined;
}
