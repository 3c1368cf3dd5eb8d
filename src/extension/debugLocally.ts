// "Debug locally": the handler deployed to the local endpoint as for "Invoke locally", the same
// event choice, then a debug invocation (a fresh environment whose inspector waits on loopback)
// with VS Code's built-in JavaScript debugger (js-debug) attached to it: no debug adapter of ours.
// Breakpoints set on the workspace's files bind although the endpoint runs its unzipped copy of
// them: the attach maps that folder (remoteRoot) to the workspace's (localRoot).
import { createServer } from 'node:net';
import * as vscode from 'vscode';
import { unzippedCodeFolder } from '../core/localHome';
import type { InvokeSummary } from '../core/invoke/invokeResult';
import { loadCloud } from './cloudLoader';
import type { Deployer, LocalTarget } from './deploy';
import type { Connections } from './connections';
import type { HandlerRef } from './handlerLenses';
import type { Invoker } from './invoke';
import { localHome } from './settings';
import { ui } from './ui';

export interface LocalDebugContext {
  readonly output: vscode.LogOutputChannel;
  readonly connections: Connections;
  readonly invoker: () => Invoker;
  readonly deployer: () => Deployer;
}

export const DEBUG_LOCALLY_COMMAND = 'lambdaLens.debugLocally';
/** Set on the attach configuration, to know our session among the ones that start. */
const INVOCATION_KEY = 'lambdaLensDebugInvocation';

export class LocalDebugger {
  private invocations = 0;

  constructor(private readonly context: LocalDebugContext) {}

  /** The whole flow; `ref` is absent from the palette (then a handler of the active editor). */
  async run(ref: HandlerRef | undefined): Promise<InvokeSummary | undefined> {
    ref ??= await handlerOfActiveEditor();
    if (!ref) return undefined;
    const { output, connections, invoker, deployer } = this.context;
    const target = await deployer().toLocal(ref);
    if (!target) return undefined;
    const payload = await invoker().chooseEvent(target);
    if (!payload) return undefined;
    await payload.remember();
    const name = target.functionName;
    const cloud = loadCloud();
    const abort = new AbortController();
    const session = new AttachedSession(`${INVOCATION_KEY}-${++this.invocations}`);
    output.info(`Debugging ${name} locally (${target.connection.label}, ${target.region})`);
    let summary: InvokeSummary;
    try {
      const port = await freeLoopbackPort();
      summary = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Debugging ${name}…`, cancellable: true }, async (_progress, token) => {
        token.onCancellationRequested(() => abort.abort());
        const raw = await cloud.debugInvokeFunction(await connections.target(target.connection, target.region), { functionName: name, payload: payload.bytes, port }, {
          onListening: (line) => {
            output.info(`${name}: ${line}`);
            void session.start(ref, target, name, port).then((started) => {
              if (started) return;
              output.error(`VS Code's JavaScript debugger did not start for ${name}: the debug invocation is stopped.`);
              abort.abort();
            });
          },
        }, abort.signal);
        return cloud.summarizeInvoke(raw);
      });
    } catch (error) {
      const message = error instanceof Error ? `${error.name === 'Error' || error instanceof cloud.DebugInvokeError ? '' : `${error.name}: `}${error.message}` : String(error);
      output.error(`Debug invoke of ${name} ${abort.signal.aborted ? 'stopped' : 'failed'}: ${message}`);
      void vscode.window.showErrorMessage(`Could not debug ${name} locally: ${message}`);
      return undefined;
    } finally {
      // The environment retired with the invocation, which closes the inspector; the session is stopped in case it lingers.
      await session.stop();
    }
    await invoker().report(name, 'RequestResponse', await invoker().mapTraces(summary, target));
    return summary;
  }
}

/** The js-debug session attached to one debug invocation. */
class AttachedSession {
  private session: vscode.DebugSession | undefined;
  private ended = false;
  private readonly listeners: vscode.Disposable[] = [];

  constructor(private readonly id: string) {
    this.listeners.push(
      vscode.debug.onDidStartDebugSession((s) => { if (s.configuration[INVOCATION_KEY] === id) this.session = s; }),
      vscode.debug.onDidTerminateDebugSession((s) => { if (s === this.session) this.ended = true; }),
    );
  }

  start(ref: HandlerRef, target: LocalTarget, name: string, port: number): Thenable<boolean> {
    const folder = vscode.workspace.getWorkspaceFolder(ref.file);
    return vscode.debug.startDebugging(folder, {
      type: 'node', request: 'attach', name: `Lambda: ${name} (local)`, [INVOCATION_KEY]: this.id,
      address: '127.0.0.1', port, continueOnAttach: true,
      localRoot: target.codeFolder, remoteRoot: unzippedCodeFolder(localHome(), target.codeSha256),
      sourceMaps: true, skipFiles: ['<node_internals>/**', '**/node-bootstrap.js'],
    });
  }

  async stop(): Promise<void> {
    for (const listener of this.listeners) listener.dispose();
    if (this.session && !this.ended) await vscode.debug.stopDebugging(this.session);
  }
}

/** A port nothing listens on now, on 127.0.0.1: the user's own 9229 may be taken by another debug target. */
function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** From the palette: the handlers the active editor's lenses show, picked when there are several. */
async function handlerOfActiveEditor(): Promise<HandlerRef | undefined> {
  const editor = vscode.window.activeTextEditor;
  const lenses = editor ? await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', editor.document.uri) : [];
  const refs = (lenses ?? []).filter((l) => l.command?.command === DEBUG_LOCALLY_COMMAND).map((l) => l.command!.arguments![0] as HandlerRef);
  if (!refs.length) {
    void vscode.window.showInformationMessage('Open a JavaScript file with a Lambda handler, then Debug Locally (or use the lens above the handler).');
    return undefined;
  }
  if (refs.length === 1) return refs[0];
  const picked = await ui.pick(refs.map((r) => r.exportName), { placeHolder: 'Handler to debug' });
  return refs.find((r) => r.exportName === picked);
}
