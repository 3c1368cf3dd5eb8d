// Everything the endpoint keeps in its home is the user's alone: the credentials requests are
// signed with, environment values in function records, whatever functions log, their code.
// Files are made 0600 (0700 when executable), folders 0700. On Windows the modes mean little
// (chmod only sets read-only), so nothing here fails there: the default home lies in the user's
// profile, which other users cannot read, and a home chosen elsewhere keeps that folder's access.
import { chmodSync, lstatSync, mkdirSync, readdirSync } from 'node:fs';
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
 * off `path` alone when `contents` is false; links are not followed.
 */
export function tightenTree(path: string, { contents = true } = {}): void {
  let stat;
  try {
    stat = lstatSync(path);
  } catch {
    return; // not there (or gone meanwhile)
  }
  if (stat.isSymbolicLink()) return;
  if (stat.mode & 0o077) chmodSync(path, stat.mode & 0o700);
  if (contents && stat.isDirectory())
    for (const name of readdirSync(path)) tightenTree(join(path, name));
}
