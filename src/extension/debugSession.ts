// The debug session attached to one debug invocation. When the user stops it (or the debugger
// disconnects) while the invocation still runs, the invocation gets a short grace to finish on its
// own, then is ended: its environment retires rather than wait for a debugger that has gone. When
// the invocation ends first, the session goes with it, even one VS Code reports as started only
// after the invocation has ended (a handler with no breakpoint can finish that quickly).
import * as vscode from 'vscode';
import { INVOCATION_KEY } from './debugAttach';

export const DEBUG_GRACE_MS = 2_000;
/** How long a session asked for may take to start: after that, none will. */
const LATE_START_MS = 30_000;

export class AttachedSession {
  private session: vscode.DebugSession | undefined;
  private ended = false;
  private invocationEnded = false;
  private grace: NodeJS.Timeout | undefined;
  private lateStart: NodeJS.Timeout | undefined;
  private endedByGrace = false;
  private readonly listeners: vscode.Disposable[] = [];

  /** `end` stops the invocation. */
  constructor(
    private readonly id: string,
    end: () => void,
  ) {
    this.listeners.push(
      vscode.debug.onDidStartDebugSession((s) => {
        if (s.configuration[INVOCATION_KEY] !== id) return;
        this.session = s;
        if (this.invocationEnded) void this.stopSession();
      }),
      vscode.debug.onDidTerminateDebugSession((s) => {
        if (s !== this.session) return;
        this.ended = true;
        if (this.invocationEnded) return this.dispose();
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
    return this.endedByGrace
      ? `the debug session ended and the invocation was still running ${DEBUG_GRACE_MS / 1000} s later, so it was stopped`
      : undefined;
  }

  /** The invocation ended: the session goes with it, now or when it starts. */
  async stop(): Promise<void> {
    this.invocationEnded = true;
    clearTimeout(this.grace);
    if (this.session) return this.stopSession();
    // No session yet: one may still be starting; wait a while for it, then stop listening.
    this.lateStart = setTimeout(() => this.dispose(), LATE_START_MS);
  }

  private async stopSession(): Promise<void> {
    clearTimeout(this.lateStart);
    if (!this.ended && this.session) await vscode.debug.stopDebugging(this.session);
    this.dispose();
  }

  private dispose(): void {
    clearTimeout(this.lateStart);
    for (const listener of this.listeners.splice(0)) listener.dispose();
  }
}
