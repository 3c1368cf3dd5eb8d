// The activation bench's same-run floor: our manifest with the least code that gives what opening
// the Lambda view gives (a LogOutputChannel, the Functions tree with its Local node, every
// contributed command registered). Its VS Code "Activation" figure is what the extension host and
// this machine charge any extension with our surface; ours minus it is what our own code costs.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export function writeFloorExtension(extensionDir) {
  const manifest = JSON.parse(readFileSync(join(extensionDir, 'package.json'), 'utf8'));
  const commands = manifest.contributes.commands.map((c) => c.command);
  const main = join(extensionDir, manifest.main);
  writeFileSync(
    main,
    `"use strict";
const vscode = require('vscode');
exports.activate = (context) => {
  const output = vscode.window.createOutputChannel('Lambda Lens', { log: true });
  const local = new vscode.TreeItem('Local', vscode.TreeItemCollapsibleState.Collapsed);
  local.description = 'this machine';
  local.accessibilityInformation = { label: 'Local connection, this machine', role: 'treeitem' };
  const view = vscode.window.createTreeView('lambdaLens.functions', { treeDataProvider: { getTreeItem: (e) => e, getChildren: (e) => (e ? [] : [local]) }, showCollapseAll: true });
  context.subscriptions.push(output, view, ...${JSON.stringify(commands)}.map((id) => vscode.commands.registerCommand(id, () => undefined)));
  output.info('activated');
};
exports.deactivate = () => {};
`,
  );
}
