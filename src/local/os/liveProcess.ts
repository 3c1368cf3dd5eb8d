// Whether a pid names a live process, and which one. On Linux, /proc tells a zombie (dead, not
// yet reaped by its parent) from a live process, and gives its start time (which, with the pid,
// names one process for good: a pid is reused, a pid and start time never) and command line.
// Elsewhere, or with LAMBDA_LENS_FORCE_PORTABLE=1, process.kill(pid, 0) only says that the pid
// exists: a zombie or a reused pid then looks alive, and start time and command line are unknown.
import { portableForced } from './forcedPortable';
import { hasProcTree, readProcText } from './procTree';

export interface LiveProcess {
  /** Clock ticks from boot to the process's start (/proc/PID/stat, field 22); undefined where unknown. */
  readonly startTime?: number;
  /** Its arguments, joined by spaces; undefined where unknown. */
  readonly commandLine?: string;
}

const useProc = process.platform === 'linux' && !portableForced() && hasProcTree();

/** The process `pid` names, or undefined when there is none (or, where that can be told, it is a zombie). */
export function liveProcess(pid: number): LiveProcess | undefined {
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  if (useProc) {
    const stat = readProcText(`/proc/${pid}/stat`);
    if (stat === undefined) return undefined;
    const fields = statFields(stat);
    if (fields[0] === 'Z' || fields[0] === 'X') return undefined;
    const commandLine = readProcText(`/proc/${pid}/cmdline`)
      ?.replace(/\0+$/, '')
      .replaceAll('\0', ' ');
    return { startTime: Number(fields[19]), ...(commandLine ? { commandLine } : {}) };
  }
  try {
    process.kill(pid, 0);
    return {};
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM' ? {} : undefined;
  }
}

/** This process's start time, as liveProcess() gives it; undefined where unknown. */
export function ownStartTime(): number | undefined {
  return useProc ? liveProcess(process.pid)?.startTime : undefined;
}

/** The fields after the command name, which is in parentheses and may hold spaces and parentheses: [0] is field 3 (state). */
function statFields(stat: string): string[] {
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
}
