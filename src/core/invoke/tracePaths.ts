// Paths as stack traces write them, read without touching the disk: POSIX or Windows (drive
// letters, backslashes, UNC), plain or as file:// URLs (Node's ES module frames), and the style a
// folder uses, so that a path joined to it reads as that machine writes its paths.
import { posix, win32 } from 'node:path';

/** A Windows path: `C:\…`, `C:/…` or `\\server\share\…`. */
export function isWindowsPath(path: string): boolean {
  return /^[A-Za-z]:[\\/]/.test(path) || /^\\\\[^\\]/.test(path);
}

/** An absolute path on either system (not a URL). */
export function isAbsolutePath(path: string): boolean {
  return path.startsWith('/') || isWindowsPath(path);
}

/** The path module that fits a folder: win32 for Windows paths, else posix. */
export function pathStyleOf(folder: string): typeof posix {
  return isWindowsPath(folder) ? win32 : posix;
}

/** `folder` joined with a relative path written with forward slashes, in the folder's own style. */
export function joinInFolder(folder: string, relative: string): string {
  const style = pathStyleOf(folder);
  return style.join(folder, ...relative.split('/'));
}

/**
 * The file a file:// URL names (`file:///C:/a%20b` → `C:\a b`, `file://server/share/x` →
 * `\\server\share\x`); undefined when it is not a well-formed file URL.
 */
export function fileUrlToPath(url: string): string | undefined {
  const match = /^file:\/\/([^/]*)(\/.*)$/i.exec(url);
  if (!match) return undefined;
  let path: string;
  try {
    path = decodeURIComponent(match[2]!);
  } catch {
    return undefined;
  }
  const host = match[1]!;
  if (host && host !== 'localhost') return `\\\\${host}${path.replace(/\//g, '\\')}`;
  if (/^\/[A-Za-z]:\//.test(path)) return path.slice(1).replace(/\//g, '\\');
  return path;
}
