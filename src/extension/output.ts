import * as vscode from 'vscode';

/** The one output channel: a LogOutputChannel, so users can pick the level they want to see. */
export function createOutput(): vscode.LogOutputChannel {
  return vscode.window.createOutputChannel('Lambda Lens', { log: true });
}
