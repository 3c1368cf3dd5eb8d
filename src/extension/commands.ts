import * as vscode from 'vscode';
import type { FunctionsTreeProvider, Node } from './functionsTree';
import { SETTINGS_SECTION } from './settings';

interface CommandContext {
  readonly output: vscode.LogOutputChannel;
  readonly tree: FunctionsTreeProvider;
}

/** Every contributed command exists from activation on, whatever is or is not ready yet. */
export function registerCommands({ output, tree }: CommandContext): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('lambdaLens.refresh', (node?: Node) => {
      output.debug('Refreshing the Functions view');
      tree.refresh(node);
    }),
    vscode.commands.registerCommand('lambdaLens.showOutput', () => output.show(true)),
    vscode.commands.registerCommand('lambdaLens.enableLocal', async () => {
      await vscode.workspace.getConfiguration(SETTINGS_SECTION).update('local.enabled', true, vscode.ConfigurationTarget.Global);
      tree.refresh();
    }),
  ];
}
