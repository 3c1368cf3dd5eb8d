// "Invoke a Sample Function": a first run with nothing of the user's own. A small Node.js handler,
// kept in the extension's storage (never written into the workspace), is deployed to the local
// endpoint as "Invoke locally" deploys a handler, then invoked with a fixed event; its response
// opens as any invoke's does, and the function stays in the Functions view to try the rest on.
import * as vscode from 'vscode';
import type { Deployer } from './deploy';
import type { Invoker } from './invoke';
import type { InvokeSummary } from '../cloud';

/** The sample's folder name, which is also the function's name (the deploy plan names it after its folder). */
export const SAMPLE_FUNCTION_NAME = 'hello-lambda-lens';

const SAMPLE_HANDLER = `// The sample Lambda Lens deploys to the local endpoint: edit it, or deploy a folder of your own.
export const handler = async (event, context) => {
  console.log('Hello from', context.functionName);
  return { message: \`Hello, \${event.name ?? 'world'}!\`, requestId: context.awsRequestId };
};
`;

const SAMPLE_EVENT = { name: 'Lambda Lens' };

export async function invokeSampleFunction(
  storage: vscode.Uri,
  deployer: Deployer,
  invoker: Invoker,
): Promise<InvokeSummary | undefined> {
  const file = vscode.Uri.joinPath(storage, 'sample', SAMPLE_FUNCTION_NAME, 'index.mjs');
  await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(file, '..'));
  await vscode.workspace.fs.writeFile(file, new TextEncoder().encode(SAMPLE_HANDLER));
  const target = await deployer.toLocal({ file, exportName: 'handler' });
  if (!target) return undefined;
  return invoker.invoke(
    target,
    new TextEncoder().encode(JSON.stringify(SAMPLE_EVENT)),
    '$LATEST',
    'RequestResponse',
  );
}
