// Shared by the extension-host suites: the extension under test, activated once.
import * as vscode from 'vscode';
import type { LambdaLensApi } from '../../src/extension/main';

export const EXTENSION_ID = 'lambda-lens.lambda-lens';

export function ourExtension(): vscode.Extension<LambdaLensApi> {
  const extension = vscode.extensions.getExtension<LambdaLensApi>(EXTENSION_ID);
  if (!extension) throw new Error(`${EXTENSION_ID} is not installed in this extension host`);
  return extension;
}

export async function activated(): Promise<LambdaLensApi> {
  return ourExtension().activate();
}
