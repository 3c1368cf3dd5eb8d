// Nothing a function starts may outlive its execution environment, nor the endpoint. How that is
// made sure of depends on the OS, so it is decided here, once, and nowhere else:
//
//   namespace  Linux, where `unshare` may make a PID namespace (as root, or through an unprivileged
//              user namespace): each environment runs in its own. When the namespace's first
//              process ends, the kernel kills everything in it, setsid children and daemons too;
//              `setpriv --pdeathsig KILL` ends it when the endpoint dies, even by kill -9. That first
//              process is a small shell, so that the runtime is not PID 1 (PID 1 ignores the signals
//              it has no handler for: abort() or kill -9 from inside would not end it).
//   sweep      Linux otherwise (Ubuntu 23.10 and later restrict unprivileged user namespaces): the
//              runtime dies with the endpoint (setpriv), and to stop an environment its descendants
//              and every process carrying its tag (a variable, inherited by daemons) are stopped
//              (SIGSTOP, so none can fork meanwhile), looked for again until no new one appears, then
//              killed. What the runtimes of a killed endpoint started is stopped when an endpoint
//              starts again on the same home.
//   group      macOS, Windows and the rest: the environment's process group (Windows: its process
//              tree, through taskkill). Processes that leave it (setsid, daemons) are not reached,
//              nor is anything once the endpoint is killed.
//
// LAMBDA_LENS_CONTAINMENT=namespace|sweep|group (or the invoker's option) forces a choice, so that
// the fallbacks can be tested on Linux; LAMBDA_LENS_FORCE_PORTABLE=1 (forcedPortable.ts) picks the process group.
import { spawn, type ChildProcess, type StdioOptions } from 'node:child_process';
import { createHash } from 'node:crypto';
import { accessSync, constants as fsConstants } from 'node:fs';
import { constants as osConstants } from 'node:os';
import { delimiter, join, resolve } from 'node:path';
import {
  childrenOf,
  descendantsFrom,
  hasProcTree,
  processesWithEnvironmentEntry,
} from './procTree';
import { portableForced } from './forcedPortable';

export type ContainmentKind = 'namespace' | 'sweep' | 'group';
export const CONTAINMENT_KINDS: readonly ContainmentKind[] = ['namespace', 'sweep', 'group'];
const CHOICE_VARIABLE = 'LAMBDA_LENS_CONTAINMENT';
/** The tag of an environment's processes in sweep mode: "<owner>.<environment id>". */
export const ENVIRONMENT_TAG = 'LAMBDA_LENS_ENVIRONMENT';

/**
 * The namespace's first process: runs the runtime as its child and exits with its status (a
 * signal as 128 + its number, as shells do; exitOf() turns it back). Its own stderr is /dev/null,
 * so that a shell's "Killed" does not reach the function's log; the runtime gets the real one.
 */
const NAMESPACE_INIT = 'exec 9>&2 2>/dev/null; (exec 2>&9 9>&-; exec "$@"); exit $?';
const PROBE_TIMEOUT_MS = 5_000;
/** Rounds of looking for processes that appeared while the previous ones were being stopped. */
const SWEEP_ROUNDS = 20;

/** Signal numbers to names; the first name of a number is the usual one (SIGABRT, not SIGIOT). */
const SIGNAL_NAMES = new Map<number, NodeJS.Signals>();
for (const [name, number] of Object.entries(osConstants.signals))
  if (!SIGNAL_NAMES.has(number)) SIGNAL_NAMES.set(number, name as NodeJS.Signals);

export interface ContainedSpawnOptions {
  readonly cwd: string;
  readonly env: Record<string, string>;
  readonly stdio: StdioOptions;
}

interface Tools {
  readonly setpriv?: string;
  readonly unshare?: string;
  /** Not root: the PID namespace needs a user namespace of its own. */
  readonly userNamespace?: boolean;
}

export class ProcessContainment {
  private readonly owner: string;

  /**
   * @param home the endpoint's home: the tag names it, so that a later endpoint on the same home
   *   can tell what a killed one left running
   * @param why why a stronger kind was not available (for the log)
   */
  constructor(
    readonly kind: ContainmentKind,
    home: string,
    private readonly tools: Tools = {},
    private readonly why?: string,
  ) {
    this.owner = createHash('sha256').update(resolve(home)).digest('hex').slice(0, 16);
  }

  /** What is contained and what is not, in a sentence for the endpoint's log and the docs. */
  get description(): string {
    const because = this.why ? ` (${this.why})` : '';
    switch (this.kind) {
      case 'namespace':
        return `Each execution environment runs in its own PID namespace${because}: nothing a function starts outlives it or the endpoint.`;
      case 'sweep':
        return `Execution environments run without a PID namespace${because}: a stopped environment's processes are found through /proc (its descendants, and those with its ${ENVIRONMENT_TAG} variable); one that clears that variable and leaves its parent is not found. If the endpoint is killed, ${this.tools.setpriv ? 'runtimes stop with it, and what they started is stopped' : 'runtimes and what they started are stopped (setpriv is not usable here)'} when the endpoint starts again on this home.`;
      case 'group':
        return `On ${process.platform}, stopping an execution environment kills its ${process.platform === 'win32' ? 'process tree' : 'process group'}${because}: processes a function starts in a new session or process group (setsid, daemons) are not stopped with it, nor is anything when the endpoint itself is killed.`;
    }
  }

  /** Whether the log should say what this kind leaves uncontained, or why it was chosen. */
  get worthSaying(): boolean {
    return this.kind !== 'namespace' || this.why !== undefined;
  }

  /** Processes of ours between the spawned process and the runtime: not the function's memory. */
  get wrappers(): number {
    return this.kind === 'namespace' ? 2 : 0; // unshare, and the namespace's first process
  }

  /** The environment's variables, with its tag where stopping it looks for the tag. */
  environment(env: Record<string, string>, id: string): Record<string, string> {
    return this.kind === 'sweep' ? { ...env, [ENVIRONMENT_TAG]: this.tag(id) } : env;
  }

  /** Starts a runtime (or a spare process) contained as this kind says. */
  spawn(
    command: string,
    args: readonly string[],
    options: ContainedSpawnOptions,
    id: string,
  ): ChildProcess {
    const line = this.commandLine(command, args);
    return spawn(line[0]!, line.slice(1), {
      cwd: options.cwd,
      env: this.environment(options.env, id),
      stdio: options.stdio,
      // Its own process group (kill(-pid) reaches it all); on Windows, no console window instead.
      detached: process.platform !== 'win32',
      windowsHide: true,
    });
  }

  /** The runtime's own exit, seen through our wrappers. */
  exitOf(
    code: number | null,
    signal: NodeJS.Signals | null,
  ): { code: number | null; signal: NodeJS.Signals | null } {
    if (this.kind !== 'namespace' || signal !== null || code === null || code <= 128)
      return { code, signal };
    const name = SIGNAL_NAMES.get(code - 128);
    return name ? { code: null, signal: name } : { code, signal };
  }

  /** Ends the process and everything it started; safe to call again, or after it exited. */
  stop(child: ChildProcess, id: string): void {
    const pid = child.pid;
    if (pid === undefined) return;
    // Once reaped its pid may be another process's: then only the tag (and the group) still name ours.
    const reaped = child.exitCode !== null || child.signalCode !== null;
    if (process.platform === 'win32') {
      if (!reaped) killTreeOnWindows(pid);
      return;
    }
    if (this.kind === 'sweep') sweep(reaped ? [] : [pid], `${ENVIRONMENT_TAG}=${this.tag(id)}\0`);
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      /* the group is gone */
    }
  }

  /** Stops what the environments of an endpoint killed on this home left running; how many. */
  stopLeftovers(): number {
    return this.kind === 'group' ? 0 : sweep([], `${ENVIRONMENT_TAG}=${this.owner}.`);
  }

  private tag(id: string): string {
    return `${this.owner}.${id}`;
  }

  private commandLine(command: string, args: readonly string[]): string[] {
    const dieWithUs = this.tools.setpriv ? [this.tools.setpriv, '--pdeathsig', 'KILL', '--'] : [];
    if (this.kind === 'sweep') return [...dieWithUs, command, ...args];
    if (this.kind === 'group') return [command, ...args];
    const user = this.tools.userNamespace ? ['--user', '--map-current-user'] : [];
    return [
      ...dieWithUs,
      this.tools.unshare!,
      ...user,
      '--pid',
      '--fork',
      '--kill-child',
      '--',
      '/bin/sh',
      '-c',
      NAMESPACE_INIT,
      'lambda-lens-environment',
      command,
      ...args,
    ];
  }
}

/** Stops (SIGSTOP) the roots, their descendants and the tagged processes until no new one appears, then kills them. */
function sweep(roots: readonly number[], tagEntry: string): number {
  const stopped = new Set<number>();
  for (let round = 0; round < SWEEP_ROUNDS; round++) {
    const seen = [...roots, ...stopped];
    const found = [
      ...roots,
      ...descendantsFrom(seen.flatMap(childrenOf)),
      ...processesWithEnvironmentEntry(tagEntry),
    ];
    const fresh = found.filter((pid) => !stopped.has(pid) && pid !== process.pid);
    if (fresh.length === 0) break;
    for (const pid of fresh) {
      stopped.add(pid);
      signal(pid, 'SIGSTOP');
    }
  }
  for (const pid of stopped) signal(pid, 'SIGKILL');
  return stopped.size;
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    /* gone */
  }
}

function killTreeOnWindows(pid: number): void {
  const killer = spawn('taskkill', ['/pid', String(pid), '/T', '/F'], {
    stdio: 'ignore',
    windowsHide: true,
  });
  const fallback = () => signal(pid, 'SIGKILL'); // the process at least (TerminateProcess)
  killer.once('error', fallback);
  killer.once('exit', fallback);
}

/** The executable's path in PATH, or undefined. */
function findTool(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const path = join(dir, name);
    try {
      accessSync(path, fsConstants.X_OK);
      return path;
    } catch {
      /* not here */
    }
  }
  return undefined;
}

/** Runs the containment's command line around `sh -c 'exit 7'`: it works if 7 comes back. */
function probe(containment: ProcessContainment): Promise<string | undefined> {
  return new Promise((resolvePromise) => {
    let stderr = '';
    const child = containment.spawn(
      '/bin/sh',
      ['-c', 'exit 7'],
      {
        cwd: '/',
        env: { PATH: process.env.PATH ?? '/usr/bin:/bin' },
        stdio: ['ignore', 'ignore', 'pipe'],
      },
      'probe',
    );
    const timer = setTimeout(() => {
      containment.stop(child, 'probe');
    }, PROBE_TIMEOUT_MS);
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.once('error', (error) => {
      clearTimeout(timer);
      resolvePromise(error.message);
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      const exit = containment.exitOf(code, signal);
      resolvePromise(
        exit.code === 7
          ? undefined
          : stderr.trim().split('\n')[0] || `exit ${exit.code ?? exit.signal}`,
      );
    });
  });
}

/**
 * The strongest kind that works here, or the forced one (`forced`, else LAMBDA_LENS_CONTAINMENT)
 * when it does. Linux tries its tools once (a few milliseconds, at the endpoint's start).
 */
export async function chooseContainment(
  home: string,
  forced: string | undefined = process.env[CHOICE_VARIABLE] ??
    (portableForced() ? 'group' : undefined),
): Promise<ProcessContainment> {
  const wanted = CONTAINMENT_KINDS.includes(forced as ContainmentKind)
    ? (forced as ContainmentKind)
    : undefined;
  const unknown =
    forced && !wanted
      ? `${CHOICE_VARIABLE}=${forced} is not one of ${CONTAINMENT_KINDS.join(', ')}`
      : undefined;
  if (process.platform !== 'linux' || wanted === 'group' || !hasProcTree()) {
    return new ProcessContainment(
      'group',
      home,
      {},
      unknown ?? (wanted === 'group' ? `${CHOICE_VARIABLE}=group` : undefined),
    );
  }
  const setpriv = findTool('setpriv');
  const unshare = findTool('unshare');
  let why = wanted === 'sweep' ? `${CHOICE_VARIABLE}=sweep` : undefined;
  if (wanted !== 'sweep') {
    if (!setpriv || !unshare) {
      why = `${!unshare ? 'unshare' : 'setpriv'} (util-linux) is not installed`;
    } else {
      // Root may make one directly; anyone else (or root in a container that forbids it) through a user namespace.
      for (const userNamespace of process.getuid?.() === 0 ? [false, true] : [true]) {
        const namespace = new ProcessContainment(
          'namespace',
          home,
          { setpriv, unshare, userNamespace },
          unknown,
        );
        const failure = await probe(namespace);
        if (!failure) return namespace;
        why = `unshare could not make a PID namespace: ${failure}`;
      }
    }
  }
  why = [unknown, why].filter(Boolean).join('; ') || undefined;
  const sweep = new ProcessContainment('sweep', home, setpriv ? { setpriv } : {}, why);
  if (setpriv && (await probe(sweep))) return new ProcessContainment('sweep', home, {}, why);
  return sweep;
}
