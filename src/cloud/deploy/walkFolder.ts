// Lists the files under a root that a filter admits, with what the zip and the change check need
// (size, mode, mtime, inode). Symbolic links are followed when they stay inside the root and
// refused, with a message, when they lead out of it or round in a loop.
import { readdirSync, realpathSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { describeFileError, PackagingError } from './packagingError';

export interface FoundFile {
  /** Path inside the zip. */
  readonly path: string;
  readonly absolutePath: string;
  readonly size: number;
  readonly mode: number;
  readonly mtimeMs: number;
  readonly ino: number;
}

export interface WalkOptions {
  /** The folder as the user named it, for messages. */
  readonly shownRoot: string;
  /** Prefix of zip paths (e.g. `node_modules/lodash/`), '' for the project itself. */
  readonly zipPrefix: string;
  readonly includes: (relativePath: string, isDirectory: boolean) => boolean;
  /** Folders never entered, by name (node_modules: dependencies are added by their own rules). */
  readonly skipFolderNames?: ReadonlySet<string>;
  readonly signal?: AbortSignal;
}

function inside(parent: string, child: string): boolean {
  return child === parent || child.startsWith(parent.endsWith(sep) ? parent : parent + sep);
}

// Synchronous fs calls, with a yield to the event loop every few milliseconds: on 5,000 files
// they take half the time of the promise API (whose per-call thread-pool round trip dominates),
// and the editor stays responsive.
const SLICE_MS = 8;

export async function walkFolder(
  root: string,
  options: WalkOptions,
  into: FoundFile[] = [],
): Promise<FoundFile[]> {
  let realRoot: string;
  try {
    realRoot = realpathSync(root);
  } catch (error) {
    throw describeFileError(error, options.shownRoot);
  }
  const shown = (rel: string) => (options.shownRoot === '.' ? rel : `${options.shownRoot}/${rel}`);
  const stack: { dir: string; rel: string; ancestors: string[] }[] = [
    { dir: root, rel: '', ancestors: [realRoot] },
  ];
  let sliceStart = performance.now();
  while (stack.length) {
    if (performance.now() - sliceStart > SLICE_MS) {
      await new Promise((resolve) => setImmediate(resolve));
      options.signal?.throwIfAborted();
      sliceStart = performance.now();
    }
    const { dir, rel: relDir, ancestors } = stack.pop()!;
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (error) {
      throw describeFileError(error, shown(relDir || '.'));
    }
    for (const entry of entries) {
      const rel = relDir ? `${relDir}/${entry.name}` : entry.name;
      const absolute = join(dir, entry.name);
      let isDirectory = entry.isDirectory();
      let isFile = entry.isFile();
      let realDir: string | undefined;
      if (entry.isSymbolicLink()) {
        let target: string;
        try {
          target = realpathSync(absolute);
        } catch (error) {
          // A dangling link in an ignored place should not stop the deploy.
          if (!options.includes(rel, false)) continue;
          throw (error as NodeJS.ErrnoException).code === 'ENOENT'
            ? new PackagingError(
                `${shown(rel)} is a symbolic link to something that does not exist. Remove it or leave it out with .lambdaignore.`,
              )
            : describeFileError(error, shown(rel));
        }
        let targetStat;
        try {
          targetStat = statSync(target);
        } catch (error) {
          throw describeFileError(error, shown(rel));
        }
        isDirectory = targetStat.isDirectory();
        isFile = targetStat.isFile();
        if (!options.includes(rel, isDirectory)) continue;
        if (!inside(realRoot, target)) {
          throw new PackagingError(
            `${shown(rel)} is a symbolic link to ${target}, outside ${options.shownRoot === '.' ? 'the folder' : options.shownRoot}; Lambda would get a broken link. Copy what it points to into the folder, or leave it out with .lambdaignore.`,
          );
        }
        if (isDirectory) {
          if (ancestors.some((a) => inside(target, a))) {
            throw new PackagingError(
              `${shown(rel)} is a symbolic link to one of its own parent folders (a loop). Remove it or leave it out with .lambdaignore.`,
            );
          }
          realDir = target;
        }
      }
      if (isDirectory) {
        if (options.skipFolderNames?.has(entry.name) || !options.includes(rel, true)) continue;
        stack.push({
          dir: absolute,
          rel,
          ancestors: [...ancestors, realDir ?? join(ancestors[ancestors.length - 1]!, entry.name)],
        });
        continue;
      }
      if (!isFile || !options.includes(rel, false)) continue; // sockets, fifos, devices: not package content
      try {
        const info = statSync(absolute);
        into.push({
          path: options.zipPrefix + rel,
          absolutePath: absolute,
          size: info.size,
          mode: info.mode,
          mtimeMs: info.mtimeMs,
          ino: info.ino,
        });
      } catch (error) {
        throw describeFileError(error, shown(rel));
      }
    }
  }
  return into;
}

/** `relative` with forward slashes. */
export function posixRelative(from: string, to: string): string {
  return relative(from, to).split(sep).join('/');
}
