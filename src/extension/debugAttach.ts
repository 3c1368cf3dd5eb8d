// The attach configuration for the debugger a debug environment opened: Node's inspector is
// attached by VS Code's built-in JavaScript debugger (type `node`), debugpy by the Python Debugger
// extension (type `debugpy`), which VS Code does not ship: without it, the user is told so with a
// button that shows it in the Extensions view.
import * as vscode from 'vscode';
import { unzippedCodeFolder } from '../core/localHome';
import { runtimeInfo } from '../core/runtimes';
import { localHome } from './settings';
import { ui } from './ui';

/** Set on the attach configuration, to know our session among the ones that start. */
export const INVOCATION_KEY = 'lambdaLensDebugInvocation';

export const PYTHON_DEBUGGER_EXTENSION = 'ms-python.debugpy';

export type DebuggerKind = 'node' | 'debugpy';

/** The workspace's code folder and the package the endpoint runs (its unzipped copy). */
export interface CodeMapping {
  readonly localRoot: string;
  readonly codeSha256: string;
}

/** The debugger a debug environment of this runtime opens: Node's inspector, or debugpy. */
export function debuggerOfRuntime(runtime: string): DebuggerKind {
  return runtimeInfo(runtime)?.family === 'python' ? 'debugpy' : 'node';
}

/** Why VS Code cannot attach this kind of debugger here, or undefined when it can. */
export function missingDebugger(kind: DebuggerKind): string | undefined {
  if (kind !== 'debugpy' || vscode.extensions.getExtension(PYTHON_DEBUGGER_EXTENSION))
    return undefined;
  return `Debugging a Python handler in VS Code needs the Python Debugger extension (${PYTHON_DEBUGGER_EXTENSION}): install it, then debug again.`;
}

/** The message, with a button that opens the extension's page in the Extensions view. */
export function offerDebuggerExtension(message: string): void {
  const action = 'Show Python Debugger';
  void ui.error(message, action).then(async (choice) => {
    if (choice !== action) return;
    try {
      await vscode.commands.executeCommand('extension.open', PYTHON_DEBUGGER_EXTENSION);
    } catch {
      await vscode.commands.executeCommand(
        'workbench.extensions.search',
        `@id:${PYTHON_DEBUGGER_EXTENSION}`,
      );
    }
  });
}

export function attachConfiguration(
  kind: DebuggerKind,
  functionName: string,
  port: number,
  mapping: CodeMapping | undefined,
): vscode.DebugConfiguration {
  const name = `Lambda: ${functionName} (local)`;
  const remoteRoot = mapping && unzippedCodeFolder(localHome(), mapping.codeSha256);
  if (kind === 'debugpy') {
    return {
      type: 'debugpy',
      request: 'attach',
      name,
      connect: { host: '127.0.0.1', port },
      justMyCode: true,
      ...(mapping ? { pathMappings: [{ localRoot: mapping.localRoot, remoteRoot }] } : {}),
    };
  }
  return {
    type: 'node',
    request: 'attach',
    name,
    address: '127.0.0.1',
    port,
    continueOnAttach: true,
    sourceMaps: true,
    skipFiles: ['<node_internals>/**', '**/node-bootstrap.js'],
    // A TypeScript handler's bundle runs straight after it loads: js-debug reads its source map (and
    // binds the .ts breakpoints) before it runs, not while (node-bootstrap.js compiles modules as
    // scripts in debug environments so that this pause happens).
    pauseForSourceMap: true,
    ...(mapping
      ? {
          // The workspace's files are the endpoint's copy's: breakpoints bind there, stops show here. The
          // bundle lives in that copy, outside the workspace: its source map is read there too.
          localRoot: mapping.localRoot,
          remoteRoot,
          resolveSourceMapLocations: [
            `${mapping.localRoot}/**`,
            `${remoteRoot}/**`,
            '!**/node_modules/**',
          ],
        }
      : {}),
  };
}
