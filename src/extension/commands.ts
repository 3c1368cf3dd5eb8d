import * as vscode from 'vscode';
import { LAMBDA_REGIONS, REGION_PATTERN } from '../core/regions';
import type { ConfigurationDocuments } from './configurationDocuments';
import { loadCloud } from './cloudLoader';
import { ConnectionNode, FunctionNode, RegionNode, type FunctionsTreeProvider, type Node } from './functionsTree';
import { readSettings, setAddedRegions, SETTINGS_SECTION } from './settings';
import { ui } from './ui';

interface CommandContext {
  readonly output: vscode.LogOutputChannel;
  readonly tree: FunctionsTreeProvider;
  readonly documents: ConfigurationDocuments;
}

/** Every contributed command exists from activation on, whatever is or is not ready yet. */
export function registerCommands({ output, tree, documents }: CommandContext): vscode.Disposable[] {
  const register = (id: string, run: (...args: never[]) => unknown) => vscode.commands.registerCommand(id, run);
  return [
    register('lambdaLens.refresh', (node?: Node) => {
      output.debug('Refreshing the Functions view');
      tree.refresh(node);
    }),
    register('lambdaLens.showOutput', () => output.show(true)),
    register('lambdaLens.enableLocal', async () => {
      await vscode.workspace.getConfiguration(SETTINGS_SECTION).update('local.enabled', true, vscode.ConfigurationTarget.Global);
      tree.refresh();
    }),
    register('lambdaLens.filter', async () => {
      const text = await ui.input({ prompt: 'Show functions whose name contains…', value: tree.filter, placeHolder: 'part of a function name' });
      if (text !== undefined) tree.setFilter(text);
    }),
    register('lambdaLens.clearFilter', () => tree.setFilter('')),
    register('lambdaLens.addRegion', async (node?: ConnectionNode) => {
      if (!(node instanceof ConnectionNode)) return vscode.window.showInformationMessage('Choose a connection in the Functions view, then Add Region.');
      const present = new Set(node.connection.regions);
      const region = await ui.pick(LAMBDA_REGIONS.filter((r) => !present.has(r)), { placeHolder: `Add a region under ${node.connection.label}` });
      if (!region) return;
      if (!REGION_PATTERN.test(region)) return vscode.window.showErrorMessage(`"${region}" is not a region name (for example eu-west-1).`);
      await setAddedRegions(node.connection.id, [...(readSettings().addedRegions?.[node.connection.id] ?? []), region]);
      tree.refresh(node);
    }),
    register('lambdaLens.removeRegion', async (node?: RegionNode) => {
      if (!(node instanceof RegionNode)) return;
      const remaining = (readSettings().addedRegions?.[node.connection.id] ?? []).filter((r) => r !== node.region);
      await setAddedRegions(node.connection.id, remaining);
      tree.refresh();
    }),
    register('lambdaLens.copyArn', async (node?: FunctionNode) => {
      if (!(node instanceof FunctionNode) || !node.configuration.FunctionArn) return;
      await vscode.env.clipboard.writeText(node.configuration.FunctionArn);
      vscode.window.setStatusBarMessage(`Copied ${node.configuration.FunctionArn}`, 3000);
    }),
    register('lambdaLens.openConfiguration', async (node?: FunctionNode) => {
      if (!(node instanceof FunctionNode)) return;
      await documents.show(node.connection.label, node.region, node.configuration.FunctionName ?? 'function', node.configuration);
    }),
    register('lambdaLens.deleteFunction', async (node?: FunctionNode) => {
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
        await cloud.deleteFunction(cloud.lambdaClientFor(await tree.target(node.connection, node.region)), name);
        output.info(`Deleted ${name} (${node.connection.label}, ${node.region})`);
      } catch (error) {
        void vscode.window.showErrorMessage(`Could not delete ${name}: ${error instanceof Error ? error.message : String(error)}`);
      } finally {
        tree.invalidate(node.connection.id, node.region);
      }
    }),
    register('lambdaLens.fixConnection', async (command?: string) => {
      if (!command) return;
      const choice = await ui.pick(['Run in Terminal', 'Copy Command'], { placeHolder: command });
      if (choice === 'Run in Terminal') {
        const terminal = vscode.window.createTerminal('Lambda Lens');
        terminal.show();
        terminal.sendText(command);
      } else if (choice === 'Copy Command') {
        await vscode.env.clipboard.writeText(command);
      }
    }),
  ];
}
