// The process tree as Linux shows it in /proc: a process's children, its status, its environment.
// The one place that reads /proc. Where /proc does not exist (macOS, Windows) every read finds
// nothing, and callers say what they cannot do there.
import { closeSync, openSync, readdirSync, readFileSync, readSync } from 'node:fs';

/** Enough for /proc/PID/status and a children list; a fork bomb's list is cut, not followed. */
const READ_BYTES = 8192;
/** At most this many descendants are walked (a fork bomb must not stall the endpoint). */
const MAX_DESCENDANTS = 256;

export function readProcText(path: string): string | undefined {
  try {
    return readFileSync(path, 'latin1');
  } catch {
    return undefined;
  }
}

/**
 * A /proc file kept open and read from its start each time (the kernel regenerates it): a third
 * of the cost of opening it each time. Reads undefined once the process is gone.
 */
export class ProcFile {
  private fd: number | undefined;

  constructor(
    private readonly path: string,
    private readonly buffer = Buffer.allocUnsafe(READ_BYTES),
  ) {
    try {
      this.fd = openSync(path, 'r');
    } catch {
      this.fd = undefined;
    }
  }

  read(): string | undefined {
    return this.readBytes()?.toString('latin1');
  }

  /** The file's bytes, in the shared buffer (valid until its next read); undefined once gone. */
  readBytes(): Buffer | undefined {
    if (this.fd === undefined) {
      const text = readProcText(this.path);
      return text === undefined ? undefined : Buffer.from(text, 'latin1');
    }
    try {
      return this.buffer.subarray(0, readSync(this.fd, this.buffer, 0, this.buffer.length, 0));
    } catch {
      return undefined;
    }
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}

export const statusPath = (pid: number) => `/proc/${pid}/status`;
/** The children of the process's main thread (the ones Node, Python and shells start). */
export const childrenPath = (pid: number) => `/proc/${pid}/task/${pid}/children`;

/** The pids of a children file's text. */
export function pidsIn(text: string | undefined): number[] {
  return text ? text.trim().split(/\s+/).filter(Boolean).map(Number) : [];
}

/**
 * The children of a process: each thread's own (the kernel lists a child under the thread that
 * started it, and runtimes such as Go's start processes from any thread).
 */
export function childrenOf(pid: number): number[] {
  let threads: string[];
  try {
    threads = readdirSync(`/proc/${pid}/task`);
  } catch {
    return [];
  }
  if (threads.length === 1) return pidsIn(readProcText(`/proc/${pid}/task/${threads[0]}/children`));
  return threads.flatMap((tid) => pidsIn(readProcText(`/proc/${pid}/task/${tid}/children`)));
}

/**
 * Visits the descendants under these children (included), breadth first; stops when `visit`
 * returns true (and returns true), or after MAX_DESCENDANTS.
 */
export function someDescendant(
  children: readonly number[],
  visit: (pid: number) => boolean,
): boolean {
  const queue = [...children];
  for (let i = 0; i < queue.length && i < MAX_DESCENDANTS; i++) {
    if (visit(queue[i]!)) return true;
    queue.push(...childrenOf(queue[i]!));
  }
  return false;
}

/** The live descendants under these children (included), breadth-first, at most MAX_DESCENDANTS. */
export function descendantsFrom(children: readonly number[]): number[] {
  const all: number[] = [];
  someDescendant(children, (pid) => {
    all.push(pid);
    return false;
  });
  return all;
}

/**
 * Processes whose environment (as they were started: /proc/PID/environ) has an entry that starts
 * with `entryPrefix` ("NAME=value"; end it with "\0" to match a whole value). Only processes of
 * our own user can be read, and those are the only ones a function can start.
 */
export function processesWithEnvironmentEntry(entryPrefix: string): number[] {
  const entry = Buffer.from(entryPrefix, 'latin1');
  const found: number[] = [];
  let names: string[];
  try {
    names = readdirSync('/proc');
  } catch {
    return found;
  }
  for (const name of names) {
    const first = name.charCodeAt(0);
    if (first < 48 || first > 57) continue; // not a pid
    let environ: Buffer;
    try {
      environ = readFileSync(`/proc/${name}/environ`);
    } catch {
      continue; // gone, or another user's
    }
    for (let at = environ.indexOf(entry); at >= 0; at = environ.indexOf(entry, at + 1)) {
      if (at === 0 || environ[at - 1] === 0) {
        found.push(Number(name));
        break;
      }
    }
  }
  return found;
}

/** Whether this machine shows processes in /proc (Linux). */
export function hasProcTree(): boolean {
  return readProcText(statusPath(process.pid)) !== undefined;
}
