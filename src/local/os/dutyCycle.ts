// The CPU share without the kernel's help: the environment's process tree is stopped (SIGSTOP) and
// continued (SIGCONT) in short periods, so that it runs its share of each.
//
//   budget    Linux (/proc): as the kernel's own bandwidth limit does, each period the tree runs
//             until it has used its share of CPU time (the sum of its threads' run time, from
//             /proc/PID/task/TID/schedstat), then stays stopped until the next period; what it
//             used beyond its budget comes off the next. Exact whatever the tree's threads, and
//             a share above one vCPU limits a tree that runs on several cores.
//   fraction  elsewhere (macOS; LAMBDA_LENS_FORCE_PORTABLE=1): CPU time cannot be read, so the
//             process group runs its share of the wall-clock time; the run each period is what
//             is owed so far, so timers that fire late are made up in the next periods. A tree
//             busy on N cores at once gets N times its share, a share of one vCPU or more is not
//             limited, and a tree just continued runs somewhat faster than one never stopped.
import { readdirSync } from 'node:fs';
import { childrenOf, descendantsFrom, ProcFile } from './procTree';

/** Short periods, so that a share below one vCPU runs often, in small slices. */
export const DUTY_PERIOD_MS = 20;
/** A run shorter than this is left to the next period (a timer cannot time it). */
const MIN_RUN_MS = 0.5;
/**
 * How often the tree's members and threads are looked for again in /proc (the group is signalled
 * each time): every period, since a process the function starts runs unaccounted until found.
 */
const REFRESH_PERIODS = 1;

export class DutyCycle {
  private timer: NodeJS.Timeout | undefined;
  private vcpus = 1;
  /** Members of the tree found in /proc (those that left the process group too). */
  private members: number[] = [];
  private periods = 0;
  private readonly cpu: TreeCpu | undefined;
  // fraction mode
  private began = 0;
  private ranMs = 0;
  private continuedAt: number | undefined;
  // budget mode
  private periodStart = 0;
  private periodCpuStart = 0;
  /** CPU time used beyond earlier budgets, in ms (negative: a remainder too short to time, owed to the tree). */
  private debtMs = 0;
  /** The last period's budget, where its CPU time started, and whether the budget ran out. */
  private previous: { budget: number; cpuStart: number; exhausted: boolean } | undefined;

  /**
   * @param pid the tree's root, which leads its process group (environments are spawned detached)
   * @param useProc whether /proc can find the members that left the group and their CPU time (Linux)
   */
  constructor(
    private readonly pid: number,
    useProc: boolean,
  ) {
    this.cpu = useProc ? new TreeCpu() : undefined;
  }

  /** Holds the tree to `vcpus` CPUs' worth until lift(). */
  start(vcpus: number, cores: number): void {
    this.lift();
    // The budget limits any share below the machine's cores; the fraction only one below one vCPU.
    if (!(vcpus > 0) || vcpus >= (this.cpu ? cores : 1)) return;
    this.vcpus = vcpus;
    this.periods = 0;
    this.debtMs = 0;
    this.previous = undefined;
    this.refresh();
    if (this.cpu) {
      this.began = performance.now();
      this.beginPeriod();
    } else {
      this.began = performance.now();
      this.ranMs = 0;
      this.continuedAt = this.began;
      this.timer = setTimeout(() => this.stopForFraction(), vcpus * DUTY_PERIOD_MS);
    }
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
    this.cpu?.close();
  }

  // Budget mode: run until this period's CPU time is used, then stop until the next period.

  private beginPeriod(): void {
    // Processes and threads started since the last period join the count with all their run time
    // (they started while the tree was held). The tree is stopped now (or was within its budget),
    // so the reading is exact: while a thread runs, /proc shows its run time as of the last
    // scheduler tick (up to a few ms behind).
    this.refresh();
    const ended = this.cpu!.readMs();
    if (this.previous) {
      const over = ended - this.previous.cpuStart - this.previous.budget;
      // Used beyond the budget (the reading behind, a late timer, several threads): off this one;
      // a remainder too short to time: onto this one. Time left unused when a period ends (the tree
      // waiting on I/O) is not kept, as the kernel's limit does not keep it.
      this.debtMs = this.previous.exhausted ? over : Math.max(0, over);
    }
    // Periods keep to a grid from the start, so that timers firing late do not stretch them (the
    // share would shrink with each late one); after a stall (the endpoint busy) the grid moves on.
    const now = performance.now();
    if (now - (this.began + this.periods * DUTY_PERIOD_MS) > DUTY_PERIOD_MS)
      this.began = now - this.periods * DUTY_PERIOD_MS;
    this.periodStart = this.began + this.periods * DUTY_PERIOD_MS;
    this.periods++;
    this.periodCpuStart = ended;
    const budget = this.vcpus * DUTY_PERIOD_MS - this.debtMs;
    if (budget < MIN_RUN_MS) {
      // Still paying for what it used beyond earlier budgets: stopped this period (it may have
      // run on from the last one, when its budget ran out with the period).
      this.signalTree('SIGSTOP');
      this.previous = { budget, cpuStart: this.periodCpuStart, exhausted: true };
      this.timer = setTimeout(
        () => this.beginPeriod(),
        Math.max(0, this.periodStart + DUTY_PERIOD_MS - now),
      );
      return;
    }
    this.signalTree('SIGCONT');
    this.timer = setTimeout(() => this.checkBudget(budget), budget);
  }

  private checkBudget(budget: number): void {
    const now = performance.now();
    const used = this.cpu!.readMs() - this.periodCpuStart;
    const periodLeft = DUTY_PERIOD_MS - (now - this.periodStart);
    const left = budget - used;
    if (left >= MIN_RUN_MS && periodLeft >= MIN_RUN_MS) {
      // Not used yet (waiting for a core, or for I/O): look again when it could have, within the period.
      this.timer = setTimeout(() => this.checkBudget(budget), Math.min(left, periodLeft));
      return;
    }
    const exhausted = left < MIN_RUN_MS;
    this.previous = { budget, cpuStart: this.periodCpuStart, exhausted };
    // Budget used with the period (nearly) over: the next one begins without a stop in between.
    if (exhausted && periodLeft >= MIN_RUN_MS) this.signalTree('SIGSTOP');
    this.timer = setTimeout(() => this.beginPeriod(), Math.max(0, periodLeft));
  }

  // Fraction mode: run the share of the wall-clock time since the start.

  private stopForFraction(): void {
    const now = performance.now();
    if (this.continuedAt !== undefined) this.ranMs += now - this.continuedAt;
    this.continuedAt = undefined;
    if (this.periods++ % REFRESH_PERIODS === 0) this.refresh();
    this.signalTree('SIGSTOP');
    const sincePeriod = (now - this.began) % DUTY_PERIOD_MS;
    this.timer = setTimeout(
      () => this.continueForFraction(),
      Math.max(1, DUTY_PERIOD_MS - sincePeriod),
    );
  }

  private continueForFraction(): void {
    const now = performance.now();
    // What this period must run so that, at its end, the tree has run its share of the time
    // since the start; at most the whole period (a long stall is made up over several).
    const run = Math.min(
      DUTY_PERIOD_MS,
      this.vcpus * (now + DUTY_PERIOD_MS - this.began) - this.ranMs,
    );
    if (run < MIN_RUN_MS) {
      this.timer = setTimeout(() => this.continueForFraction(), DUTY_PERIOD_MS);
      return;
    }
    this.continuedAt = now;
    this.signalTree('SIGCONT');
    this.timer = setTimeout(() => this.stopForFraction(), run);
  }

  private refresh(): void {
    if (!this.cpu) return;
    this.members = descendantsFrom(childrenOf(this.pid));
    this.cpu.refresh([this.pid, ...this.members]);
  }

  private signalTree(name: 'SIGSTOP' | 'SIGCONT'): void {
    signal(-this.pid, name);
    for (const member of this.members) signal(member, name);
  }
}

/** The CPU time a tree's threads have run, from /proc/PID/task/TID/schedstat (nanoseconds, first field). */
class TreeCpu {
  private readonly files = new Map<string, ProcFile>();
  /** Run time of threads that have gone, so that the sum never goes back. */
  private gone = 0;
  private readonly last = new Map<string, number>();

  /** Opens the schedstat of each thread of these processes (kept open: reading is then cheap). */
  refresh(pids: readonly number[]): void {
    const seen = new Set<string>();
    for (const pid of pids) {
      let threads: string[];
      try {
        threads = readdirSync(`/proc/${pid}/task`);
      } catch {
        continue;
      }
      for (const tid of threads) {
        const path = `/proc/${pid}/task/${tid}/schedstat`;
        seen.add(path);
        if (!this.files.has(path)) this.files.set(path, new ProcFile(path, Buffer.allocUnsafe(64)));
      }
    }
    for (const [path, file] of this.files) {
      if (seen.has(path)) continue;
      this.gone += this.last.get(path) ?? 0;
      this.last.delete(path);
      file.close();
      this.files.delete(path);
    }
  }

  /** Milliseconds run by the threads known so far. */
  readMs(): number {
    let total = this.gone;
    for (const [path, file] of this.files) {
      const text = file.read();
      const ns = text === undefined ? undefined : Number(text.slice(0, text.indexOf(' ')));
      if (ns === undefined || !Number.isFinite(ns)) {
        // Gone: its last reading stays counted.
        this.gone += this.last.get(path) ?? 0;
        total += this.last.get(path) ?? 0;
        this.last.delete(path);
        file.close();
        this.files.delete(path);
        continue;
      }
      this.last.set(path, ns / 1e6);
      total += ns / 1e6;
    }
    return total;
  }

  close(): void {
    for (const file of this.files.values()) file.close();
    this.files.clear();
  }
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    /* gone */
  }
}
