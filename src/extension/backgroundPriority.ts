// The local endpoint and `start-api` run the user's functions, which may burn a core for seconds:
// they run below the editor's scheduling priority, so that a busy function does not make the
// editor stutter (its extension host, window and language servers keep their turn on the CPU).
// The functions an endpoint starts inherit its priority. libuv's setpriority is the same call on
// macOS, Linux and Windows (a priority class there); where it is refused, things run as before.
// A worker thread of the extension host (a log document's follow) runs below its main thread the
// same way where a thread has a priority of its own: Linux only.
import { readlinkSync } from 'node:fs';
import { constants, getPriority, setPriority } from 'node:os';
import { isMainThread } from 'node:worker_threads';

/** Whether it lowered the process (or, on Linux, the thread) `pid`. */
export function runBelowEditor(pid: number | undefined): boolean {
  if (pid === undefined) return false;
  try {
    // Never raised: a process already below that (an editor started with `nice`) stays where it is.
    setPriority(pid, Math.max(getPriority(pid), constants.priority.PRIORITY_BELOW_NORMAL));
    return true;
  } catch {
    // Not allowed here (a sandbox, a container's policy): the process keeps the editor's priority.
    return false;
  }
}

/**
 * Runs the calling worker thread below the editor, so that its work (decoding a firehose of log
 * events) never takes a core from the extension host's main thread. On Linux a thread has a nice
 * value of its own, set through its kernel thread id; elsewhere a priority is the whole process's,
 * and the thread keeps the editor's (false). Never the main thread: that would slow the editor.
 * LAMBDA_LENS_THREAD_PRIORITY=off leaves the thread as it is (the fallback, forced).
 */
export function runThisThreadBelowEditor(): boolean {
  if (isMainThread) return false;
  const tid = linuxThreadId();
  return tid !== undefined && runBelowEditor(tid);
}

/** The calling thread's kernel id: /proc/thread-self links to PID/task/TID. */
function linuxThreadId(): number | undefined {
  if (process.platform !== 'linux' || process.env.LAMBDA_LENS_THREAD_PRIORITY === 'off')
    return undefined;
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    return Number.isInteger(tid) && tid > 0 ? tid : undefined;
  } catch {
    return undefined;
  }
}
