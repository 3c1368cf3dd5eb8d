// Which folder of the user's a function's code was deployed from, as `lambda-lens deploy` decides
// it: the function a SAM template or .lambda-lens/functions.json (in the folder or a parent) names,
// its folder by the definition's own rule; else a folder without definitions, which deploy names
// after itself. Invoke maps a local run's stack trace back there; unknown means unmapped.
import { existsSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { parseFunctionRef } from '../core/arn';
import { newFunctionName } from '../core/deploy/deployPlan';
import { codeFolderOf, definitionNamed } from '../core/deploy/functionDefinition';
import { TEMPLATE_FILE_NAMES } from '../core/deploy/samTemplate';
import { WORKSPACE_FUNCTIONS_FILE } from '../core/deploy/workspaceFunctions';
import { loadFunctionDefinitions } from '../cloud/deploy/functionDefinitions';

/** The nearest folder, from `folder` up, with a template or the workspace file. */
export function workspaceRootOf(folder: string): string | undefined {
  for (let dir = folder; ; dir = dirname(dir)) {
    if (
      existsSync(join(dir, WORKSPACE_FUNCTIONS_FILE)) ||
      TEMPLATE_FILE_NAMES.some((n) => existsSync(join(dir, n)))
    )
      return dir;
    if (dirname(dir) === dir) return undefined;
  }
}

/** The code folder of `functionRef` (a name or ARN) as seen from `cwd`; undefined when nothing says. */
export async function workspaceCodeFolder(
  functionRef: string,
  cwd: string,
): Promise<string | undefined> {
  const name = parseFunctionRef(functionRef)?.name ?? functionRef;
  const root = workspaceRootOf(cwd);
  if (root) {
    // A definition file that cannot be read leaves the trace as it is: invoke is not the place to report it.
    const loaded = await loadFunctionDefinitions(root).catch(() => undefined);
    const definition = loaded && definitionNamed(loaded, name);
    if (definition) return codeFolderOf(definition, root);
  }
  return newFunctionName(basename(cwd)) === name ? cwd : undefined;
}
