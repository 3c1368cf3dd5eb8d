// The CPU share through the kernel (Linux): each environment's process tree in a cgroup of its
// own whose CPU bandwidth (quota per period) is the share. Used only where the endpoint may create
// one without asking anyone:
//   cgroup v2  a parent that delegates the cpu controller and that this user may write (systemd
//              gives a user their own user@UID.service subtree; containers often their root);
//              the environment's cgroup is a sibling of the endpoint's own (a cgroup with
//              processes in it cannot pass controllers on), and moving a process needs the
//              common parent's cgroup.procs to be writable too;
//   cgroup v1  a writable cpu hierarchy (typically only root may write it): the environment's
//              cgroup under the endpoint's own, with cpu.cfs_quota_us / cpu.cfs_period_us.
// Everything a process in the cgroup starts stays in it, daemons and setsid included.
import { accessSync, constants, mkdirSync, readdirSync, rmdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { childrenOf, descendantsFrom, readProcText } from './procTree';

/** The bandwidth period: short, so that a share below one vCPU runs often, in small slices. */
const PERIOD_US = 20_000;
/** The kernel refuses quotas below 1 ms. */
const MIN_QUOTA_US = 1_000;
/**
 * The weight an environment's cgroup competes with (v1 cpu.shares, default 1024; v2 cpu.weight,
 * default 100): Lambda guarantees a function its share, so on a busy machine the environment still
 * gets it; the quota keeps it from getting more.
 */
const V1_SHARES = '262144';
const V2_WEIGHT = '10000';
const PREFIX = 'lambda-lens-';
const REMOVE_RETRIES = 20;
const REMOVE_RETRY_MS = 100;

type Version = 'v1' | 'v2';

interface Mount {
  readonly version: Version;
  /** Where the hierarchy is mounted, and which of its paths the mount shows at that point. */
  readonly mountPoint: string;
  readonly root: string;
}

/** Where environments' cgroups can be made; find() says why not when they cannot. */
export class CpuCgroups {
  /** Removals under way (a killed environment's processes take a moment to go). */
  private readonly removals = new Set<Promise<void>>();

  private constructor(
    readonly version: Version,
    private readonly parent: string,
    private readonly owner: string,
  ) {}

  /** The parent folder (a cgroup) environments' cgroups go in, or why there is none (a sentence). */
  static find(owner: string): CpuCgroups | string {
    const mounts = cgroupMounts();
    const own = ownCgroups();
    const reasons: string[] = [];
    const v2 = mounts.find((m) => m.version === 'v2');
    const v2Path = own.get('');
    if (v2 && v2Path !== undefined) {
      const found = delegatedV2Parent(v2, v2Path);
      if (typeof found !== 'string') {
        const cgroups = new CpuCgroups('v2', found, owner);
        const failure = cgroups.probe();
        if (!failure) return cgroups;
        reasons.push(`cgroup v2: ${failure}`);
      } else reasons.push(`cgroup v2: ${found}`);
    }
    const v1 = mounts.find((m) => m.version === 'v1');
    const v1Path = [...own.entries()].find(([controllers]) =>
      controllers.split(',').includes('cpu'),
    )?.[1];
    if (v1 && v1Path !== undefined) {
      const dir = inMount(v1, v1Path);
      if (!dir || !writable(dir))
        reasons.push(`cgroup v1: ${dir ?? v1Path} is not writable by this user`);
      else {
        const cgroups = new CpuCgroups('v1', dir, owner);
        const failure = cgroups.probe();
        if (!failure) return cgroups;
        reasons.push(`cgroup v1: ${failure}`);
      }
    }
    return reasons.join('; ') || 'no cgroup hierarchy with the cpu controller is mounted';
  }

  get description(): string {
    return this.version === 'v2'
      ? `cgroup v2 cpu.max under ${this.parent}`
      : `cgroup v1 cpu.cfs_quota_us under ${this.parent}`;
  }

  /** A new, empty cgroup for one environment. */
  create(id: string): EnvironmentCgroup {
    return new EnvironmentCgroup(
      this.version,
      join(this.parent, `${PREFIX}${this.owner}.${id}`),
      (removal) => {
        this.removals.add(removal);
        void removal.finally(() => this.removals.delete(removal));
      },
    );
  }

  /** Resolves when the cgroups being removed are gone (or given up on). */
  async settled(): Promise<void> {
    await Promise.all(this.removals);
  }

  /** Removes what environments of an endpoint killed on this home left (empty cgroups); how many. */
  removeLeftovers(): number {
    let removed = 0;
    let names: string[] = [];
    try {
      names = readdirSync(this.parent);
    } catch {
      /* gone */
    }
    for (const name of names) {
      if (!name.startsWith(`${PREFIX}${this.owner}.`)) continue;
      try {
        rmdirSync(join(this.parent, name));
        removed++;
      } catch {
        /* still has processes: the containment stops them */
      }
    }
    return removed;
  }

  /** Makes, limits and removes a cgroup: undefined when that works, else what failed. */
  private probe(): string | undefined {
    const probe = this.create(`probe-${process.pid}`);
    try {
      probe.make();
      probe.limit(0.5);
      return undefined;
    } catch (error) {
      return (error as Error).message;
    } finally {
      try {
        rmdirSync(probe.path);
      } catch {
        /* never made */
      }
    }
  }
}

/** One environment's cgroup: made on first use, removed when its processes are gone. */
export class EnvironmentCgroup {
  private made = false;
  private removed = false;

  constructor(
    private readonly version: Version,
    readonly path: string,
    private readonly removing: (removal: Promise<void>) => void = () => {},
  ) {}

  make(): void {
    if (this.made) return;
    mkdirSync(this.path);
    this.made = true;
    // Best effort: without the weight the quota still caps it (a busy machine may then give it less).
    try {
      writeFileSync(
        join(this.path, this.version === 'v2' ? 'cpu.weight' : 'cpu.shares'),
        this.version === 'v2' ? V2_WEIGHT : V1_SHARES,
      );
    } catch {
      /* the default weight */
    }
  }

  /** Moves the process and the processes under it into the cgroup (what they start later stays in it). */
  add(pid: number): void {
    this.make();
    const procs = join(this.path, 'cgroup.procs');
    writeFileSync(procs, String(pid)); // the root must move: this one may throw
    for (const child of descendantsFrom(childrenOf(pid))) {
      try {
        writeFileSync(procs, String(child));
      } catch {
        /* exited meanwhile */
      }
    }
  }

  /** At most `vcpus` CPUs' worth of time in each period. */
  limit(vcpus: number): void {
    const quota = Math.max(MIN_QUOTA_US, Math.round(vcpus * PERIOD_US));
    if (this.version === 'v2') writeFileSync(join(this.path, 'cpu.max'), `${quota} ${PERIOD_US}`);
    else {
      writeFileSync(join(this.path, 'cpu.cfs_period_us'), String(PERIOD_US));
      writeFileSync(join(this.path, 'cpu.cfs_quota_us'), String(quota));
    }
  }

  /** No limit (between invocations, or for one that asks for no share). */
  lift(): void {
    if (!this.made || this.removed) return;
    try {
      if (this.version === 'v2') writeFileSync(join(this.path, 'cpu.max'), `max ${PERIOD_US}`);
      else writeFileSync(join(this.path, 'cpu.cfs_quota_us'), '-1');
    } catch {
      /* removed under us */
    }
  }

  /** Removes the cgroup once its processes are gone (they may take a moment to die after SIGKILL). */
  remove(): void {
    if (!this.made || this.removed) return;
    this.removed = true;
    this.removing(
      new Promise((done) => {
        const attempt = (left: number) => {
          try {
            rmdirSync(this.path);
            done();
          } catch (error) {
            const code = (error as NodeJS.ErrnoException).code;
            if (code === 'EBUSY' && left > 0)
              setTimeout(() => attempt(left - 1), REMOVE_RETRY_MS).unref();
            else done(); // left for the next endpoint on this home to remove
          }
        };
        attempt(REMOVE_RETRIES);
      }),
    );
  }
}

/** The cgroup hierarchies mounted here (from /proc/self/mountinfo). */
function cgroupMounts(): Mount[] {
  const mounts: Mount[] = [];
  for (const line of (readProcText('/proc/self/mountinfo') ?? '').split('\n')) {
    const [left, right] = line.split(' - ');
    if (!left || !right) continue;
    const fields = left.split(' ');
    const [fsType, , superOptions = ''] = right.split(' ');
    const root = unescapeMountPath(fields[3] ?? '/');
    const mountPoint = unescapeMountPath(fields[4] ?? '');
    if (fsType === 'cgroup2') mounts.push({ version: 'v2', mountPoint, root });
    else if (fsType === 'cgroup' && superOptions.split(',').includes('cpu'))
      mounts.push({ version: 'v1', mountPoint, root });
  }
  return mounts;
}

/** This process's cgroup per hierarchy (from /proc/self/cgroup): controllers ('' for v2) → path. */
function ownCgroups(): Map<string, string> {
  const own = new Map<string, string>();
  for (const line of (readProcText('/proc/self/cgroup') ?? '').split('\n')) {
    const match = /^\d+:([^:]*):(\/.*)$/.exec(line);
    if (match) own.set(match[1]!, match[2]!);
  }
  return own;
}

/** The folder of a cgroup path in a mount, or undefined when the mount does not show it. */
function inMount(mount: Mount, path: string): string | undefined {
  if (mount.root === '/') return join(mount.mountPoint, path);
  if (path !== mount.root && !path.startsWith(`${mount.root}/`)) return undefined;
  return join(mount.mountPoint, path.slice(mount.root.length));
}

/**
 * The endpoint's own cgroup when it is the root (which may hold processes and still pass
 * controllers on), else its parent: either must pass the cpu controller to its children and be
 * writable by this user.
 */
function delegatedV2Parent(mount: Mount, ownPath: string): string {
  const own = inMount(mount, ownPath);
  if (!own) return `this process's cgroup ${ownPath} is not visible under ${mount.mountPoint}`;
  const parent = ownPath === '/' || own === mount.mountPoint ? own : dirname(own);
  const passed = (readProcText(join(parent, 'cgroup.subtree_control')) ?? '').trim().split(/\s+/);
  if (!passed.includes('cpu'))
    return `${parent} does not pass the cpu controller to its children (it is not delegated to this user)`;
  if (!writable(parent) || !writable(join(parent, 'cgroup.procs')))
    return `${parent} is not writable by this user`;
  return parent;
}

function writable(path: string): boolean {
  try {
    accessSync(path, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/** mountinfo writes spaces, tabs, newlines and backslashes in octal (\040). */
function unescapeMountPath(path: string): string {
  return path.replace(/\\([0-7]{3})/g, (_, octal: string) =>
    String.fromCharCode(parseInt(octal, 8)),
  );
}
