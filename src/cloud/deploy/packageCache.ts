// Remembers, outside the user's folder, which CodeSha256 a given set of files produced, so an
// unchanged redeploy needs only a listing with file stats (no reading, no zipping) before it can
// say "up to date". A file modified within the last RACY_MS of the listing is not trusted (its
// content may change again within the same mtime), so such a package is never remembered.
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { FoundFile } from './walkFolder';

/** 2: TypeScript bundles carry an inline source map (the same files make other bytes). */
const CACHE_FORMAT = 2;
const RACY_MS = 2_000;

export function defaultCacheDir(): string {
  return join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'lambda-lens', 'deploy');
}

interface CacheEntry {
  readonly format: number;
  readonly fingerprint: string;
  readonly sha256: string;
  readonly zipBytes: number;
  readonly unzippedBytes: number;
  /** Files outside the listing that the package depends on (esbuild inputs): path, size, mtime. */
  readonly extraInputs: [string, number, number][];
}

/** A hash of what decides the zip's bytes: each file's zip path, size, mtime, mode and inode, plus the options. */
export function fingerprintOf(files: readonly FoundFile[], options: string): string {
  const hash = createHash('sha256').update(`${CACHE_FORMAT}\0${options}\0`);
  for (const f of files)
    hash.update(`${f.path}\0${f.absolutePath}\0${f.size}\0${f.mtimeMs}\0${f.mode}\0${f.ino}\n`);
  return hash.digest('hex');
}

export function isRacy(files: readonly FoundFile[], listedAt: number): boolean {
  return files.some((f) => f.mtimeMs >= listedAt - RACY_MS);
}

function entryFile(cacheDir: string, folder: string, functionKey: string): string {
  return join(
    cacheDir,
    `${createHash('sha256').update(`${folder}\0${functionKey}`).digest('hex').slice(0, 32)}.json`,
  );
}

export interface CachedPackage {
  readonly sha256: string;
  readonly zipBytes: number;
  readonly unzippedBytes: number;
}

export async function lookupPackage(
  cacheDir: string,
  folder: string,
  functionKey: string,
  fingerprint: string,
): Promise<CachedPackage | undefined> {
  let entry: CacheEntry;
  try {
    entry = JSON.parse(
      await readFile(entryFile(cacheDir, folder, functionKey), 'utf8'),
    ) as CacheEntry;
  } catch {
    return undefined; // none yet, or unreadable: build as if none
  }
  if (entry.format !== CACHE_FORMAT || entry.fingerprint !== fingerprint) return undefined;
  for (const [path, size, mtimeMs] of entry.extraInputs) {
    const info = await stat(path).catch(() => undefined);
    if (!info || info.size !== size || info.mtimeMs !== mtimeMs) return undefined;
  }
  return { sha256: entry.sha256, zipBytes: entry.zipBytes, unzippedBytes: entry.unzippedBytes };
}

export async function rememberPackage(
  cacheDir: string,
  folder: string,
  functionKey: string,
  fingerprint: string,
  built: CachedPackage,
  extraInputs: readonly string[],
  listedAt: number,
): Promise<void> {
  try {
    const extras: [string, number, number][] = [];
    for (const path of extraInputs) {
      const info = await stat(path);
      if (info.mtimeMs >= listedAt - RACY_MS) return;
      extras.push([path, info.size, info.mtimeMs]);
    }
    const entry: CacheEntry = { format: CACHE_FORMAT, fingerprint, ...built, extraInputs: extras };
    await mkdir(cacheDir, { recursive: true });
    const file = entryFile(cacheDir, folder, functionKey);
    const temporary = `${file}.${process.pid}.tmp`;
    await writeFile(temporary, JSON.stringify(entry));
    await rename(temporary, file);
  } catch {
    // A cache that cannot be written only makes the next unchanged deploy slower.
  }
}
