// Everything the endpoint keeps in its home is the user's alone: the credentials requests are
// signed with, environment values in function records, whatever functions log, their code.
// Files are made 0600 (0700 when executable), folders 0700. On Windows the modes mean little
// (chmod only sets read-only), so nothing here fails there: the default home lies in the user's
// profile, which other users cannot read, and a home chosen elsewhere keeps that folder's access.
import { chmodSync, lstatSync, mkdirSync, readdirSync, type Stats } from 'node:fs';
import { join } from 'node:path';

export const PRIVATE_FILE_MODE = 0o600;
export const PRIVATE_FOLDER_MODE = 0o700;

export function makePrivateFolder(path: string): void {
  mkdirSync(path, { recursive: true, mode: PRIVATE_FOLDER_MODE });
}

/** A mode from elsewhere (a zip entry's): its owner bits, readable by the owner, nothing for anyone else. */
export function privateMode(mode: number): number {
  return (mode & 0o700) | 0o400;
}

/**
 * Takes the group and other bits off `path` and all it holds (as an older version left them), or
 * off `path` alone when `contents` is false; links are not followed. It walks with its own stack,
 * not the JS one, so a tree of any depth is tightened whole: recursion ran out of stack past a few
 * thousand levels, and the error was taken for a vanished path, leaving the rest open.
 */
export function tightenTree(path: string, { contents = true } = {}): void {
  const pending = [path];
  try {
    for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
      const stat = lstatIfThere(next);
      if (!stat || stat.isSymbolicLink()) continue;
      if (stat.mode & 0o077) chmodIfThere(next, stat.mode & 0o700);
      if (contents && stat.isDirectory())
        for (const name of listIfThere(next)) pending.push(join(next, name));
    }
  } catch (error) {
    // A path past the OS's limit: a tree another program nested that deep.
    if ((error as NodeJS.ErrnoException).code !== 'ENAMETOOLONG') throw error;
    throw new Error(
      `A folder in ${path} is nested deeper than the OS lets a path name, so it cannot be made private: remove that tree, or close it to others yourself (chmod -R go= ${path}).`,
    );
  }
}

/** Whether an error says the path is not there (any more): gone, or a folder on its way made a file. */
function isGone(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

function lstatIfThere(path: string): Stats | undefined {
  try {
    return lstatSync(path);
  } catch (error) {
    if (isGone(error)) return undefined;
    throw error;
  }
}

function chmodIfThere(path: string, mode: number): void {
  try {
    chmodSync(path, mode);
  } catch (error) {
    if (!isGone(error)) throw error;
  }
}

function listIfThere(path: string): string[] {
  try {
    return readdirSync(path);
  } catch (error) {
    if (isGone(error)) return [];
    throw error;
  }
}
