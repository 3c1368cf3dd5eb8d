// The debug sessions attached to one debug invocation: the one VS Code starts from our attach
// configuration, and the child sessions js-debug starts under it for the target (they carry the
// same configuration). When the user stops debugging (or the debugger disconnects) while the
// invocation still runs, the invocation gets a short grace to finish on its own, then is ended: its
// environment retires rather than wait for a debugger that has gone. When the invocation ends
// first, the sessions go with it: the root one is stopped (its children end with it), even one VS
// Code reports as started only after the invocation has ended, and even when a child ended first
// (the target's process goes, the parent would stay).
import * as vscode from 'vscode';
import { INVOCATION_KEY } from './debugAttach';

export const DEBUG_GRACE_MS = 2_000;
/** How long a session asked for may take to start: after that, none will. */
const LATE_START_MS = 30_000;
/** Between two asks to stop a session that is still there. */
const STOP_RETRY_MS = 500;

export class AttachedSession {
  private readonly live = new Set<vscode.DebugSession>();
  private invocationEnded = false;
  private grace: NodeJS.Timeout | undefined;
  private lateStart: NodeJS.Timeout | undefined;
  private endedByGrace = false;
  private stopping = false;
  private stopDeadline = 0;
  private readonly listeners: vscode.Disposable[] = [];

  /** `end` stops the invocation. */
  constructor(
    private readonly id: string,
    end: () => void,
  ) {
    this.listeners.push(
      vscode.debug.onDidStartDebugSession((s) => {
        if (s.configuration[INVOCATION_KEY] !== id) return;
        this.live.add(s);
        if (this.invocationEnded) void this.stopRoots();
      }),
      vscode.debug.onDidTerminateDebugSession((s) => {
        if (!this.live.delete(s)) return;
        if (this.invocationEnded) {
          if (this.live.size === 0) this.dispose();
          return;
        }
        this.grace ??= setTimeout(() => {
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

  /** The invocation ended: the sessions go with it, now or when they start. */
  stop(): void {
    this.invocationEnded = true;
    this.stopDeadline = Date.now() + LATE_START_MS;
    clearTimeout(this.grace);
    // A session may still be starting: listen a while for it, then stop listening.
    this.lateStart = setTimeout(() => this.dispose(), LATE_START_MS);
    if (this.live.size) void this.stopRoots();
  }

  /**
   * Stops each live session whose parent is not one of ours (its children end with it), and asks
   * again while one is still there: a stop asked while the session is still starting is refused or
   * lost, and on a loaded machine js-debug may take seconds to get past that.
   */
  private async stopRoots(): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    try {
      while (this.live.size && Date.now() < this.stopDeadline) {
        const roots = [...this.live].filter(
          (s) => !s.parentSession || !this.live.has(s.parentSession),
        );
        // VS Code refuses a stop ("No debugger available") until the session's debug adapter is
        // up: that refusal is one more reason to ask again, not the end of asking.
        await Promise.all(
          roots.map((s) => Promise.resolve(vscode.debug.stopDebugging(s)).catch(() => undefined)),
        );
        await new Promise((resolve) => setTimeout(resolve, STOP_RETRY_MS));
      }
    } finally {
      this.stopping = false;
    }
  }

  private dispose(): void {
    clearTimeout(this.lateStart);
    for (const listener of this.listeners.splice(0)) listener.dispose();
  }
}
