// How an execution environment gets Lambda's CPU share for its memory (core/invoke/cpuShare.ts
// says how much). Decided once, at the endpoint's start, here and nowhere else:
//
//   cgroup  Linux, where the endpoint may create a cgroup with the cpu controller (cpuCgroup.ts):
//           the kernel's CPU bandwidth limit, exact, for the whole tree (daemons included).
//   duty    Linux otherwise, macOS and other POSIX systems: the tree is stopped and continued in
//           short periods (dutyCycle.ts). Exact for a tree that runs on one core at a time.
//   off     Windows (no stop and continue of a process tree), or when forced: said, with why.
//
// LAMBDA_LENS_CPU_SHARE_MECHANISM=cgroup|duty|off (or the invoker's option) forces a choice, so
// that each is tested here; LAMBDA_LENS_FORCE_PORTABLE=1 takes duty through the process group
// only, as on macOS. The share applies while an environment starts and while it runs an
// invocation that asked for it; between invocations the environment runs free.
import { createHash } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { cpuShareFor, type CpuShareOutcome } from '../../core/invoke/cpuShare';
import { CpuCgroups, type EnvironmentCgroup } from './cpuCgroup';
import { DutyCycle } from './dutyCycle';
import { portableForced } from './forcedPortable';
import { hasProcTree } from './procTree';

export type CpuShareMechanism = 'cgroup' | 'duty' | 'off';
export const CPU_SHARE_MECHANISMS: readonly CpuShareMechanism[] = ['cgroup', 'duty', 'off'];
export const CPU_SHARE_MECHANISM_VARIABLE = 'LAMBDA_LENS_CPU_SHARE_MECHANISM';

export class CpuShare {
  readonly cores = availableParallelism();

  /** @param why why a stronger mechanism was not taken, or why the share is off */
  private constructor(
    readonly mechanism: CpuShareMechanism,
    private readonly why: string | undefined,
    private readonly cgroups: CpuCgroups | undefined,
    private readonly useProc: boolean,
  ) {}

  static choose(
    home: string,
    forced: string | undefined = process.env[CPU_SHARE_MECHANISM_VARIABLE],
  ): CpuShare {
    const wanted = CPU_SHARE_MECHANISMS.includes(forced as CpuShareMechanism)
      ? (forced as CpuShareMechanism)
      : undefined;
    const unknown =
      forced && !wanted
        ? `${CPU_SHARE_MECHANISM_VARIABLE}=${forced} is not one of ${CPU_SHARE_MECHANISMS.join(', ')}`
        : undefined;
    if (wanted === 'off')
      return new CpuShare('off', `${CPU_SHARE_MECHANISM_VARIABLE}=off`, undefined, false);
    if (process.platform === 'win32')
      return new CpuShare(
        'off',
        'Windows cannot stop and continue a process tree, and has no cgroups',
        undefined,
        false,
      );
    const portable = portableForced() || process.platform !== 'linux' || !hasProcTree();
    let why = unknown;
    if (wanted !== 'duty' && !portable) {
      const owner = createHash('sha256').update(resolve(home)).digest('hex').slice(0, 16);
      const found = CpuCgroups.find(owner);
      if (typeof found !== 'string') return new CpuShare('cgroup', unknown, found, true);
      why = [unknown, `no cgroup could be made (${found})`].filter(Boolean).join('; ');
    } else if (wanted === 'duty') why = `${CPU_SHARE_MECHANISM_VARIABLE}=duty`;
    else if (wanted === 'cgroup')
      why = portableForced()
        ? 'LAMBDA_LENS_FORCE_PORTABLE=1: no cgroups'
        : `no cgroups on ${process.platform}`;
    return new CpuShare('duty', why, undefined, !portable);
  }

  /** The mechanism in a sentence, for the endpoint's log and the docs. */
  get description(): string {
    const because = this.why ? ` (${this.why})` : '';
    switch (this.mechanism) {
      case 'cgroup':
        return `CPU share: each environment that asks for it runs in its own cgroup (${this.cgroups!.description})${because}.`;
      case 'duty':
        return this.useProc
          ? `CPU share: an environment that asks for it is stopped and continued in its process tree so that it uses its share of CPU time in each 20 ms, as read from /proc${because}.`
          : `CPU share: an environment that asks for it is stopped and continued in its process group so that it runs its share of each 20 ms of wall-clock time${because}; a share of one vCPU or more is not limited.`;
      case 'off':
        return `CPU share: off${because}; environments get the whole machine.`;
    }
  }

  /** Removes what environments of an endpoint killed on this home left (empty cgroups); how many. */
  removeLeftovers(): number {
    return this.cgroups?.removeLeftovers() ?? 0;
  }

  /** Resolves when stopped environments' cgroups are removed (the endpoint waits for it as it closes). */
  settled(): Promise<void> {
    return this.cgroups?.settled() ?? Promise.resolve();
  }

  /** The throttle of one environment (nothing happens until it is applied). */
  throttle(id: string): EnvironmentThrottle {
    return new EnvironmentThrottle(this, this.cgroups?.create(id), this.useProc);
  }

  /** The share is off for this invocation: why, as the line after REPORT says it. */
  get offReason(): string | undefined {
    return this.mechanism === 'off' ? this.why : undefined;
  }
}

/** One environment's share: applied while it starts or runs an invocation that asks for it. */
export class EnvironmentThrottle {
  private duty: DutyCycle | undefined;
  private cgroupAdded = false;
  private applied = false;

  constructor(
    private readonly share: CpuShare,
    private readonly cgroup: EnvironmentCgroup | undefined,
    private readonly useProc: boolean,
  ) {}

  /** Gives the tree under `pid` the share of `memoryMB`; says what was done (or why not). */
  apply(pid: number | undefined, memoryMB: number): CpuShareOutcome {
    const off = this.share.offReason;
    if (off !== undefined) return { on: false, reason: off };
    if (pid === undefined) return { on: false, reason: 'the runtime process did not start' };
    const figure = cpuShareFor(memoryMB, this.share.cores);
    const on = { on: true as const, figure, cores: this.share.cores };
    if (this.cgroup) {
      try {
        if (!this.cgroupAdded) this.cgroup.add(pid);
        this.cgroupAdded = true;
        this.cgroup.limit(figure.vcpus);
        this.applied = true;
        return { ...on, mechanism: 'cgroup' };
      } catch (error) {
        return {
          on: false,
          reason: `the environment's cgroup could not be set (${(error as Error).message})`,
        };
      }
    }
    this.duty ??= new DutyCycle(pid, this.useProc);
    this.duty.start(figure.vcpus, this.share.cores);
    this.applied = true;
    return { ...on, mechanism: 'duty' };
  }

  /** The tree runs free again (the invocation is over). */
  lift(): void {
    if (!this.applied) return;
    this.applied = false;
    this.duty?.lift();
    this.cgroup?.lift();
  }

  /** The environment is being stopped: no more signals, and its cgroup goes once empty. */
  close(): void {
    this.duty?.close();
    this.cgroup?.remove();
  }
}
