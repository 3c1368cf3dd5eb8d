// Shared by the extension-host suites: the extension under test, activated once.
import * as vscode from 'vscode';
import { LambdaClient } from '@aws-sdk/client-lambda';
import type { LocalConnection } from '../../src/extension/localEndpoint';
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

/** The extension's own local endpoint (started if needed) and an SDK client for it, to set up functions. */
export async function localLambda(): Promise<{ local: LocalConnection; lambda: LambdaClient }> {
  const local = await (await activated()).localEndpoint.ensureStarted();
  return {
    local,
    lambda: new LambdaClient({
      endpoint: local.url,
      region: local.region,
      credentials: local.credentials,
    }),
  };
}

/** Makes the local endpoint, us-east-1, the connection the commands act on (as a user's choice would). */
export async function useLocalConnection(): Promise<void> {
  const settings = vscode.workspace.getConfiguration('lambdaLens');
  await settings.update('activeConnection', 'local', vscode.ConfigurationTarget.Global);
  await settings.update('activeRegion', 'us-east-1', vscode.ConfigurationTarget.Global);
}
