// "Is this path that folder or inside it?", right for both path styles: Windows paths compare
// case-insensitively and a path on another drive is never inside (path.relative returns it whole,
// absolute). Pure string work: the style is read from the folder, not from the running OS, so the
// CLI, the editor and the tests agree on both.
import { posix, win32 } from 'node:path';

export type PathStyle = typeof posix;

const WINDOWS_PATH = /^(?:[a-zA-Z]:[\\/]|\\\\)/;

/** The path module for this path's style: win32 for `C:\…` or `\\server\…`, else posix. */
export function pathStyleOf(path: string): PathStyle {
  return WINDOWS_PATH.test(path) ? win32 : posix;
}

/** True when `path` is `folder` itself or inside it (both absolute, of the same style). */
export function isInside(folder: string, path: string): boolean {
  const style = pathStyleOf(folder);
  if (style !== pathStyleOf(path)) return false;
  const rel = style.relative(folder, path);
  if (rel === '') return true;
  // `..x` is a folder named "..x", inside; `..` alone or `../…` climbs out.
  return !style.isAbsolute(rel) && rel !== '..' && !rel.startsWith(`..${style.sep}`);
}
