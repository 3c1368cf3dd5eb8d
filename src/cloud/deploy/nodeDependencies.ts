// The installed packages a Node.js function needs at run time: the closure of package.json's
// `dependencies` (with optional and peer dependencies where installed), found by Node's own
// lookup rules, so `devDependencies` and whatever they pulled in stay out of the zip. A package
// hoisted above the function's folder (npm workspaces) goes into the zip's top node_modules.
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { posixRelative } from './walkFolder';

export interface DependencyPackage {
  readonly name: string;
  /** Where Node found it (may be a symbolic link, e.g. a workspace package). */
  readonly directory: string;
  /** Its folder inside the zip: node_modules/…, nested where Node would look for it. */
  readonly zipPath: string;
}

export interface DependencyClosure {
  readonly packages: DependencyPackage[];
  /** Dependencies named in a package.json but not installed. */
  readonly missing: string[];
}

interface Manifest {
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
}

async function readManifest(directory: string): Promise<Manifest | undefined> {
  try {
    const parsed = JSON.parse(await readFile(join(directory, 'package.json'), 'utf8')) as unknown;
    return parsed && typeof parsed === 'object' ? (parsed as Manifest) : {};
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    return {}; // an unreadable manifest: the package is still copied, its own dependencies are not followed
  }
}

/** Node's lookup: <dir>/node_modules/<name>, then each parent's, skipping node_modules folders themselves. */
async function locate(from: string, name: string): Promise<string | undefined> {
  let dir = resolve(from);
  for (;;) {
    if (!dir.endsWith(`${sep}node_modules`)) {
      const candidate = join(dir, 'node_modules', name);
      if (await readManifest(candidate)) return candidate;
    }
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

function isInside(folder: string, path: string): boolean {
  return path.startsWith(folder.endsWith(sep) ? folder : folder + sep);
}

export async function productionDependencies(folder: string): Promise<DependencyClosure> {
  const root = await readManifest(folder);
  if (!root) return { packages: [], missing: [] };
  const packages = new Map<string, DependencyPackage>();
  const missing = new Set<string>();
  const queue: { from: string; manifest: Manifest; required: boolean }[] = [
    { from: folder, manifest: root, required: true },
  ];
  while (queue.length) {
    const { from, manifest } = queue.shift()!;
    const wanted: [string, boolean][] = [
      ...Object.keys(manifest.dependencies ?? {}).map((n): [string, boolean] => [n, true]),
      ...Object.keys(manifest.optionalDependencies ?? {}).map((n): [string, boolean] => [n, false]),
      ...Object.keys(manifest.peerDependencies ?? {}).map((n): [string, boolean] => [n, false]),
    ];
    await Promise.all(
      wanted.map(async ([name, required]) => {
        const directory = await locate(from, name);
        if (!directory) {
          if (required) missing.add(name);
          return;
        }
        const zipPath = isInside(folder, directory)
          ? posixRelative(folder, directory)
          : `node_modules/${name}`;
        if (packages.has(zipPath)) return;
        packages.set(zipPath, { name, directory, zipPath });
        const own = await readManifest(directory);
        if (own) queue.push({ from: directory, manifest: own, required: true });
      }),
    );
  }
  return {
    packages: [...packages.values()].sort((a, b) => (a.zipPath < b.zipPath ? -1 : 1)),
    missing: [...missing].sort(),
  };
}
