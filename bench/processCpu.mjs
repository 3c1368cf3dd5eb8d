// CPU time of processes from /proc (Linux only): NaN elsewhere, so that a figure built on it says
// it was not measured rather than a wrong number.
import { readFileSync } from 'node:fs';

/** /proc/PID/stat counts CPU in clock ticks (USER_HZ, 100 on Linux). */
export const CLOCK_TICK_MS = 10;

/** CPU time (user + system) of processes, in ms; NaN where /proc is missing or one is gone. */
export function cpuMs(pids) {
  let total = 0;
  for (const pid of pids) {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'latin1').split(') ').at(-1).split(' ');
      total += (Number(fields[11]) + Number(fields[12])) * CLOCK_TICK_MS;
    } catch {
      return NaN;
    }
  }
  return total;
}

/** CPU time of this process, in ms (portable). */
export function selfCpuMs() {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}
