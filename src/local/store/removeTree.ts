// Removes a folder tree the endpoint made from user content (an unpacked package, a log group),
// however deep it is. Node's rmSync recurses on the JS stack and overflows it past ~1,500 levels
// (RangeError), which would leave a cache that can never be pruned and an endpoint that cannot
// start. This walks with its own stack, and never follows symbolic links (they are unlinked).
// A folder whose path grows long is first moved up to the tree's root, so that no path it uses
// passes the OS's limit (PATH_MAX on Linux, 260 on Windows without long paths) even when another
// program made the tree deeper than that. Plain fs calls only: the same on every OS.
import { chmodSync, lstatSync, readdirSync, renameSync, rmdirSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';

/** Past this many characters below the root, a folder is moved up to the root before it is entered. */
const LONG_BELOW_ROOT = 1024;

interface Pending {
  readonly path: string;
  listed: boolean;
}

/** Removes `root` and everything under it; nothing there is no error (as rmSync's force). */
export function removeTree(root: string): void {
  let isFolder: boolean;
  try {
    isFolder = lstatSync(root).isDirectory();
  } catch (error) {
    if (isMissing(error)) return;
    throw error;
  }
  if (!isFolder) return unlinkQuietly(root);
  const pending: Pending[] = [{ path: root, listed: false }];
  let moved = 0;
  while (pending.length > 0) {
    const folder = pending[pending.length - 1]!;
    if (folder.listed) {
      pending.pop();
      rmdirQuietly(folder.path);
      continue;
    }
    folder.listed = true;
    for (const entry of listQuietly(folder.path)) {
      const path = join(folder.path, entry.name);
      if (!entry.isDirectory()) {
        unlinkQuietly(path);
        continue;
      }
      if (path.length - root.length <= LONG_BELOW_ROOT) {
        pending.push({ path, listed: false });
        continue;
      }
      pending.push({ path: moveUp(path, root, () => moved++), listed: false });
    }
  }
}

/** Moves a folder to a new name directly under the root; a name already taken (a removal cut short) is skipped. */
function moveUp(path: string, root: string, next: () => number): string {
  for (;;) {
    const shorter = join(root, `.removing-${process.pid}-${next()}`);
    try {
      renameSync(path, shorter);
      return shorter;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'EEXIST' && code !== 'ENOTEMPTY') throw error;
    }
  }
}

function isMissing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException).code === 'ENOENT';
}

function listQuietly(path: string) {
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
