// Writes that survive a kill -9 at any moment: the new content goes to a temporary file in the
// same folder, is flushed to disk, and replaces the old file with one rename. Readers see the old
// file or the new one, never a half-written one.
import {
  closeSync,
  fsyncSync,
  openSync,
  renameSync,
  writeSync,
  unlinkSync,
  readdirSync,
} from 'node:fs';
import { dirname, join, basename } from 'node:path';
import { randomBytes } from 'node:crypto';
import { PRIVATE_FILE_MODE } from './privateFiles';

export const TEMP_MARK = '.tmp-';

/** `mode`: the new file's, private by default (the file may hold secrets). */
export function writeFileAtomic(
  path: string,
  data: string | Uint8Array,
  mode = PRIVATE_FILE_MODE,
): void {
  const writer = new AtomicWriter(path, mode);
  try {
    writer.write(typeof data === 'string' ? Buffer.from(data) : data);
    writer.commit();
  } catch (error) {
    writer.abort();
    throw error;
  }
}

/**
 * A file written whole or piece by piece (a stream file rewritten as it is read): nothing
 * replaces `path` until commit(); abort() leaves the old file as it was.
 */
export class AtomicWriter {
  private readonly temp: string;
  private readonly fd: number;
  private closed = false;
  /** Bytes written so far. */
  size = 0;

  constructor(
    private readonly path: string,
    mode = PRIVATE_FILE_MODE,
  ) {
    this.temp = join(
      dirname(path),
      `${TEMP_MARK}${basename(path)}-${randomBytes(4).toString('hex')}`,
    );
    this.fd = openSync(this.temp, 'w', mode);
  }

  write(bytes: Uint8Array): void {
    let offset = 0;
    while (offset < bytes.length)
      offset += writeSync(this.fd, bytes, offset, bytes.length - offset);
    this.size += bytes.length;
  }

  commit(): void {
    fsyncSync(this.fd);
    this.close();
    renameSync(this.temp, this.path);
    fsyncDirectory(dirname(this.path));
  }

  abort(): void {
    if (this.closed) return;
    this.close();
    try {
      unlinkSync(this.temp);
    } catch {
      /* already gone */
    }
  }

  private close(): void {
    this.closed = true;
    closeSync(this.fd);
  }
}

/** Makes a rename or a new file in `dir` durable. */
export function fsyncDirectory(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // Some file systems refuse fsync on a directory; the rename itself is still atomic.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Removes temporary files a killed writer left behind. */
export function removeStaleTempFiles(dir: string): void {
  for (const name of readdirSync(dir)) if (name.startsWith(TEMP_MARK)) unlinkSync(join(dir, name));
}
