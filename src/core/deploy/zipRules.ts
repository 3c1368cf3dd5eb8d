// The rules that make a package's zip deterministic, so the same files always give the same
// bytes and so the same CodeSha256: entries sorted by path, one fixed timestamp, Unix modes
// reduced to 0755 (executables) or 0644, and already-compressed formats stored, not deflated.

/** 1980-01-01 00:00:00, the earliest MS-DOS date: no local time zone can shift it. */
export const ZIP_DOS_TIME = 0;
export const ZIP_DOS_DATE = (0 << 9) | (1 << 5) | 1;

/** Sorted by UTF-8 bytes of the path, the same on every machine and locale. */
export function compareZipPaths(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

/** 0755 when any execute bit is set (or the file is a custom runtime's `bootstrap`), else 0644. */
export function zipEntryMode(path: string, fileMode: number): number {
  const name = path.slice(path.lastIndexOf('/') + 1);
  return (fileMode & 0o111) !== 0 || name === 'bootstrap' ? 0o755 : 0o644;
}

const COMPRESSED = new Set([
  'png',
  'jpg',
  'jpeg',
  'gif',
  'webp',
  'avif',
  'zip',
  'gz',
  'tgz',
  'bz2',
  'xz',
  'zst',
  'br',
  '7z',
  'jar',
  'woff',
  'woff2',
  'mp3',
  'mp4',
  'mov',
  'pdf',
]);

/** Files whose format is already compressed: deflating them costs time and saves nothing. */
export function isStoredUncompressed(path: string): boolean {
  const dot = path.lastIndexOf('.');
  return dot > path.lastIndexOf('/') && COMPRESSED.has(path.slice(dot + 1).toLowerCase());
}
