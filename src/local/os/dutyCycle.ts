// The CPU share without the kernel's help: the environment's process tree is stopped (SIGSTOP) and
// continued (SIGCONT) in short periods, so that it runs its share of each. It limits the share of
// wall-clock time the tree runs, not its CPU time: a tree busy on N cores at once while it runs
// gets N times its share (Node.js and Python handlers run on one), and a share of one vCPU or
// more is not limited at all. On a busy machine the tree gets less than its share, as a share of
// what it would get unthrottled: durations keep their ratios across memory sizes.
//
// Each period's run is what is owed so far (the share of the time since the start, less the time
// run), so timers that fire late (the endpoint's loop busy) are made up in the next periods.
import { childrenOf, descendantsFrom } from './procTree';

/** Short periods, so that a share below one vCPU runs often, in small slices. */
export const DUTY_PERIOD_MS = 20;
/** A run shorter than this is left to the next period (a timer cannot time it). */
const MIN_RUN_MS = 0.5;
/** How often the tree's members are looked for again in /proc (the process group is signalled each time). */
const REFRESH_PERIODS = 5;

export class DutyCycle {
  private timer: NodeJS.Timeout | undefined;
  private began = 0;
  private ranMs = 0;
  private continuedAt: number | undefined;
  private fraction = 1;
  private periods = 0;
  /** Members of the tree found in /proc (those that left the process group too). */
  private members: number[] = [];

  /**
   * @param pid the tree's root, which leads its process group (environments are spawned detached)
   * @param useProc whether /proc can find the members that left the group (Linux)
   */
  constructor(private readonly pid: number, private readonly useProc: boolean) {}

  /** Runs the tree `fraction` of the time (0 < fraction < 1) until lift(). */
  start(fraction: number): void {
    this.lift();
    if (!(fraction > 0 && fraction < 1)) return;
    this.fraction = fraction;
    this.began = performance.now();
    this.ranMs = 0;
    this.periods = 0;
    this.continuedAt = this.began;
    this.timer = setTimeout(() => this.stopTree(), fraction * DUTY_PERIOD_MS);
  }

  /** Runs the tree freely again. Safe to call when not cycling. */
  lift(): void {
    if (this.timer === undefined) return;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.signalTree('SIGCONT');
  }

  /** Stops cycling without continuing the tree (it is being killed; SIGKILL ends stopped processes too). */
  close(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private stopTree(): void {
    const now = performance.now();
    if (this.continuedAt !== undefined) this.ranMs += now - this.continuedAt;
    this.continuedAt = undefined;
    if (this.periods++ % REFRESH_PERIODS === 0 && this.useProc) this.members = descendantsFrom(childrenOf(this.pid));
    this.signalTree('SIGSTOP');
    const sincePeriod = (now - this.began) % DUTY_PERIOD_MS;
    this.timer = setTimeout(() => this.nextPeriod(), Math.max(1, DUTY_PERIOD_MS - sincePeriod));
  }

  private nextPeriod(): void {
    const now = performance.now();
    // What this period must run so that, at its end, the tree has run its share of the time
    // since the start; at most the whole period (a long stall is made up over several).
    const run = Math.min(DUTY_PERIOD_MS, this.fraction * (now + DUTY_PERIOD_MS - this.began) - this.ranMs);
    if (run < MIN_RUN_MS) {
      this.timer = setTimeout(() => this.nextPeriod(), DUTY_PERIOD_MS);
      return;
    }
    this.continuedAt = now;
    this.signalTree('SIGCONT');
    this.timer = setTimeout(() => this.stopTree(), run);
  }

  private signalTree(name: 'SIGSTOP' | 'SIGCONT'): void {
    signal(-this.pid, name);
    for (const member of this.members) signal(member, name);
  }
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch { /* gone */ }
}
