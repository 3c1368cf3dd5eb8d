// "Debug locally" — from a lens, the palette, the tree, or F5 on a `lambda-lens` launch
// configuration: the handler deployed to the local endpoint as for "Invoke locally", the same event
// choice, then a debug invocation (a fresh environment whose debugger waits on loopback) with VS
// Code's own debugger attached to it (js-debug for Node.js, the Python Debugger's debugpy): no
// debug adapter of ours. The result, log tail and errors are shown as for "Invoke locally".
import { createServer } from 'node:net';
import * as vscode from 'vscode';
import type { InvokeSummary } from '../core/invoke/invokeResult';
import {
  attachConfiguration,
  debuggerOfRuntime,
  INVOCATION_KEY,
  missingDebugger,
  offerDebuggerExtension,
  type CodeMapping,
  type DebuggerKind,
} from './debugAttach';
import { AttachedSession } from './debugSession';
import { loadCloud } from './cloudLoader';
import type { Deployer, LocalTarget } from './deploy';
import type { Connections } from './connections';
import type { HandlerRef } from './handlerLenses';
import type { Invoker, InvokeTarget } from './invoke';
import { ui } from './ui';

export interface LocalDebugContext {
  readonly output: vscode.LogOutputChannel;
  readonly connections: Connections;
  readonly invoker: () => Invoker;
  readonly deployer: () => Deployer;
}

export const DEBUG_LOCALLY_COMMAND = 'lambdaLens.debugLocally';

/** What a debug run needs: the function, its code's mapping (when it came from the workspace), the event. */
interface DebugPlan {
  readonly target: InvokeTarget;
  readonly mapping?: CodeMapping;
  readonly folder?: vscode.WorkspaceFolder;
  readonly payload: Uint8Array;
}

/** How the attach configuration reaches VS Code: started by us, or returned to F5's resolver. */
type Attach = (configuration: vscode.DebugConfiguration) => Thenable<boolean>;

export class LocalDebugger {
  private invocations = 0;

  constructor(private readonly context: LocalDebugContext) {}

  /** From a lens (a handler of a file) or the palette (`ref` absent: the active editor's handler, else a local function). */
  async run(ref: HandlerRef | undefined): Promise<InvokeSummary | undefined> {
    if (!ref && !hasHandlerLenses()) return this.runFunction(undefined);
    ref ??= await handlerOfActiveEditor();
    if (!ref) return undefined;
    const plan = await this.planFor(ref);
    return (
      plan &&
      this.debug(plan, (configuration) => vscode.debug.startDebugging(plan.folder, configuration))
    );
  }

  /** From the tree (a function of the local endpoint), or picked from its listing. */
  async runFunction(target: InvokeTarget | undefined): Promise<InvokeSummary | undefined> {
    const { invoker, deployer } = this.context;
    if (target && target.connection.kind !== 'local') {
      void vscode.window.showErrorMessage(
        `Debugging runs on the local endpoint: ${target.functionName} is on ${target.connection.label}.`,
      );
      return undefined;
    }
    target ??= await invoker().chooseFunction('local');
    if (!target) return undefined;
    // A definition of the workspace that names the function: deployed from there, so breakpoints set on its files bind.
    const defined = await deployer().definedRef(target.functionName);
    const plan = defined ? await this.planFor(defined) : await this.withEvent(target);
    return (
      plan &&
      this.debug(plan, (configuration) => vscode.debug.startDebugging(plan.folder, configuration))
    );
  }

  /**
   * F5 on a `lambda-lens` launch configuration: deploys and starts the debug invocation, and gives
   * VS Code the attach configuration to start once the runtime's debugger listens (undefined:
   * nothing to start, the reason already shown). The invocation's result is shown when it ends.
   */
  async resolveLaunch(
    ref: HandlerRef,
    eventFile: vscode.Uri | undefined,
  ): Promise<vscode.DebugConfiguration | undefined> {
    const plan = await this.planFor(ref, eventFile);
    if (!plan) return undefined;
    return new Promise((resolve) => {
      const attach: Attach = async (configuration) => {
        resolve(configuration);
        return true; // VS Code starts it; a failure to start shows as a session that never comes
      };
      void this.debug(plan, attach).finally(() => resolve(undefined));
    });
  }

  private async planFor(ref: HandlerRef, eventFile?: vscode.Uri): Promise<DebugPlan | undefined> {
    const target = await this.context.deployer().toLocal(ref);
    if (!target) return undefined;
    return this.withEvent(
      target,
      mappingOf(target),
      vscode.workspace.getWorkspaceFolder(ref.file),
      eventFile,
    );
  }

  /** The event: a file the configuration names, else the same choice as Invoke's. */
  private async withEvent(
    target: InvokeTarget,
    mapping?: CodeMapping,
    folder?: vscode.WorkspaceFolder,
    eventFile?: vscode.Uri,
  ): Promise<DebugPlan | undefined> {
    const payload = eventFile
      ? await readEvent(eventFile)
      : await this.context.invoker().chooseEvent(target);
    if (!payload) return undefined;
    await payload.remember();
    return {
      target,
      payload: payload.bytes,
      ...(mapping ? { mapping } : {}),
      ...(folder ? { folder } : {}),
    };
  }

  /** The debug invocation, with the debugger attached when the runtime's says it listens; its result shown. */
  private async debug(
    { target, mapping, payload }: DebugPlan,
    attach: Attach,
  ): Promise<InvokeSummary | undefined> {
    const { output, connections, invoker } = this.context;
    const name = target.functionName;
    const cloud = loadCloud();
    const abort = new AbortController();
    const session = new AttachedSession(`${INVOCATION_KEY}-${++this.invocations}`, () =>
      abort.abort(),
    );
    output.info(`Debugging ${name} locally (${target.connection.label}, ${target.region})`);
    let summary: InvokeSummary;
    let kind: DebuggerKind = 'node';
    let missing: string | undefined;
    let why: string | undefined;
    try {
      const port = await freeLoopbackPort();
      summary = await vscode.window.withProgress(
        {
          location: vscode.ProgressLocation.Notification,
          title: `Debugging ${name}…`,
          cancellable: true,
        },
        async (_progress, token) => {
          token.onCancellationRequested(() => abort.abort());
          const raw = await cloud.debugInvokeFunction(
            await connections.target(target.connection, target.region),
            { functionName: name, payload, port },
            {
              onRuntime: (runtime) => {
                kind = debuggerOfRuntime(runtime);
                // Said before any environment starts: nothing would attach to it.
                missing = missingDebugger(kind);
                if (missing) throw new cloud.DebugInvokeError(missing);
              },
              onListening: (line) => {
                output.info(`${name}: ${line}`);
                void attach(session.tag(attachConfiguration(kind, name, port, mapping))).then(
                  (started) => {
                    if (started) return;
                    why = "VS Code's debugger did not start";
                    abort.abort();
                  },
                );
              },
            },
            abort.signal,
          );
          return cloud.summarizeInvoke(raw);
        },
      );
    } catch (error) {
      if (missing) {
        output.error(missing);
        offerDebuggerExtension(missing);
        return undefined;
      }
      why ??= session.endedWhy();
      const message =
        why ??
        (error instanceof Error
          ? `${error.name === 'Error' || error instanceof cloud.DebugInvokeError ? '' : `${error.name}: `}${error.message}`
          : String(error));
      output.error(
        `Debug invoke of ${name} ${abort.signal.aborted ? 'stopped' : 'failed'}: ${message}`,
      );
      void ui.error(`Could not debug ${name} locally: ${message}`);
      return undefined;
    } finally {
      // The environment retired with the invocation, which closes its debugger; the session is stopped in case it lingers.
      session.stop();
    }
    await invoker().report(name, 'RequestResponse', await invoker().mapTraces(summary, target));
    return summary;
  }
}

/** Breakpoints on the workspace's files bind in the endpoint's unzipped copy of them. */
function mappingOf(target: LocalTarget): CodeMapping {
  return { localRoot: target.codeFolder, codeSha256: target.codeSha256 };
}

async function readEvent(
  file: vscode.Uri,
): Promise<{ bytes: Uint8Array; remember: () => Promise<void> } | undefined> {
  let text: string;
  try {
    text = new TextDecoder().decode(await vscode.workspace.fs.readFile(file));
  } catch (error) {
    void vscode.window.showErrorMessage(
      `The event file ${vscode.workspace.asRelativePath(file)} cannot be read (${error instanceof Error ? error.message : String(error)}): check the "event" of the launch configuration.`,
    );
    return undefined;
  }
  const checked = loadCloud().checkPayload(
    text,
    'RequestResponse',
    vscode.workspace.asRelativePath(file),
  );
  if (!checked.ok) {
    void vscode.window.showErrorMessage(checked.message);
    return undefined;
  }
  return { bytes: checked.bytes, remember: async () => {} };
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

function hasHandlerLenses(): boolean {
  const language = vscode.window.activeTextEditor?.document.languageId;
  return language === 'javascript' || language === 'typescript' || language === 'python';
}

/** From the palette: the handlers the active editor's lenses show, picked when there are several. */
async function handlerOfActiveEditor(): Promise<HandlerRef | undefined> {
  const editor = vscode.window.activeTextEditor;
  const lenses = editor
    ? await vscode.commands.executeCommand<vscode.CodeLens[]>(
        'vscode.executeCodeLensProvider',
        editor.document.uri,
      )
    : [];
  const refs = (lenses ?? [])
    .filter((l) => l.command?.command === DEBUG_LOCALLY_COMMAND)
    .map((l) => l.command!.arguments![0] as HandlerRef);
  if (!refs.length) {
    void vscode.window.showInformationMessage(
      "This file has no Lambda handler to debug: open a handler's file, or Debug a function from the Functions view.",
    );
    return undefined;
  }
  if (refs.length === 1) return refs[0];
  const picked = await ui.pick(
    refs.map((r) => r.exportName),
    { placeHolder: 'Handler to debug' },
  );
  return refs.find((r) => r.exportName === picked);
}
