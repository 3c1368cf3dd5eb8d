// A Node.js process started ahead of need: Node has booted and the runtime bootstrap is loaded,
// and it waits on stdin for the environment it is to become (variables, task root). A cold start
// that adopts it skips the ~40 ms Node takes to start, as Lambda's pre-provisioned sandboxes do.
// The REPORT stays honest: Init Duration still counts the spare's own start-up (bootMs).
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import type { ProcessContainment } from '../os/processContainment';

const READY_FD = 4;

export class SpareProcess {
  readonly child: ChildProcess;
  readonly spawnedAt = performance.now();
  /** Spawn until the bootstrap said it was ready; undefined until then. */
  bootMs: number | undefined;
  private exited = false;
  /** Its name for the containment until an environment adopts it. */
  private readonly id = `spare-${randomBytes(8).toString('hex')}`;

  constructor(
    readonly command: string,
    readonly args: readonly string[],
    private readonly containment: ProcessContainment,
  ) {
    // Contained as an environment is (processContainment.ts): it becomes one.
    this.child = containment.spawn(
      command,
      args,
      {
        cwd: tmpdir(),
        // Nothing of the user's or the function's: it gets the function's own variables on adoption.
        env: {
          PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
          HOME: tmpdir(),
          TMPDIR: tmpdir(),
          LANG: 'en_US.UTF-8',
          TZ: ':UTC',
          ELECTRON_RUN_AS_NODE: '1',
          LAMBDA_LENS_SPARE: '1',
        },
        // fd 3: the Runtime API channel once adopted (runtimeChannel.ts); fd 4: the bootstrap
        // writes "ready" there once loaded.
        stdio: ['pipe', 'pipe', 'pipe', 'pipe', 'pipe'],
      },
      this.id,
    );
    this.child.on('error', () => {
      this.exited = true;
    });
    this.child.once('exit', () => {
      this.exited = true;
    });
    this.child.stdio[READY_FD]?.once('data', () => {
      this.bootMs = performance.now() - this.spawnedAt;
    });
    this.child.stdio[READY_FD]?.on('error', () => {});
    // A spare that died before its exit was noticed fails the write of its environment (EPIPE):
    // its exit ends the environment's start as any runtime's does, and the endpoint goes on.
    this.child.stdin?.on('error', () => {});
  }

  get alive(): boolean {
    return !this.exited && this.child.exitCode === null;
  }

  /** Hands the process its environment: from here on it is an execution environment. */
  assign(env: Record<string, string>, cwd: string): void {
    this.child.stdin!.end(`${JSON.stringify({ env, cwd })}\n`);
  }

  kill(): void {
    if (this.alive) this.containment.stop(this.child, this.id);
    this.exited = true;
  }
}
