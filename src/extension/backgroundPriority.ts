// The local endpoint and `start-api` run the user's functions, which may burn a core for seconds:
// they run below the editor's scheduling priority, so that a busy function does not make the
// editor stutter (its extension host, window and language servers keep their turn on the CPU).
// The functions an endpoint starts inherit its priority. libuv's setpriority is the same call on
// macOS, Linux and Windows (a priority class there); where it is refused, things run as before.
import { constants, getPriority, setPriority } from 'node:os';

export function runBelowEditor(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    // Never raised: a process already below that (an editor started with `nice`) stays where it is.
    setPriority(pid, Math.max(getPriority(pid), constants.priority.PRIORITY_BELOW_NORMAL));
  } catch {
    // Not allowed here (a sandbox, a container's policy): the process keeps the editor's priority.
  }
}
