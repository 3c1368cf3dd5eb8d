// Checks a deployment package at CreateFunction and UpdateFunctionCode, as Lambda refuses one it
// cannot unpack: the zip must open (yauzl reads its central directory; names that are absolute or
// climb out with '..' are its errors too), its names must make one tree (core ZipEntryTree), it
// must fit the 50 MB and 250 MB limits by its declared sizes, and every file must inflate to what
// its headers declare (zipContents.ts). Refusals carry AWS's own message, then the reason.
import { Readable } from 'node:stream';
import { fromRandomAccessReader, RandomAccessReader, type Entry, type ZipFile } from 'yauzl';
import { ApiError, fail, problem, type ApiProblem } from '../../core/apiProblem';
import { ZipEntryTree } from '../../core/deploy/zipEntryTree';
import { validateZipSizes } from '../../core/validation';
import { ContentCheck } from './zipContents';

const UNZIP_FAILED =
  'Could not unzip uploaded file. Please check your file, then try to upload again.';

interface ZipSummary {
  readonly entries: number;
  readonly unzippedBytes: number;
}

export interface ZipCheck {
  /** The content check, on worker threads: settles to the refusal, or undefined; never rejects. */
  readonly contents: Promise<ApiProblem | undefined>;
}

/** AWS's message, then why (except for bytes that are no zip at all, where AWS's says it all). */
const unzippable = (reason?: string): ApiProblem =>
  problem('InvalidParameterValueException', reason ? `${UNZIP_FAILED} ${reason}` : UNZIP_FAILED);

/**
 * Checks the zip's directory now (refusing it by throwing), and starts the content check, so
 * that the caller can store the zip while the workers inflate it.
 */
export async function startZipCheck(zip: Buffer): Promise<ZipCheck> {
  validateZipSizes(zip.length, 0);
  const check = new ContentCheck(zip);
  let summary: ZipSummary;
  try {
    summary = await readDirectory(zip, check);
    if (summary.entries === 0)
      fail('InvalidParameterValueException', 'Uploaded file must be a non-empty zip');
  } catch (error) {
    check.cancel();
    throw error;
  }
  const contents = check.result().then(
    (reason) => (reason ? unzippable(reason) : undefined),
    (error: Error) =>
      problem(
        'ServiceException',
        `The local endpoint could not check the zip: ${error.message}`,
        500,
      ),
  );
  return { contents };
}

/**
 * yauzl's own buffer reader answers every read on a later turn of the event loop, two per entry:
 * 5,000 entries took 100-170 ms in a busy endpoint. This one answers at once.
 */
class BufferReader extends RandomAccessReader {
  constructor(private readonly bytes: Buffer) {
    super();
  }

  override _readStreamForRange(start: number, end: number): Readable {
    return Readable.from([this.bytes.subarray(start, end)]);
  }

  override read(
    buffer: Buffer,
    offset: number,
    length: number,
    position: number,
    callback: (err: Error | null, bytesRead?: number) => void,
  ): void {
    const end = Math.min(position + length, this.bytes.length);
    callback(null, end > position ? this.bytes.copy(buffer, offset, position, end) : 0);
  }

  override close(callback: (err: Error | null) => void): void {
    callback(null);
  }
}

/**
 * The central directory: every entry's name checked as it comes, and each file handed to the
 * content check; refused as soon as the declared sizes pass the 250 MB limit. Entries are read
 * synchronously, with a turn of the event loop every 256 (a short stack, other requests served).
 */
function readDirectory(zip: Buffer, contents: ContentCheck): Promise<ZipSummary> {
  return new Promise((resolve, reject) => {
    const tree = new ZipEntryTree();
    let zipfile: ZipFile | undefined;
    let entries = 0;
    let unzippedBytes = 0;
    let refused = false;
    const give = (error: unknown) => {
      refused = true;
      zipfile?.close();
      reject(
        error instanceof ApiError
          ? error
          : new ApiError(unzippable(`It could not be read (${(error as Error).message}).`)),
      );
    };
    const next = () => {
      if (refused) return;
      try {
        zipfile!.readEntry();
      } catch (error) {
        give(error);
      }
    };
    const onEntry = (entry: Entry) => {
      entries += 1;
      const wrong = tree.add(entry.fileName) ?? fileProblem(entry);
      if (wrong) return give(new ApiError(unzippable(wrong)));
      if (!entry.fileName.endsWith('/')) {
        unzippedBytes += entry.uncompressedSize;
        validateZipSizes(zip.length, unzippedBytes);
        contents.add({
          name: entry.fileName,
          localHeaderOffset: entry.relativeOffsetOfLocalHeader,
          compressedSize: entry.compressedSize,
          size: entry.uncompressedSize,
          crc32: entry.crc32,
          method: entry.compressionMethod as 0 | 8,
        });
      }
      if (entries % 256 === 0) setImmediate(next);
      else next();
    };
    fromRandomAccessReader(
      new BufferReader(zip),
      zip.length,
      { lazyEntries: true, validateEntrySizes: true },
      (error, opened) => {
        if (error || !opened) return give(new ApiError(unzippable()));
        zipfile = opened;
        zipfile.on('error', (problem: Error) =>
          give(new ApiError(unzippable(`${capitalise(problem.message)}.`))),
        );
        zipfile.on('end', () => resolve({ entries, unzippedBytes }));
        zipfile.on('entry', (entry: Entry) => {
          try {
            onEntry(entry);
          } catch (problem) {
            give(problem);
          }
        });
        next();
      },
    );
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
