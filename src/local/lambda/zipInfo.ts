// Checks a deployment package at CreateFunction and UpdateFunctionCode, as Lambda refuses one it
// cannot unpack: the zip must open (yauzl reads its central directory; names that are absolute or
// climb out with '..' are its errors too), its names must make one tree (core ZipEntryTree), it
// must fit the 50 MB and 250 MB limits by its declared sizes, and every file must inflate to what
// its headers declare (zipContents.ts). Refusals carry AWS's own message, then the reason.
import { fromBuffer, type Entry, type ZipFile } from 'yauzl';
import { fail, problem, type ApiProblem } from '../../core/apiProblem';
import { ZipEntryTree } from '../../core/deploy/zipEntryTree';
import { validateZipSizes } from '../../core/validation';
import { findContentProblem, type ZipFileEntry } from './zipContents';

export const UNZIP_FAILED = 'Could not unzip uploaded file. Please check your file, then try to upload again.';

export interface ZipSummary {
  readonly entries: number;
  readonly unzippedBytes: number;
}

function refuse(reason: string): never {
  fail('InvalidParameterValueException', `${UNZIP_FAILED} ${reason}`);
}

export interface ZipCheck {
  readonly summary: ZipSummary;
  /** The content check, on worker threads: settles to the refusal, or undefined; never rejects. */
  readonly contents: Promise<ApiProblem | undefined>;
}

/**
 * Checks the zip's directory now (refusing it by throwing), and starts the content check, so
 * that the caller can store the zip while the workers inflate it.
 */
export async function startZipCheck(zip: Buffer): Promise<ZipCheck> {
  validateZipSizes(zip.length, 0);
  const files = await readDirectory(zip);
  validateZipSizes(zip.length, files.unzippedBytes);
  if (files.entries === 0) fail('InvalidParameterValueException', 'Uploaded file must be a non-empty zip');
  const contents = findContentProblem(zip, files.list).then(
    (reason) => (reason ? problem('InvalidParameterValueException', `${UNZIP_FAILED} ${reason}`) : undefined),
    (error: Error) => problem('ServiceException', `The local endpoint could not check the zip: ${error.message}`, 500),
  );
  return { summary: { entries: files.entries, unzippedBytes: files.unzippedBytes }, contents };
}

interface Directory extends ZipSummary {
  readonly list: ZipFileEntry[];
}

/** The central directory: every entry's name checked as it comes, the files' places and sizes kept. */
function readDirectory(zip: Buffer): Promise<Directory> {
  return new Promise((resolve, reject) => {
    const stop = (reason: string, zipfile?: ZipFile) => {
      zipfile?.close();
      try { refuse(reason); } catch (problem) { reject(problem); }
    };
    fromBuffer(zip, { lazyEntries: true, validateEntrySizes: true }, (error, zipfile) => {
      if (error || !zipfile) return stop(`It is not a zip file (${error?.message ?? 'unreadable'}).`);
      const tree = new ZipEntryTree();
      const list: ZipFileEntry[] = [];
      let entries = 0;
      let unzippedBytes = 0;
      zipfile.on('error', (problem: Error) => stop(`${capitalise(problem.message)}.`, zipfile));
      zipfile.on('end', () => resolve({ entries, unzippedBytes, list }));
      zipfile.on('entry', (entry: Entry) => {
        try {
          entries += 1;
          const wrong = tree.add(entry.fileName) ?? fileProblem(entry);
          if (wrong) return stop(wrong, zipfile);
          if (!entry.fileName.endsWith('/')) {
            unzippedBytes += entry.uncompressedSize;
            list.push({
              name: entry.fileName, localHeaderOffset: entry.relativeOffsetOfLocalHeader, compressedSize: entry.compressedSize,
              size: entry.uncompressedSize, crc32: entry.crc32, method: entry.compressionMethod as 0 | 8,
            });
          }
          zipfile.readEntry();
        } catch (problem) {
          stop(`It could not be read (${(problem as Error).message}).`, zipfile);
        }
      });
      zipfile.readEntry();
    });
  });
}

function fileProblem(entry: Entry): string | undefined {
  const shown = JSON.stringify(entry.fileName);
  if (entry.isEncrypted()) return `The entry ${shown} is encrypted.`;
  if (entry.compressionMethod !== 0 && entry.compressionMethod !== 8) {
    return `The entry ${shown} uses compression method ${entry.compressionMethod}; use Deflate (8) or none (0).`;
  }
  return undefined;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
