// A function's Function URLs, shown first beneath it in the Functions view (Copy URL, Open in
// Browser, Remove). Listed through the cloud layer (ListFunctionUrlConfigs), on AWS and the local
// endpoint alike; a connection that cannot list them (an older endpoint, a missing permission)
// shows none rather than an error under every function. Its description and tooltip come from
// core's functionUrlLabel (a RESPONSE_STREAM URL of a runtime that cannot stream says so).
import * as vscode from 'vscode';
import type { FunctionConfiguration } from '@aws-sdk/client-lambda';
import type { ConnectionDescriptor } from '../core/connections';
import { functionUrlLabel } from '../core/http/functionUrlLabel';
import type { ConnectionTarget } from '../cloud';
import { loadCloud } from './cloudLoader';

interface FunctionRef {
  readonly connection: ConnectionDescriptor;
  readonly region: string;
  readonly configuration: FunctionConfiguration;
}

export class FunctionUrlNode extends vscode.TreeItem {
  constructor(
    readonly fn: FunctionRef,
    readonly url: string,
    readonly authType: string,
    readonly qualifier: string | undefined,
    invokeMode: string | undefined,
    /** The runtime the URL reaches: an alias's version's, which may not be $LATEST's. */
    runtime: string | undefined,
  ) {
    super(
      qualifier ? `Function URL (${qualifier})` : 'Function URL',
      vscode.TreeItemCollapsibleState.None,
    );
    this.id = `url:${fn.connection.id}:${fn.region}:${fn.configuration.FunctionName}:${qualifier ?? ''}`;
    const label = functionUrlLabel(
      { url, authType, ...(invokeMode ? { invokeMode } : {}) },
      runtime,
    );
    this.description = label.description;
    this.tooltip = label.tooltip;
    this.iconPath = new vscode.ThemeIcon('globe');
    this.contextValue = 'functionUrl';
  }
}

export async function functionUrlNodes(
  fn: FunctionRef,
  target: () => Promise<ConnectionTarget>,
  output: vscode.LogOutputChannel,
): Promise<FunctionUrlNode[]> {
  const name = fn.configuration.FunctionName ?? '';
  try {
    const cloud = loadCloud();
    const client = cloud.lambdaClientFor(await target());
    const urls = (await cloud.listFunctionUrls(client, name)).filter((u) => u.FunctionUrl);
    return await Promise.all(
      urls.map(async (u) => {
        const qualifier = cloud.urlQualifier(u);
        // Whether a streaming URL streams depends on the runtime it reaches: an alias's is read
        // (only for those, so a plain listing costs no more calls).
        const runtime =
          qualifier && u.InvokeMode === 'RESPONSE_STREAM'
            ? ((await cloud.runtimeOf(client, name, qualifier)) ?? fn.configuration.Runtime)
            : fn.configuration.Runtime;
        return new FunctionUrlNode(
          fn,
          u.FunctionUrl!,
          u.AuthType ?? '',
          qualifier,
          u.InvokeMode,
          runtime,
        );
      }),
    );
  } catch (error) {
    output.debug(
      `The Function URLs of ${name} could not be listed: ${error instanceof Error ? error.message : String(error)}`,
    );
    return [];
  }
}
