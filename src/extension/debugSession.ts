// The debug session attached to one debug invocation. When the user stops it (or the debugger
// disconnects) while the invocation still runs, the invocation gets a short grace to finish on its
// own, then is ended: its environment retires rather than wait for a debugger that has gone.
import * as vscode from 'vscode';
import { INVOCATION_KEY } from './debugAttach';

export const DEBUG_GRACE_MS = 2_000;

export class AttachedSession {
  private session: vscode.DebugSession | undefined;
  private ended = false;
  private grace: NodeJS.Timeout | undefined;
  private endedByGrace = false;
  private readonly listeners: vscode.Disposable[] = [];

  /** `end` stops the invocation. */
  constructor(private readonly id: string, end: () => void) {
    this.listeners.push(
      vscode.debug.onDidStartDebugSession((s) => { if (s.configuration[INVOCATION_KEY] === id) this.session = s; }),
      vscode.debug.onDidTerminateDebugSession((s) => {
        if (s !== this.session) return;
        this.ended = true;
        this.grace = setTimeout(() => {
          this.endedByGrace = true;
          end();
        }, DEBUG_GRACE_MS);
      }),
    );
  }

  /** The configuration, marked as this invocation's. */
  tag(configuration: vscode.DebugConfiguration): vscode.DebugConfiguration {
    return { ...configuration, [INVOCATION_KEY]: this.id };
  }

  /** Why the invocation stopped, when the session's end stopped it. */
  endedWhy(): string | undefined {
    return this.endedByGrace ? `the debug session ended and the invocation was still running ${DEBUG_GRACE_MS / 1000} s later, so it was stopped` : undefined;
  }

  /** The invocation ended: the session goes with it. */
  async stop(): Promise<void> {
    clearTimeout(this.grace);
    for (const listener of this.listeners) listener.dispose();
    if (this.session && !this.ended) await vscode.debug.stopDebugging(this.session);
  }
}
