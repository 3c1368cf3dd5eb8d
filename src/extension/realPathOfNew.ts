// Where a write to a path that may not exist yet would land once the OS follows its links: its
// nearest existing part resolved (realpath, which every OS has), with the rest after it. Kept apart
// from the editor's API so that it is tested against a real file system.
import { promises as fs } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';

/** The real path of `path`'s nearest existing part, with the parts yet to be made after it. */
export async function realPathOfNew(path: string): Promise<string> {
  const missing: string[] = [];
  for (let at = path; ; at = dirname(at)) {
    try {
      return join(await fs.realpath(at), ...missing);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      // A dangling link fails as a missing file does: it is the link's target that is written then.
      if (code !== 'ENOENT' || dirname(at) === at) throw error;
      const target = await fs.readlink(at).catch(() => undefined);
      // A relative target is taken from the link's real folder, as the OS takes it: from the
      // folder as spelled, a `..` after a linked folder would name another place.
      if (target !== undefined)
        return realPathOfNew(join(resolve(await fs.realpath(dirname(at)), target), ...missing));
      missing.unshift(basename(at));
    }
  }
}
