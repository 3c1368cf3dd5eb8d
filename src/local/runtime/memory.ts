// Memory of an execution environment: the resident set of its process tree, read from /proc.
// It is read after every invocation (Max Memory Used) and every 25 ms during one, so the root
// process's files stay open and are read again from offset 0 (the kernel regenerates them): a
// third of the cost of opening them each time.
import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { parseChildren, someDescendant } from './processTree';

const VM_RSS = /^VmRSS:\s+(\d+) kB/m;
const VM_HWM = /^VmHWM:\s+(\d+) kB/m;
const READ_BYTES = 8192;

function kilobytes(text: string | undefined, field: RegExp): number {
  const match = text ? field.exec(text) : null;
  return match ? Number(match[1]) : 0;
}

function readOnce(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** A /proc file kept open and read from its start each time; undefined once the process is gone. */
class ProcFile {
  private fd: number | undefined;

  constructor(private readonly path: string, private readonly buffer: Buffer) {
    try {
      this.fd = openSync(path, 'r');
    } catch {
      this.fd = undefined;
    }
  }

  read(): string | undefined {
    if (this.fd === undefined) return readOnce(this.path);
    try {
      return this.buffer.toString('latin1', 0, readSync(this.fd, this.buffer, 0, this.buffer.length, 0));
    } catch {
      return undefined;
    }
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}

/**
 * Resident memory of a process and its live descendants, in bytes: now, and the sum of their
 * high-water marks (what Lambda reports as Max Memory Used).
 */
export class TreeMemory {
  private readonly buffer = Buffer.allocUnsafe(READ_BYTES);
  private readonly status: ProcFile;
  private readonly children: ProcFile;

  constructor(pid: number) {
    this.status = new ProcFile(`/proc/${pid}/status`, this.buffer);
    this.children = new ProcFile(`/proc/${pid}/task/${pid}/children`, this.buffer);
  }

  read(): { rssBytes: number; peakBytes: number } {
    const status = this.status.read();
    let rss = kilobytes(status, VM_RSS);
    let peak = kilobytes(status, VM_HWM);
    // Descendants are rare (a function that starts processes): their files are opened each time.
    someDescendant(parseChildren(this.children.read()), (pid) => {
      const text = readOnce(`/proc/${pid}/status`);
      rss += kilobytes(text, VM_RSS);
      peak += kilobytes(text, VM_HWM);
      return false;
    });
    return { rssBytes: rss * 1024, peakBytes: peak * 1024 };
  }

  close(): void {
    this.status.close();
    this.children.close();
  }
}
