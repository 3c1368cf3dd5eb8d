// Removes a folder tree the endpoint made from user content (an unpacked package, a log group),
// however deep it is. Node's rmSync recurses on the JS stack and overflows it past ~1,500 levels
// (RangeError), which would leave a cache that can never be pruned and an endpoint that cannot
// start. This walks with its own stack, and never follows symbolic links (they are unlinked).
// A folder whose path grows long is first moved up to the tree's root, so that no path it uses
// passes the OS's limit (PATH_MAX on Linux, 260 on Windows without long paths) even when another
// program made the tree deeper than that. The walk goes in steps of a bounded number of entries,
// so that the trash (trash.ts) can remove a large tree between other work. Plain fs calls only:
// the same on every OS.
import {
  chmodSync,
  lstatSync,
  readdirSync,
  renameSync,
  rmdirSync,
  unlinkSync,
  type Dirent,
} from 'node:fs';
import { join } from 'node:path';

/** Past this many characters below the root, a folder is moved up to the root before it is entered. */
const LONG_BELOW_ROOT = 1024;

interface Pending {
  readonly path: string;
  /** Its entries, once listed (a folder is listed as a whole: one readdir), and the next to remove. */
  entries?: Dirent[];
  next: number;
}

/** Removes `root` and everything under it; nothing there is no error (as rmSync's force). */
export function removeTree(root: string): void {
  const removal = new TreeRemoval(root);
  while (!removal.step(Infinity));
}

/** One tree's removal, made a bounded number of entries at a time. */
export class TreeRemoval {
  private pending: Pending[] | undefined;
  private moved = 0;

  constructor(readonly root: string) {}

  /** Removes up to `budget` entries (a listing counts as one); true once the whole tree is gone. */
  step(budget: number): boolean {
    const pending = (this.pending ??= this.start());
    for (let done = 0; pending.length > 0 && done < budget; done++) {
      const folder = pending[pending.length - 1]!;
      if (!folder.entries) {
        folder.entries = listQuietly(folder.path);
        continue;
      }
      const entry = folder.entries[folder.next++];
      if (!entry) {
        pending.pop();
        rmdirQuietly(folder.path);
        continue;
      }
      const path = join(folder.path, entry.name);
      if (!entry.isDirectory()) unlinkQuietly(path);
      else if (path.length - this.root.length <= LONG_BELOW_ROOT) pending.push({ path, next: 0 });
      else pending.push({ path: this.moveUp(path), next: 0 });
    }
    return pending.length === 0;
  }

  private start(): Pending[] {
    let isFolder: boolean;
    try {
      isFolder = lstatSync(this.root).isDirectory();
    } catch (error) {
      if (isMissing(error)) return [];
      throw error;
    }
    if (isFolder) return [{ path: this.root, next: 0 }];
    unlinkQuietly(this.root);
    return [];
  }

  /** Moves a folder to a new name directly under the root; a name already taken (a removal cut short) is skipped. */
  private moveUp(path: string): string {
    for (;;) {
      const shorter = join(this.root, `.removing-${process.pid}-${this.moved++}`);
      try {
        renameSync(path, shorter);
        return shorter;
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code !== 'EEXIST' && code !== 'ENOTEMPTY') throw error;
      }
    }
  }
}

function isMissing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException).code === 'ENOENT';
}

function listQuietly(path: string): Dirent[] {
  try {
    return readdirSync(path, { withFileTypes: true });
  } catch (error) {
    if (isMissing(error)) return [];
    throw error;
  }
}

function unlinkQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch (error) {
    if (isMissing(error)) return;
    // Windows refuses to unlink a read-only file (a package's 0444 file); elsewhere the folder's mode decides.
    if ((error as NodeJS.ErrnoException).code !== 'EPERM' || process.platform !== 'win32')
      throw error;
    chmodSync(path, 0o666);
    unlinkSync(path);
  }
}

function rmdirQuietly(path: string): void {
  try {
    rmdirSync(path);
  } catch (error) {
    if (!isMissing(error)) throw error;
  }
}
