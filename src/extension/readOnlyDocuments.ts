// Read-only documents (scheme lambda-lens): a function's configuration as JSON, a log stream as
// text. They can be read, searched and copied with the editor's own tools but not edited.
import * as vscode from 'vscode';

export const READ_ONLY_SCHEME = 'lambda-lens';

export class ReadOnlyDocuments implements vscode.TextDocumentContentProvider {
  private readonly contents = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  provideTextDocumentContent(uri: vscode.Uri): string {
    return (
      this.contents.get(uri.toString()) ??
      'This document is no longer loaded: open it again from the Functions view.\n'
    );
  }

  /** `path` names the document (its last segment is the tab title). */
  async show(path: string, content: string, languageId: string): Promise<vscode.TextEditor> {
    const uri = vscode.Uri.from({ scheme: READ_ONLY_SCHEME, path });
    this.contents.set(uri.toString(), content);
    this.changed.fire(uri);
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.languages.setTextDocumentLanguage(document, languageId);
    return vscode.window.showTextDocument(document, { preview: true });
  }
}
