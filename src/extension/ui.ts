import * as vscode from 'vscode';

/**
 * The questions commands ask the user. Tests replace them (the smoke-test workbench suppresses
 * dialogs); everything else goes through VS Code as usual.
 */
export const ui = {
  /** A modal confirmation; true when the user chose `action`. */
  async confirm(message: string, detail: string, action: string): Promise<boolean> {
    return (await vscode.window.showWarningMessage(message, { modal: true, detail }, action)) === action;
  },
  async input(options: vscode.InputBoxOptions): Promise<string | undefined> {
    return vscode.window.showInputBox(options);
  },
  async pick(items: readonly string[], options: vscode.QuickPickOptions): Promise<string | undefined> {
    return vscode.window.showQuickPick([...items], options);
  },
};
