import * as vscode from 'vscode';

/**
 * The questions commands ask the user. Tests replace them (the smoke-test workbench suppresses
 * dialogs); everything else goes through VS Code as usual. One object for the whole extension
 * host: dist/workbench.js and dist/features.js each hold a copy of this module, and a test's
 * replacement must reach both, so the object lives under a process-wide symbol.
 */
const UI_KEY = Symbol.for('lambda-lens.ui');

export const ui: Ui = ((globalThis as Record<symbol, Ui | undefined>)[UI_KEY] ??= {
  /** A modal confirmation; true when the user chose `action`. */
  async confirm(message: string, detail: string, action: string): Promise<boolean> {
    return (
      (await vscode.window.showWarningMessage(message, { modal: true, detail }, action)) === action
    );
  },
  async input(options: vscode.InputBoxOptions): Promise<string | undefined> {
    return vscode.window.showInputBox(options);
  },
  async pick(
    items: readonly string[],
    options: vscode.QuickPickOptions,
  ): Promise<string | undefined> {
    return vscode.window.showQuickPick([...items], options);
  },
  async pickMany(
    items: readonly string[],
    options: vscode.QuickPickOptions,
  ): Promise<string[] | undefined> {
    const picked = await vscode.window.showQuickPick(
      items.map((label) => ({ label, picked: true })),
      { ...options, canPickMany: true },
    );
    return picked?.map((item) => item.label);
  },
  async error(message: string, ...actions: string[]): Promise<string | undefined> {
    return vscode.window.showErrorMessage(message, ...actions);
  },
});

export interface Ui {
  confirm(message: string, detail: string, action: string): Promise<boolean>;
  input(options: vscode.InputBoxOptions): Promise<string | undefined>;
  pick(items: readonly string[], options: vscode.QuickPickOptions): Promise<string | undefined>;
  /** Several of the items, all checked at first; undefined when dismissed. */
  pickMany(
    items: readonly string[],
    options: vscode.QuickPickOptions,
  ): Promise<string[] | undefined>;
  /** An error message with buttons; the one chosen. */
  error(message: string, ...actions: string[]): Promise<string | undefined>;
}
