// The `lambda-lens` debug configuration type (F5): a launch configuration names a handler
// ("src/app.handler", relative to the workspace folder) or a function of the folder's template or
// .lambda-lens/functions.json, and optionally an event file (relative to the folder, or absolute;
// ${workspaceFolder} allowed); it resolves, once the code is deployed
// to the local endpoint and its debug environment listens, to the attach configuration of the
// runtime's debugger (`node` or `debugpy`), which VS Code then starts. The session ends with the
// invocation.
import { stat } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import * as vscode from 'vscode';
import { parseHandlerString } from '../core/handlers/handlerString';
import type { LocalDebugger } from './debugLocally';
import type { Deployer } from './deploy';
import type { HandlerRef } from './handlerLenses';
import { ui } from './ui';

export interface LambdaLensLaunch extends vscode.DebugConfiguration {
  readonly handler?: unknown;
  readonly function?: unknown;
  readonly event?: unknown;
}

/** What resolveDebugConfiguration answers: null opens launch.json, undefined stops quietly. */
export async function resolveDebugLaunch(
  folder: vscode.WorkspaceFolder | undefined,
  launch: LambdaLensLaunch,
  localDebugger: LocalDebugger,
  deployer: Deployer,
): Promise<vscode.DebugConfiguration | null | undefined> {
  // F5 with no launch.json: the configuration is empty; opening launch.json offers our snippets.
  if (!launch.type && !launch.request && !launch.name) return null;
  folder ??= vscode.workspace.workspaceFolders?.[0];
  if (!folder)
    return refuse(
      'Debugging a `lambda-lens` configuration needs a workspace folder: open the folder that holds the handler.',
    );
  const ref = await handlerRefOf(folder, launch, deployer);
  if (typeof ref === 'string') return refuse(ref);
  if (!ref) return undefined;
  const event =
    typeof launch.event === 'string' && launch.event
      ? withFolderVariables(launch.event, folder)
      : undefined;
  const eventFile = event
    ? vscode.Uri.file(isAbsolute(event) ? event : join(folder.uri.fsPath, event))
    : undefined;
  return localDebugger.resolveLaunch(ref, eventFile);
}

/** The handler the configuration names, a message saying what is wrong, or undefined (already said). */
async function handlerRefOf(
  folder: vscode.WorkspaceFolder,
  launch: LambdaLensLaunch,
  deployer: Deployer,
): Promise<HandlerRef | string | undefined> {
  const where = `the "${launch.name}" configuration`;
  if (typeof launch.function === 'string' && launch.function) {
    return (
      (await deployer.definedRef(launch.function, [folder])) ??
      `No function named "${launch.function}" in ${folder.name}'s template.yaml or .lambda-lens/functions.json: check "function" in ${where}.`
    );
  }
  if (typeof launch.handler !== 'string' || !launch.handler) {
    return `${where[0]!.toUpperCase()}${where.slice(1)} names no "handler" (such as "src/app.handler") and no "function" (of the template or .lambda-lens/functions.json): add one.`;
  }
  return (
    (await handlerFile(folder.uri.fsPath, withFolderVariables(launch.handler, folder))) ??
    `No file in ${folder.name} has the handler "${launch.handler}" (looked for its module with .js, .mjs, .cjs, .ts, .mts, .cts and .py): check "handler" in ${where}.`
  );
}

const NODE_EXTENSIONS = ['.js', '.mjs', '.cjs', '.ts', '.mts', '.cts'];

/** The source file a handler string names, read as Node.js does, then as Python does. */
async function handlerFile(root: string, handler: string): Promise<HandlerRef | undefined> {
  const candidates = [
    ...NODE_EXTENSIONS.map((ext) => ({ target: parseHandlerString(handler, 'javascript'), ext })),
    { target: parseHandlerString(handler, 'python'), ext: '.py' },
  ];
  for (const { target, ext } of candidates) {
    if (!target || target.module.split('/').includes('..')) continue;
    const file = join(root, target.module + ext);
    if (
      await stat(file).then(
        (s) => s.isFile(),
        () => false,
      )
    )
      return { file: vscode.Uri.file(file), exportName: target.name };
  }
  return undefined;
}

/**
 * The folder's variables in a path: resolved before VS Code substitutes variables (see main.ts), so
 * the ones a path of the folder uses are replaced here.
 */
function withFolderVariables(text: string, folder: vscode.WorkspaceFolder): string {
  return text
    .replace(/\$\{workspaceFolder\}/g, folder.uri.fsPath)
    .replace(/\$\{workspaceFolderBasename\}/g, folder.name);
}

function refuse(message: string): undefined {
  void ui.error(message);
  return undefined;
}
