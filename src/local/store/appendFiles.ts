// Stream files kept open between uses: a warm invocation appends its log lines with one write
// instead of open, write and close, and reads page through a file without reopening it. What a
// write() returned is in the kernel's page cache, so a kill -9 of the endpoint loses nothing it
// acknowledged, as with appendFileSync. Opened for appending and reading: writes always go to
// the end, reads say where they read.
import { closeSync, ftruncateSync, openSync, readSync, writeSync } from 'node:fs';
import { sep } from 'node:path';
import { PRIVATE_FILE_MODE } from './privateFiles';

const KEPT_OPEN = 64;

export class AppendFiles {
  /** Oldest use first, so the first key is the one to close when too many are open. */
  private readonly open = new Map<string, number>();

  append(path: string, bytes: Uint8Array): void {
    const fd = this.fd(path);
    for (let written = 0; written < bytes.length;) written += writeSync(fd, bytes, written);
  }

  /** Reads into `buffer` from `position`; the bytes read (0 at the end). */
  readAt(path: string, buffer: Buffer, offset: number, length: number, position: number): number {
    return readSync(this.fd(path), buffer, offset, length, position);
  }

  /** Cuts the file back to `length` (a write that failed half-way must not leave half a line). */
  truncate(path: string, length: number): void {
    ftruncateSync(this.fd(path), length);
  }

  /** Before the file is replaced, renamed or removed: the next use opens it again. */
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

  private fd(path: string): number {
    let fd = this.open.get(path);
    if (fd === undefined) {
      fd = openSync(path, 'a+', PRIVATE_FILE_MODE);
      if (this.open.size >= KEPT_OPEN) this.forget(this.open.keys().next().value!);
    } else {
      this.open.delete(path);
    }
    this.open.set(path, fd);
    return fd;
  }
}
