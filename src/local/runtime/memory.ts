// Memory of an execution environment: the resident set of its process tree, read from /proc.
// It is read after every invocation (Max Memory Used) and every 25 ms during one, so the runtime
// process's files stay open and are read again from offset 0 (procTree.ts's ProcFile). Our
// bootstraps report their own peak with each result (getrusage's maxrss: the kernel's VmHWM, with
// no /proc/PID/status to generate, the costliest read of a warm invocation): then only the
// runtime's descendants are read here.
import {
  childrenPath,
  descendantsFrom,
  pidsIn,
  ProcFile,
  readProcText,
  statusPath,
} from '../os/procTree';

const VM_RSS = /^VmRSS:\s+(\d+) kB/m;
const VM_HWM = /^VmHWM:\s+(\d+) kB/m;

function kilobytes(text: string | undefined, field: RegExp): number {
  const match = text ? field.exec(text) : null;
  return match ? Number(match[1]) : 0;
}

interface Runtime {
  readonly pid: number;
  readonly status: ProcFile;
  readonly children: ProcFile;
  /** The children of our innermost wrapper: the runtime, then the orphans it adopted (a PID namespace's init). */
  readonly adopter: ProcFile | undefined;
  /** The adopter's children file when it holds the runtime alone ("PID ", as the kernel lists them). */
  readonly adoptedAlone: Buffer;
}

/**
 * Resident memory of a runtime process and its live descendants, in bytes: now, and the sum of
 * their high-water marks (what Lambda reports as Max Memory Used).
 *
 * `wrappers` processes of ours may stand between the spawned pid and the runtime (the process
 * containment's, see processContainment.ts); they are not the function's and are not counted, but
 * the orphans the innermost one adopts are. The runtime is found on the first read that sees it.
 */
export class TreeMemory {
  private readonly buffer = Buffer.allocUnsafe(8192);
  private runtime: Runtime | undefined;
  private closed = false;

  constructor(
    private readonly pid: number,
    private readonly wrappers = 0,
  ) {}

  read(): { rssBytes: number; peakBytes: number } {
    const runtime = this.runtime ?? this.findRuntime();
    if (!runtime) return { rssBytes: 0, peakBytes: 0 };
    const status = runtime.status.read();
    const descendants = this.descendants(runtime);
    return {
      rssBytes: (kilobytes(status, VM_RSS) + descendants.rss) * 1024,
      peakBytes: (kilobytes(status, VM_HWM) + descendants.peak) * 1024,
    };
  }

  /** The tree's peak in bytes when the runtime reported its own: the sum of the descendants' read here. */
  treePeakBytes(runtimePeakBytes: number): number {
    const runtime = this.runtime ?? this.findRuntime();
    return runtimePeakBytes + (runtime ? this.descendants(runtime).peak * 1024 : 0);
  }

  /** Resident and peak kilobytes of the runtime's live descendants (and the orphans its wrapper adopted). */
  private descendants(runtime: Runtime): { rss: number; peak: number } {
    let rss = 0;
    let peak = 0;
    // Descendants are rare (a function that starts processes): the usual answer, no children and
    // no orphans beside the runtime, is read from the bytes (this runs after every invocation);
    // the files of descendants are opened each time.
    const own = runtime.children.readBytes();
    const children = own?.length ? pidsIn(own.toString('latin1')) : [];
    const adopted = runtime.adopter?.readBytes();
    if (adopted?.length && !adopted.equals(runtime.adoptedAlone))
      children.push(...pidsIn(adopted.toString('latin1')).filter((pid) => pid !== runtime.pid));
    if (children.length === 0) return { rss, peak };
    for (const pid of descendantsFrom(children)) {
      const text = readProcText(statusPath(pid));
      rss += kilobytes(text, VM_RSS);
      peak += kilobytes(text, VM_HWM);
    }
    return { rss, peak };
  }

  close(): void {
    this.closed = true;
    this.runtime?.status.close();
    this.runtime?.children.close();
    this.runtime?.adopter?.close();
  }

  /** Down the wrappers (each has one child) to the runtime; undefined while it is not started yet. */
  private findRuntime(): Runtime | undefined {
    if (this.closed) return undefined;
    let pid = this.pid;
    let adopter: ProcFile | undefined;
    for (let level = 0; level < this.wrappers; level++) {
      const child = pidsIn(readProcText(childrenPath(pid)))[0];
      if (child === undefined) return undefined;
      if (level === this.wrappers - 1) adopter = new ProcFile(childrenPath(pid), this.buffer);
      pid = child;
    }
    this.runtime = {
      pid,
      status: new ProcFile(statusPath(pid), this.buffer),
      children: new ProcFile(childrenPath(pid), this.buffer),
      adopter,
      adoptedAlone: Buffer.from(`${pid} `, 'latin1'),
    };
    return this.runtime;
  }
}
