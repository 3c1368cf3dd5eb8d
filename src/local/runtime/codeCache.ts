// Unzips each code version once into a cache folder (keyed by its SHA-256), keeping the owner's
// Unix file modes so that a custom runtime's `bootstrap` stays executable; group and others get
// nothing (the home is private). Each unpacks into a staging folder renamed into place when
// complete. Packages are checked at upload, but one stored before those checks can still be
// unusable: the same entry checks run here, and its invokes fail with Lambda's
// InvalidZipFileException instead of failing the endpoint. Its folders go to the endpoint's trash
// (trash.ts), emptied in the background without recursing: a tree of any size or depth goes.
import { createWriteStream, existsSync, readdirSync, renameSync } from 'node:fs';
import { chmod } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fromBuffer, type Entry, type ZipFile } from 'yauzl';
import { fail } from '../../core/apiProblem';
import { ZipEntryTree } from '../../core/deploy/zipEntryTree';
import { unzippedCodeFolderName } from '../../core/localHome';
import type { CodeStore } from '../store/codeStore';
import { makePrivateFolder, privateMode, PRIVATE_FILE_MODE } from '../store/privateFiles';
import type { Discard } from '../store/trash';
import { errorMessage } from '../../core/errorMessage';

const STAGING_MARK = '.partial-';

export class CodeCache {
  private readonly extracting = new Map<string, Promise<string>>();

  constructor(
    private readonly dir: string,
    private readonly code: CodeStore,
    private readonly discard: Discard,
  ) {
    makePrivateFolder(dir);
    // Left by an endpoint killed mid-extraction; only one endpoint runs on a home (its lock).
    for (const name of readdirSync(dir)) if (name.includes(STAGING_MARK)) discard(join(dir, name));
  }

  /** The folder holding the unzipped code (LAMBDA_TASK_ROOT). */
  folderFor(sha256Base64: string): Promise<string> {
    const hex = unzippedCodeFolderName(sha256Base64);
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
      if (!keep.has(Buffer.from(name, 'hex').toString('base64')))
        this.discard(join(this.dir, name));
    }
  }

  private async extract(sha256Base64: string, target: string): Promise<string> {
    const staging = `${target}${STAGING_MARK}${process.pid}-${Date.now()}`;
    try {
      makePrivateFolder(staging);
      await unzipInto(this.code.read(sha256Base64), staging);
      renameSync(staging, target);
    } catch (error) {
      this.discard(staging);
      if (!existsSync(target)) failExtraction(error, this.code.pathFor(sha256Base64), target);
    }
    return target;
  }
}

/** The invoke's error: Lambda's for a package it cannot unzip, else what went wrong on this machine. */
function failExtraction(error: unknown, zipPath: string, target: string): never {
  const message = errorMessage(error);
  if (error instanceof UnusablePackage) {
    fail(
      'InvalidZipFileException',
      `Lambda could not unzip the deployment package: ${message} Upload a valid zip with UpdateFunctionCode.`,
      502,
    );
  }
  if ((error as NodeJS.ErrnoException).code === 'ENOENT' && !existsSync(zipPath)) {
    fail(
      'ServiceException',
      `The function's code is missing from the endpoint's home (${zipPath}). Upload it again with UpdateFunctionCode.`,
      500,
    );
  }
  if ((error as NodeJS.ErrnoException).code === 'ENAMETOOLONG') {
    // Lambda unpacks into /var/task; here the home's path comes first, and a deep package can pass this OS's limit.
    fail(
      'ServiceException',
      `The local endpoint could not unpack the function's code into ${target}: a path in the package is too long for this machine under that folder (${message}). A home with a shorter path (serve --home, or the lambdaLens.local.home setting) gives it room.`,
      500,
    );
  }
  fail(
    'ServiceException',
    `The local endpoint could not unpack the function's code into ${target}: ${message}`,
    500,
  );
}

/** A package that cannot be unpacked as it is: the zip's fault, not this machine's. */
class UnusablePackage extends Error {}

function unusable(error: unknown): UnusablePackage {
  if (error instanceof UnusablePackage) return error;
  const message = errorMessage(error);
  // yauzl's and zlib's messages, as a sentence.
  return new UnusablePackage(
    `${message.charAt(0).toUpperCase()}${message.slice(1)}${message.endsWith('.') ? '' : '.'}`,
  );
}

function open(zip: Buffer): Promise<ZipFile> {
  return new Promise((res, rej) =>
    fromBuffer(zip, { lazyEntries: true }, (error, zipfile) =>
      error || !zipfile ? rej(unusable(error)) : res(zipfile),
    ),
  );
}

// Every step of an entry runs inside writeEntry's promise, so whatever a hostile zip makes fail
// fails this extraction, never the process (a throw in yauzl's 'entry' listener would escape).
async function unzipInto(zip: Buffer, folder: string): Promise<void> {
  const zipfile = await open(zip);
  const root = resolve(folder);
  const tree = new ZipEntryTree();
  try {
    await new Promise<void>((done, fail) => {
      zipfile.on('error', (error: Error) => fail(unusable(error)));
      zipfile.on('end', () => done());
      zipfile.on('entry', (entry: Entry) => {
        writeEntry(zipfile, entry, root, tree)
          .then(() => zipfile.readEntry())
          .catch(fail);
      });
      zipfile.readEntry();
    });
  } finally {
    zipfile.close();
  }
}

async function writeEntry(
  zipfile: ZipFile,
  entry: Entry,
  root: string,
  tree: ZipEntryTree,
): Promise<void> {
  const problem = tree.add(entry.fileName);
  if (problem) throw new UnusablePackage(problem);
  const path = resolve(root, entry.fileName);
  if (path !== root && !path.startsWith(root + sep))
    throw new UnusablePackage(`The entry ${entry.fileName} points outside the function folder.`);
  if (entry.fileName.endsWith('/')) {
    makePrivateFolder(path);
    return;
  }
  makePrivateFolder(dirname(path));
  const entryFault = (error: Error) =>
    new UnusablePackage(
      `The entry ${JSON.stringify(entry.fileName)} cannot be unzipped: ${error.message.replace(/\.$/, '')}.`,
    );
  const content = await zipfile.openReadStreamPromise(entry).catch((error: Error) => {
    throw entryFault(error);
  });
  // A stream error is the zip's (sizes that lie, damaged data); a write error is this machine's.
  let zipFault: Error | undefined;
  content.once('error', (error: Error) => {
    zipFault = error;
  });
  try {
    await pipeline(content, createWriteStream(path, { mode: PRIVATE_FILE_MODE }));
  } catch (error) {
    throw zipFault ? entryFault(zipFault) : error;
  }
  // Zips made on Windows carry no Unix mode: fall back to a readable file.
  const mode = (entry.externalFileAttributes >>> 16) & 0o777;
  await chmod(path, mode ? privateMode(mode) : PRIVATE_FILE_MODE);
}
