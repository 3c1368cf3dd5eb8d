import * as vscode from 'vscode';
import { LAMBDA_REGIONS, REGION_PATTERN } from '../core/regions';
import type { ReadOnlyDocuments } from './readOnlyDocuments';
import { loadCloud } from './cloudLoader';
import type { ConnectionDescriptor } from '../core/connections';
import { functionLogGroup } from '../core/logNames';
import { EnvironmentVariableNode } from './functionDetails';
import { ConnectionNode, FunctionNode, RegionNode, type FunctionsTreeProvider, type Node } from './functionsTree';
import { readSettings, setAddedRegions, SETTINGS_SECTION } from './settings';
import { ui } from './ui';
import type { CommandHandler, CommandId } from './contributions';
import type { Connections } from './connections';
import { errorMessage } from '../core/errorMessage';

interface CommandContext {
  readonly output: vscode.LogOutputChannel;
  readonly tree: FunctionsTreeProvider;
  readonly connections: Connections;
  readonly documents: ReadOnlyDocuments;
}

/** The Functions view's own commands (the features' commands are in workbench.ts). */
export function explorerCommands({ output, tree, connections, documents }: CommandContext) {
  /** A log stream's latest events as a read-only document, one line per event with its time. */
  async function showLogStream(connection: ConnectionDescriptor, region: string, logGroup: string, stream: string): Promise<void> {
    const cloud = loadCloud();
    const events = await cloud.streamEvents(await connections.logsClient(connection, region), logGroup, stream);
    const text = events.map((e) => `${new Date(e.timestamp ?? 0).toISOString()}  ${(e.message ?? '').replace(/\n$/, '')}`).join('\n');
    await documents.show(`/${connection.label}/${region}${logGroup}/${stream.replace(/\//g, '-')}.log`, `${text}\n`, 'log');
  }

  return {
    'lambdaLens.refresh': (node?: Node) => {
      output.debug('Refreshing the Functions view');
      tree.refresh(node);
    },
    'lambdaLens.showOutput': () => output.show(true),
    'lambdaLens.enableLocal': async () => {
      await vscode.workspace.getConfiguration(SETTINGS_SECTION).update('local.enabled', true, vscode.ConfigurationTarget.Global);
      tree.refresh();
    },
    'lambdaLens.filter': async () => {
      const text = await ui.input({ prompt: 'Show functions whose name contains…', value: tree.filter, placeHolder: 'part of a function name' });
      if (text !== undefined) tree.setFilter(text);
    },
    'lambdaLens.clearFilter': () => tree.setFilter(''),
    'lambdaLens.addRegion': async (node?: ConnectionNode) => {
      if (!(node instanceof ConnectionNode)) return vscode.window.showInformationMessage('Choose a connection in the Functions view, then Add Region.');
      const present = new Set(node.connection.regions);
      const region = await ui.pick(LAMBDA_REGIONS.filter((r) => !present.has(r)), { placeHolder: `Add a region under ${node.connection.label}` });
      if (!region) return;
      if (!REGION_PATTERN.test(region)) return vscode.window.showErrorMessage(`"${region}" is not a region name (for example eu-west-1).`);
      await setAddedRegions(node.connection.id, [...(readSettings().addedRegions?.[node.connection.id] ?? []), region]);
      tree.refresh(node);
    },
    'lambdaLens.removeRegion': async (node?: RegionNode) => {
      if (!(node instanceof RegionNode)) return;
      const remaining = (readSettings().addedRegions?.[node.connection.id] ?? []).filter((r) => r !== node.region);
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
      await documents.show(`/${node.connection.label}/${node.region}/${name}.json`, `${JSON.stringify(node.configuration, null, 2)}\n`, 'json');
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
        await cloud.deleteFunction(await connections.lambdaClient(node.connection, node.region), name);
        output.info(`Deleted ${name} (${node.connection.label}, ${node.region})`);
      } catch (error) {
        void vscode.window.showErrorMessage(`Could not delete ${name}: ${errorMessage(error)}`);
      } finally {
        tree.invalidate(node.connection.id, node.region);
      }
    },
    'lambdaLens.toggleVariable': (node?: EnvironmentVariableNode) => {
      if (node instanceof EnvironmentVariableNode) tree.toggleVariable(node);
    },
    'lambdaLens.showLogStream': async (ref?: { connection: ConnectionDescriptor; region: string; logGroup: string; stream: string }) => {
      if (!ref?.stream) return;
      await showLogStream(ref.connection, ref.region, ref.logGroup, ref.stream);
    },
    'lambdaLens.showLogs': async (node?: FunctionNode) => {
      if (!(node instanceof FunctionNode)) return;
      const name = node.configuration.FunctionName ?? '';
      const logGroup = node.configuration.LoggingConfig?.LogGroup ?? functionLogGroup(name);
      try {
        const cloud = loadCloud();
        const [latest] = await cloud.latestLogStreams(await connections.logsClient(node.connection, node.region), name, { limit: 1, logGroup });
        if (!latest?.logStreamName) return vscode.window.showInformationMessage(`${name} has no logs yet: invoke it first.`);
        await showLogStream(node.connection, node.region, logGroup, latest.logStreamName);
      } catch (error) {
        void vscode.window.showErrorMessage(`Could not read the logs of ${name}: ${errorMessage(error)}`);
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
  } satisfies Partial<Record<CommandId, CommandHandler>>;
}
