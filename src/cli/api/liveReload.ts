// Live code for `start-api`: each function folder is watched (fs.watch, recursive: native on
// Linux since Node 20, on macOS and Windows); a change is redeployed after a short quiet time
// (an editor's save is several events), and until the newest change is live, `ready()` makes the
// requests for that folder's functions wait, so that no request after a save runs the old code.
// A redeploy that fails (a syntax error the bundler finds) is said, and the last good code serves on.
import { watch, type FSWatcher } from 'node:fs';

export interface WatchedFolder {
  readonly folder: string;
  readonly functionNames: readonly string[];
}

export interface LiveReloadOptions {
  readonly folders: readonly WatchedFolder[];
  /** Deploys the folder's functions again; throws with a message to show when it cannot. */
  readonly redeploy: (folder: WatchedFolder) => Promise<void>;
  readonly log: (line: string) => void;
  /** Quiet time after the last change before redeploying, in ms. */
  readonly debounceMs?: number;
}

/** Paths whose changes never change a function's code. */
const IGNORED = /(^|[/\\])(\.git|\.aws-sam|\.lambda-lens)([/\\]|$)/;

interface FolderState {
  readonly watched: WatchedFolder;
  timer?: NodeJS.Timeout;
  /** Resolved once the newest change is live; undefined when nothing is pending. */
  settled?: Promise<void>;
  settle?: () => void;
  deploying: boolean;
  changedWhileDeploying: boolean;
}

export class LiveReload {
  private readonly states: FolderState[] = [];
  private readonly watchers: FSWatcher[] = [];
  private readonly byFunction = new Map<string, FolderState[]>();
  private closed = false;

  constructor(private readonly options: LiveReloadOptions) {
    for (const watched of options.folders) {
      const state: FolderState = { watched, deploying: false, changedWhileDeploying: false };
      this.states.push(state);
      for (const name of watched.functionNames)
        this.byFunction.set(name, [...(this.byFunction.get(name) ?? []), state]);
      try {
        const watcher = watch(watched.folder, { recursive: true }, (_event, file) => {
          if (typeof file === 'string' && IGNORED.test(file)) return;
          this.changed(state);
        });
        watcher.on('error', (error) =>
          options.log(
            `${watched.folder}: no longer watched (${error.message}); restart start-api to pick up edits`,
          ),
        );
        this.watchers.push(watcher);
      } catch (error) {
        options.log(
          `${watched.folder} cannot be watched (${(error as Error).message}): edits there need a restart of start-api`,
        );
      }
    }
  }

  /** Resolves when the function's newest saved code is live. */
  ready(functionName: string): Promise<void> {
    const states = this.byFunction.get(functionName);
    if (!states) return Promise.resolve();
    const pending = states.map((s) => s.settled).filter((p): p is Promise<void> => p !== undefined);
    return pending.length === 0 ? Promise.resolve() : Promise.all(pending).then(() => {});
  }

  private changed(state: FolderState): void {
    if (this.closed) return;
    if (!state.settled)
      state.settled = new Promise((resolve) => {
        state.settle = resolve;
      });
    if (state.deploying) {
      state.changedWhileDeploying = true;
      return;
    }
    clearTimeout(state.timer);
    state.timer = setTimeout(() => void this.deploy(state), this.options.debounceMs ?? 30);
  }

  private async deploy(state: FolderState): Promise<void> {
    state.timer = undefined;
    state.deploying = true;
    state.changedWhileDeploying = false;
    try {
      await this.options.redeploy(state.watched);
    } catch (error) {
      this.options.log(
        `${state.watched.functionNames.join(', ')}: not reloaded, the previous code serves on: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    state.deploying = false;
    if (state.changedWhileDeploying && !this.closed) {
      state.timer = setTimeout(() => void this.deploy(state), this.options.debounceMs ?? 30);
      return;
    }
    const settle = state.settle;
    state.settled = undefined;
    state.settle = undefined;
    settle?.();
  }

  close(): void {
    this.closed = true;
    for (const watcher of this.watchers) watcher.close();
    for (const state of this.states) {
      clearTimeout(state.timer);
      state.settle?.();
    }
  }
}
