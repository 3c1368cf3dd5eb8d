// Append-only files kept open between appends: a warm invocation appends its log lines with one
// write instead of open, write and close. What a write() returned is in the kernel's page cache,
// so a kill -9 of the endpoint loses nothing it acknowledged, as with appendFileSync.
import { closeSync, openSync, writeSync } from 'node:fs';
import { sep } from 'node:path';
import { PRIVATE_FILE_MODE } from './privateFiles';

const KEPT_OPEN = 64;

export class AppendFiles {
  /** Oldest use first, so the first key is the one to close when too many are open. */
  private readonly open = new Map<string, number>();

  append(path: string, text: string): void {
    let fd = this.open.get(path);
    if (fd === undefined) {
      fd = openSync(path, 'a', PRIVATE_FILE_MODE);
      if (this.open.size >= KEPT_OPEN) this.forget(this.open.keys().next().value!);
    } else {
      this.open.delete(path);
    }
    this.open.set(path, fd);
    const bytes = Buffer.from(text);
    for (let written = 0; written < bytes.length;) written += writeSync(fd, bytes, written);
  }

  /** Before the file is replaced, renamed or removed: the next append opens it again. */
  forget(path: string): void {
    const fd = this.open.get(path);
    if (fd === undefined) return;
    this.open.delete(path);
    closeSync(fd);
  }

  forgetUnder(dir: string): void {
    for (const path of [...this.open.keys()]) if (path.startsWith(dir + sep)) this.forget(path);
  }

  closeAll(): void {
    for (const path of [...this.open.keys()]) this.forget(path);
  }
}
