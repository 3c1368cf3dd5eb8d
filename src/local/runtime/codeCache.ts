// Unzips each code version once into a cache folder (keyed by its SHA-256), keeping the owner's
// Unix file modes so that a custom runtime's `bootstrap` stays executable; group and others get
// nothing (the home is private). Entries that would escape the folder (zip slip) are refused.
import { chmodSync, createWriteStream, existsSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fromBuffer, type Entry, type ZipFile } from 'yauzl';
import type { CodeStore } from '../store/codeStore';
import { makePrivateFolder, privateMode, PRIVATE_FILE_MODE } from '../store/privateFiles';

export class CodeCache {
  private readonly extracting = new Map<string, Promise<string>>();

  constructor(private readonly dir: string, private readonly code: CodeStore) {
    makePrivateFolder(dir);
  }

  /** The folder holding the unzipped code (LAMBDA_TASK_ROOT). */
  folderFor(sha256Base64: string): Promise<string> {
    const hex = Buffer.from(sha256Base64, 'base64').toString('hex');
    const target = join(this.dir, hex);
    if (existsSync(target)) return Promise.resolve(target);
    let pending = this.extracting.get(hex);
    if (!pending) {
      pending = this.extract(sha256Base64, target).finally(() => this.extracting.delete(hex));
      this.extracting.set(hex, pending);
    }
    return pending;
  }

  /**
   * Deletes the unpacked copies of code not in `keep` (replaced or deleted code), so that a
   * folder deployed again and again does not fill the disk. Folders being unpacked are left alone.
   */
  removeUnused(keep: ReadonlySet<string>): void {
    for (const name of readdirSync(this.dir)) {
      if (!/^[0-9a-f]{64}$/.test(name) || this.extracting.has(name)) continue;
      if (!keep.has(Buffer.from(name, 'hex').toString('base64'))) rmSync(join(this.dir, name), { recursive: true, force: true });
    }
  }

  private async extract(sha256Base64: string, target: string): Promise<string> {
    const staging = `${target}.partial-${process.pid}-${Date.now()}`;
    makePrivateFolder(staging);
    try {
      await unzipInto(this.code.read(sha256Base64), staging);
      renameSync(staging, target);
    } catch (error) {
      rmSync(staging, { recursive: true, force: true });
      if (!existsSync(target)) throw error;
    }
    return target;
  }
}

function open(zip: Buffer): Promise<ZipFile> {
  return new Promise((res, rej) => fromBuffer(zip, { lazyEntries: true }, (error, zipfile) => (error || !zipfile ? rej(error) : res(zipfile))));
}

async function unzipInto(zip: Buffer, folder: string): Promise<void> {
  const zipfile = await open(zip);
  const root = resolve(folder);
  await new Promise<void>((done, fail) => {
    zipfile.on('error', fail);
    zipfile.on('end', () => done());
    zipfile.on('entry', (entry: Entry) => {
      const path = resolve(root, entry.fileName);
      if (path !== root && !path.startsWith(root + sep)) {
        fail(new Error(`The zip entry ${entry.fileName} points outside the function folder.`));
        return;
      }
      const mode = (entry.externalFileAttributes >>> 16) & 0o777;
      if (entry.fileName.endsWith('/')) {
        makePrivateFolder(path);
        zipfile.readEntry();
        return;
      }
      makePrivateFolder(dirname(path));
      zipfile.openReadStream(entry, (error, stream) => {
        if (error || !stream) {
          fail(error ?? new Error(`Cannot read ${entry.fileName}`));
          return;
        }
        pipeline(stream, createWriteStream(path, { mode: PRIVATE_FILE_MODE })).then(() => {
          // Zips made on Windows carry no Unix mode: fall back to a readable file.
          chmodSync(path, mode ? privateMode(mode) : PRIVATE_FILE_MODE);
          zipfile.readEntry();
        }, fail);
      });
    });
    zipfile.readEntry();
  });
}
