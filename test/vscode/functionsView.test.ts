import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activated, ourExtension } from './extension';
import { COMMAND_IDS } from '../../src/extension/contributions';

async function topLevelLabels(): Promise<string[]> {
  const api = await activated();
  const nodes = await api.functionsTree.getChildren();
  return (nodes ?? []).map((node) => String(api.functionsTree.getTreeItem(node).label));
}

describe('Functions view', () => {
  before(async () => {
    await activated();
  });

  it('is contributed in the Lambda view container and can be focused', async () => {
    const contributes = ourExtension().packageJSON.contributes;
    assert.equal(contributes.viewsContainers.activitybar[0].title, 'Lambda');
    assert.equal(contributes.views.lambdaLens[0].id, 'lambdaLens.functions');
    await vscode.commands.executeCommand('lambdaLens.functions.focus');
  });

  it('shows the Local connection first', async () => {
    assert.equal((await topLevelLabels())[0], 'Local');
  });

  it('is empty (so the welcome view shows) with Local and profiles off, and shows Local after enabling it', async () => {
    const config = vscode.workspace.getConfiguration('lambdaLens');
    await config.update('local.enabled', false, vscode.ConfigurationTarget.Global);
    await config.update('profiles.enabled', false, vscode.ConfigurationTarget.Global);
    try {
      assert.deepEqual(await topLevelLabels(), []);
      await vscode.commands.executeCommand('lambdaLens.enableLocal');
      assert.deepEqual(await topLevelLabels(), ['Local']);
    } finally {
      await config.update('local.enabled', undefined, vscode.ConfigurationTarget.Global);
      await config.update('profiles.enabled', undefined, vscode.ConfigurationTarget.Global);
    }
  });
});

describe('commands', () => {
  it('registers every contributed command and no other, all in category "Lambda"', async () => {
    await activated();
    const contributed: Array<{ command: string; category: string }> =
      ourExtension().packageJSON.contributes.commands;
    const registered = new Set(await vscode.commands.getCommands(true));
    for (const { command, category } of contributed) {
      assert.ok(registered.has(command), `${command} is contributed but not registered`);
      assert.equal(category, 'Lambda', `${command} should be in category Lambda`);
    }
    // And the other way: each of our commands VS Code knows is in the manifest (the view's own, lambdaLens.functions.*, are VS Code's).
    const ours = [...registered].filter(
      (c) => c.startsWith('lambdaLens.') && !c.startsWith('lambdaLens.functions.'),
    );
    const inManifest = new Set(contributed.map((c) => c.command));
    for (const command of ours)
      assert.ok(
        inManifest.has(command),
        `${command} is registered but not contributed in package.json`,
      );
    // Activation registers COMMAND_IDS, and the table of handlers (commands.ts) is typed by them: the list and the manifest must agree.
    assert.deepEqual([...COMMAND_IDS].sort(), [...inManifest].sort());
  });

  it('Refresh redraws the Functions view', async () => {
    const api = await activated();
    let redraws = 0;
    const listener = api.functionsTree.onDidChangeTreeData(() => {
      redraws += 1;
    });
    try {
      await vscode.commands.executeCommand('lambdaLens.refresh');
      assert.equal(redraws, 1);
    } finally {
      listener.dispose();
    }
  });

  it('Show Output runs', async () => {
    await activated();
    await vscode.commands.executeCommand('lambdaLens.showOutput');
  });
});
