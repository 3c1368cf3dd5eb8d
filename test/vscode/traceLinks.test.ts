// Stack traces of local runs in the real extension host: "Invoke locally" on a handler that
// throws shows, in the result document, the workspace's file and line (not the endpoint's
// unzipped copy), and that text is a link that opens the workspace's file at that line.
// JavaScript by the folder mapping; TypeScript through its bundle's source map; a Local function
// invoked from the tree, by the folder the workspace's functions.json gives it.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activated } from './extension';

const file = (...path: string[]) =>
  vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0]!.uri, ...path);
const text = (content: string) => new TextEncoder().encode(content);

async function invokeLensOf(uri: vscode.Uri): Promise<vscode.Command> {
  await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
  for (
    const deadline = Date.now() + 20_000;
    Date.now() < deadline;
    await new Promise((r) => setTimeout(r, 200))
  ) {
    const lenses =
      (await vscode.commands.executeCommand<vscode.CodeLens[]>(
        'vscode.executeCodeLensProvider',
        uri,
        10,
      )) ?? [];
    const invoke = lenses.find((l) => l.command?.command === 'lambdaLens.invokeLocally');
    if (invoke) return invoke.command!;
  }
  throw new Error(`no Invoke locally lens in ${uri.fsPath}`);
}

/** The result document names the workspace's `target` at the line and column, and its link opens the file there. */
async function linksTo(target: vscode.Uri, line: number, column: number): Promise<void> {
  const document = vscode.window.activeTextEditor!.document;
  assert.equal(document.uri.scheme, 'lambda-lens');
  const where = `${target.fsPath}:${line}:${column}`;
  assert.ok(
    document.getText().includes(where),
    `the result document names ${where}:\n${document.getText()}`,
  );
  assert.ok(!document.getText().includes('runtime-cache'), document.getText());
  const links =
    (await vscode.commands.executeCommand<vscode.DocumentLink[]>(
      'vscode.executeLinkProvider',
      document.uri,
    )) ?? [];
  const link = links.find((l) => l.target?.fsPath === target.fsPath);
  assert.ok(
    link,
    `a link to ${target.fsPath} among ${links.map((l) => l.target?.toString()).join(', ')}`,
  );
  assert.equal(document.getText(link.range), where);
  assert.equal(link.target!.fragment, `L${line},${column}`);
  // Opened as a click opens it: the workspace's file, the cursor on that line and column.
  await vscode.commands.executeCommand('vscode.open', link.target);
  const editor = vscode.window.activeTextEditor!;
  assert.equal(editor.document.uri.fsPath, target.fsPath);
  assert.equal(editor.selection.active.line + 1, line);
  assert.equal(editor.selection.active.character + 1, column);
}

describe('Stack traces of local runs', () => {
  const written: vscode.Uri[] = [];

  beforeEach(async () => {
    (await activated()).ui.pick = async (items) =>
      items.find((i) => i === 'Empty event: {}') ?? items.find((i) => i === '$LATEST');
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    for (const uri of written) await vscode.workspace.fs.delete(uri, { recursive: true });
  });

  async function invokeLocally(
    folder: string,
    name: string,
    files: Record<string, string>,
  ): Promise<void> {
    for (const [path, content] of Object.entries(files))
      await vscode.workspace.fs.writeFile(file(folder, path), text(content));
    written.push(file(folder));
    const lens = await invokeLensOf(file(folder, name));
    const summary = await vscode.commands.executeCommand<{ failure?: unknown } | undefined>(
      lens.command,
      ...lens.arguments!,
    );
    assert.ok(summary?.failure, 'the handler failed');
  }

  it("a JavaScript handler's error names the workspace file and line, and the link opens it there", async function () {
    this.timeout(60_000);
    await invokeLocally('trace-node', 'index.js', {
      'index.js':
        "'use strict';\nexports.handler = async () => {\n  throw new TypeError('the order is missing');\n};\n",
    });
    await linksTo(file('trace-node', 'index.js'), 3, 9);
  });

  it("a TypeScript handler's error names the .ts file and line, through its bundle's source map", async function () {
    this.timeout(60_000);
    await invokeLocally('trace-typescript', 'index.ts', {
      'index.ts':
        "import { check } from './check';\n\nexport const handler = async (event: { id?: string }): Promise<string> => {\n  check(event.id);\n  return 'ok';\n};\n",
      'check.ts':
        "export function check(id: string | undefined): void {\n  if (!id) {\n    throw new RangeError('no order id');\n  }\n}\n",
    });
    await linksTo(file('trace-typescript', 'check.ts'), 3, 11);
  });

  it("invoking from the tree a Local function that the workspace defines maps its frames to the definition's folder", async function () {
    this.timeout(60_000);
    const api = await activated();
    const definitions = file('.lambda-lens', 'functions.json');
    const saved = await vscode.workspace.fs.readFile(definitions).then(
      (bytes) => new TextDecoder().decode(bytes),
      () => undefined,
    );
    const recorded = (saved ? JSON.parse(saved) : { version: 1, functions: [] }) as {
      functions: unknown[];
    };
    recorded.functions.push({
      name: 'trace-defined',
      folder: 'trace-defined',
      handler: 'index.handler',
      runtime: 'nodejs20.x',
      connection: 'local',
      region: 'us-east-1',
    });
    await vscode.workspace.fs.writeFile(definitions, text(JSON.stringify(recorded)));
    await vscode.workspace.fs.writeFile(
      file('trace-defined', 'index.js'),
      text("exports.handler = async () => {\n  throw new Error('defined failure');\n};\n"),
    );
    written.push(file('trace-defined'));
    try {
      assert.ok(
        await vscode.commands.executeCommand('lambdaLens.deploy', file('trace-defined')),
        'deployed',
      );
      const local = api.activeConnection.all().find((c) => c.kind === 'local')!;
      const summary = await vscode.commands.executeCommand<{ failure?: unknown } | undefined>(
        'lambdaLens.invoke',
        { connection: local, region: 'us-east-1', functionName: 'trace-defined' },
      );
      assert.ok(summary?.failure, 'the handler failed');
      await linksTo(file('trace-defined', 'index.js'), 2, 9);
    } finally {
      if (saved === undefined) await vscode.workspace.fs.delete(definitions);
      else await vscode.workspace.fs.writeFile(definitions, text(saved));
    }
  });
});
