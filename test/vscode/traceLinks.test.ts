// Stack traces of local runs in the real extension host: "Invoke locally" on a handler that
// throws shows, in the result document, the workspace's file and line (not the endpoint's
// unzipped copy), and that text is a link that opens the workspace's file at that line.
// JavaScript by the folder mapping; TypeScript through its bundle's source map.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activated } from './extension';

const file = (...path: string[]) => vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0]!.uri, ...path);

async function invokeLensOf(uri: vscode.Uri): Promise<vscode.Command> {
  await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
  for (const deadline = Date.now() + 20_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 200))) {
    const lenses = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 10)) ?? [];
    const invoke = lenses.find((l) => l.command?.command === 'lambdaLens.invokeLocally');
    if (invoke) return invoke.command!;
  }
  throw new Error(`no Invoke locally lens in ${uri.fsPath}`);
}

describe('Stack traces of local runs', () => {
  const written: vscode.Uri[] = [];

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    for (const uri of written) await vscode.workspace.fs.delete(uri, { recursive: true });
  });

  async function throwsAt(folder: string, name: string, files: Record<string, string>, expected: { file: string[]; line: number; column: number }): Promise<void> {
    for (const [path, text] of Object.entries(files)) await vscode.workspace.fs.writeFile(file(folder, path), new TextEncoder().encode(text));
    written.push(file(folder));
    (await activated()).ui.pick = async (items) => items.find((i) => i === 'Empty event: {}') ?? items.find((i) => i === '$LATEST');
    const lens = await invokeLensOf(file(folder, name));
    const summary = await vscode.commands.executeCommand<{ failure?: { stack: string[] } } | undefined>(lens.command, ...lens.arguments!);
    assert.ok(summary?.failure, 'the handler failed');

    const document = vscode.window.activeTextEditor!.document;
    assert.equal(document.uri.scheme, 'lambda-lens');
    const target = file(folder, ...expected.file);
    const where = `${target.fsPath}:${expected.line}:${expected.column}`;
    assert.ok(document.getText().includes(where), `the result document names ${where}:\n${document.getText()}`);
    assert.ok(!document.getText().includes('runtime-cache'), document.getText());

    const links = (await vscode.commands.executeCommand<vscode.DocumentLink[]>('vscode.executeLinkProvider', document.uri)) ?? [];
    const link = links.find((l) => l.target?.fsPath === target.fsPath);
    assert.ok(link, `a link to ${target.fsPath} among ${links.map((l) => l.target?.toString()).join(', ')}`);
    assert.equal(document.getText(link.range), where);
    assert.equal(link.target!.fragment, `L${expected.line},${expected.column}`);
    // Opened as a click opens it: the workspace's file, the cursor on that line and column.
    await vscode.commands.executeCommand('vscode.open', link.target);
    const editor = vscode.window.activeTextEditor!;
    assert.equal(editor.document.uri.fsPath, target.fsPath);
    assert.equal(editor.selection.active.line + 1, expected.line);
    assert.equal(editor.selection.active.character + 1, expected.column);
  }

  it('a JavaScript handler\'s error names the workspace file and line, and the link opens it there', async function () {
    this.timeout(60_000);
    await throwsAt('trace-node', 'index.js', {
      'index.js': "'use strict';\nexports.handler = async () => {\n  throw new TypeError('the order is missing');\n};\n",
    }, { file: ['index.js'], line: 3, column: 9 });
  });

  it('a TypeScript handler\'s error names the .ts file and line, through its bundle\'s source map', async function () {
    this.timeout(60_000);
    await throwsAt('trace-typescript', 'index.ts', {
      'index.ts': "import { check } from './check';\n\nexport const handler = async (event: { id?: string }): Promise<string> => {\n  check(event.id);\n  return 'ok';\n};\n",
      'check.ts': "export function check(id: string | undefined): void {\n  if (!id) {\n    throw new RangeError('no order id');\n  }\n}\n",
    }, { file: ['check.ts'], line: 3, column: 11 });
  });
});
