// A function's configuration as a read-only JSON document (scheme lambda-lens-config), so it can
// be read, searched and copied with the editor's own tools but not edited by mistake.
import * as vscode from 'vscode';

export const CONFIGURATION_SCHEME = 'lambda-lens-config';

export class ConfigurationDocuments implements vscode.TextDocumentContentProvider {
  private readonly contents = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.contents.get(uri.toString()) ?? '// This configuration is no longer loaded: refresh the Functions view and open it again.\n';
  }

  async show(connectionLabel: string, region: string, name: string, configuration: unknown): Promise<vscode.TextEditor> {
    const uri = vscode.Uri.from({ scheme: CONFIGURATION_SCHEME, path: `/${connectionLabel}/${region}/${name}.json` });
    this.contents.set(uri.toString(), `${JSON.stringify(configuration, null, 2)}\n`);
    this.changed.fire(uri);
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.languages.setTextDocumentLanguage(document, 'json');
    return vscode.window.showTextDocument(document, { preview: true });
  }
}
