// A process's descendants, from Linux's /proc: what an execution environment is made of (its
// runtime and whatever that starts). Read by memory.ts (the tree's resident set) and by
// peerProcess.ts (which process opened a Runtime API connection). Off Linux, or once a process
// is gone, the lists are empty.
import { readdirSync, readFileSync } from 'node:fs';

/** Processes a tree is followed to at most: a fork bomb must not make each reading endless. */
export const TREE_MAX_PROCESSES = 256;

/** The pids in a `/proc/PID/task/TID/children` text. */
export function parseChildren(text: string | undefined): number[] {
  return text ? text.trim().split(/\s+/).filter(Boolean).map(Number) : [];
}

function readOnce(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
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
  if (threads.length === 1) return parseChildren(readOnce(`/proc/${pid}/task/${threads[0]}/children`));
  return threads.flatMap((tid) => parseChildren(readOnce(`/proc/${pid}/task/${tid}/children`)));
}

/**
 * Visits the descendants of a process, breadth first, given its children; stops when `visit`
 * returns true (and returns true), or after TREE_MAX_PROCESSES.
 */
export function someDescendant(children: readonly number[], visit: (pid: number) => boolean): boolean {
  const queue = [...children];
  for (let i = 0; i < queue.length && i < TREE_MAX_PROCESSES; i++) {
    if (visit(queue[i]!)) return true;
    queue.push(...childrenOf(queue[i]!));
  }
  return false;
}
