// The workspace folder a function's code is deployed from, as its definition (a SAM template or
// .lambda-lens/functions.json) gives it: where a local run's stack frames are mapped back to.
import * as vscode from 'vscode';
import { codeFolderOf, definitionNamed } from '../core/deploy/functionDefinition';
import { loadCloud } from './cloudLoader';

/** The code folder a workspace folder's SAM template or functions.json gives the function, if any. */
export async function workspaceCodeFolder(functionName: string): Promise<string | undefined> {
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    if (folder.uri.scheme !== 'file') continue;
    const root = folder.uri.fsPath;
    const definitions = await loadCloud().loadFunctionDefinitions(root);
    const definition = definitionNamed(definitions, functionName);
    if (definition) return codeFolderOf(definition, root);
  }
  return undefined;
}
