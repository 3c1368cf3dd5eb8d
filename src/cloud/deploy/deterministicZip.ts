// A deterministic zip writer over node's zlib: entries in the given (sorted) order, one fixed
// timestamp, Unix modes, no extra fields, so the same files always give the same bytes.
// Why not yazl: on 5,000 files it spends ~2 s in per-entry stream overhead before compressing
// anything (docs/ARCHITECTURE.md has the figures). Here files are read and deflated in chunks on
// worker threads (compressionPool.ts), and the zip is assembled in order at the end.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { crc32, deflateRawSync } from 'node:zlib';
import { ZIP_DOS_DATE, ZIP_DOS_TIME, isStoredUncompressed } from '../../core/deploy/zipRules';
import { compressOnPool } from './compressionPool';

export interface ZipSource {
  /** Path inside the zip, forward slashes, no leading slash. */
  readonly path: string;
  /** 0o755 or 0o644 (see zipEntryMode). */
  readonly mode: number;
  /** The content in memory, or the file that holds it. */
  readonly content: Uint8Array | { readonly file: string };
}

export interface ZipResult {
  readonly zip: Buffer;
  /** Base64 SHA-256 of the zip, as Lambda's CodeSha256. */
  readonly sha256: string;
  readonly unzippedBytes: number;
  readonly entries: number;
}

export interface ZipOptions {
  readonly level?: number;
  readonly signal?: AbortSignal;
  /** Called as entries finish: (done, total, bytes read so far). */
  readonly onEntry?: (done: number, total: number, bytes: number) => void;
  /** The error to throw when a file cannot be read (error code and message, zip path). */
  readonly readError?: (error: { code?: string; message: string }, path: string) => Error;
  /** Total bytes of the files (from their stats), to choose this thread or the worker threads. */
  readonly sizeHint?: number;
}

interface Compressed {
  readonly name: Buffer;
  readonly crc: number;
  readonly size: number;
  readonly method: 0 | 8;
  readonly data: Uint8Array;
}

const UTF8_FLAG = 0x0800;
const VERSION_NEEDED = 20;
const MADE_BY_UNIX = (3 << 8) | VERSION_NEEDED;
// Below these, worker threads cost more (start-up, messages) than they save.
const INLINE_BELOW_FILES = 64;
const INLINE_BELOW_BYTES = 1024 * 1024;
const CHUNK_FILES = 48;
// zlib level 5: on node_modules-like text it is within 0.1% of level 6's size at about two thirds
// of the time (level 6 searches match chains four times as long); with no per-entry extra fields
// our zips stay smaller than `zip -6`'s (docs/ARCHITECTURE.md has the figures).
const DEFAULT_LEVEL = 5;

function compressInline(raw: Uint8Array, path: string, level: number): Omit<Compressed, 'name'> {
  let data: Uint8Array = raw;
  let method: 0 | 8 = 0;
  if (raw.length > 0 && !isStoredUncompressed(path)) {
    const deflated = deflateRawSync(raw, { level });
    if (deflated.length < raw.length) {
      data = deflated;
      method = 8;
    }
  }
  return { crc: crc32(raw), size: raw.length, method, data };
}

/** Writes the sources, in the order given, into one zip held in memory. */
export async function writeDeterministicZip(
  sources: readonly ZipSource[],
  options: ZipOptions = {},
): Promise<ZipResult> {
  const level = options.level ?? DEFAULT_LEVEL;
  const results: Compressed[] = new Array(sources.length);
  const readError =
    options.readError ?? ((e, path) => new Error(`Cannot read ${path}: ${e.message}`));
  let done = 0;
  let bytes = 0;
  const finished = (index: number, value: Omit<Compressed, 'name'>) => {
    results[index] = { ...value, name: Buffer.from(sources[index]!.path, 'utf8') };
    done += 1;
    bytes += value.size;
  };
  const files: number[] = [];
  sources.forEach((source, index) => {
    if (source.content instanceof Uint8Array)
      finished(index, compressInline(source.content, source.path, level));
    else files.push(index);
  });
  const fileOf = (index: number) => (sources[index]!.content as { file: string }).file;
  if (files.length < INLINE_BELOW_FILES || (options.sizeHint ?? Infinity) < INLINE_BELOW_BYTES) {
    for (const index of files) {
      options.signal?.throwIfAborted();
      let raw: Buffer;
      try {
        raw = readFileSync(fileOf(index));
      } catch (error) {
        throw readError(error as { code?: string; message: string }, sources[index]!.path);
      }
      finished(index, compressInline(raw, sources[index]!.path, level));
    }
  } else {
    const chunks: number[][] = [];
    for (let i = 0; i < files.length; i += CHUNK_FILES)
      chunks.push(files.slice(i, i + CHUNK_FILES));
    let failure: Error | undefined;
    await compressOnPool(
      chunks.map((chunk) =>
        chunk.map((i) => ({ file: fileOf(i), store: isStoredUncompressed(sources[i]!.path) })),
      ),
      level,
      (chunkIndex, outcomes) => {
        outcomes.forEach((outcome, k) => {
          const index = chunks[chunkIndex]![k]!;
          if ('error' in outcome) failure ??= readError(outcome.error, sources[index]!.path);
          else finished(index, outcome);
        });
        options.onEntry?.(done, sources.length, bytes);
      },
      options.signal,
    );
    if (failure) throw failure;
  }
  options.signal?.throwIfAborted();
  options.onEntry?.(done, sources.length, bytes);
  return assemble(results, sources);
}

/** The 24 bytes a local file header and its central directory entry share, from version needed to name length. */
function writeEntryFields(zip: Buffer, e: Compressed, at: number): void {
  zip.writeUInt16LE(VERSION_NEEDED, at);
  zip.writeUInt16LE(UTF8_FLAG, at + 2);
  zip.writeUInt16LE(e.method, at + 4);
  zip.writeUInt16LE(ZIP_DOS_TIME, at + 6);
  zip.writeUInt16LE(ZIP_DOS_DATE, at + 8);
  zip.writeUInt32LE(e.crc, at + 10);
  zip.writeUInt32LE(e.data.length, at + 14);
  zip.writeUInt32LE(e.size, at + 18);
  zip.writeUInt16LE(e.name.length, at + 22);
}

function assemble(entries: readonly Compressed[], sources: readonly ZipSource[]): ZipResult {
  let total = 22;
  for (const e of entries) total += 30 + 46 + 2 * e.name.length + e.data.length;
  if (total > 0xffffffff)
    throw new Error('The zip would exceed 4 GB, which this writer does not support.');
  const zip = Buffer.allocUnsafe(total);
  const offsets: number[] = [];
  let at = 0;
  let unzippedBytes = 0;
  for (const e of entries) {
    offsets.push(at);
    zip.writeUInt32LE(0x04034b50, at);
    writeEntryFields(zip, e, at + 4);
    zip.writeUInt16LE(0, at + 28);
    e.name.copy(zip, at + 30);
    at += 30 + e.name.length;
    zip.set(e.data, at);
    at += e.data.length;
    unzippedBytes += e.size;
  }
  const directoryStart = at;
  entries.forEach((e, i) => {
    zip.writeUInt32LE(0x02014b50, at);
    zip.writeUInt16LE(MADE_BY_UNIX, at + 4);
    writeEntryFields(zip, e, at + 6);
    zip.writeUInt16LE(0, at + 30); // extra
    zip.writeUInt16LE(0, at + 32); // comment
    zip.writeUInt16LE(0, at + 34); // disk
    zip.writeUInt16LE(0, at + 36); // internal attributes
    zip.writeUInt32LE(((0o100000 | sources[i]!.mode) << 16) >>> 0, at + 38); // regular file + mode
    zip.writeUInt32LE(offsets[i]!, at + 42);
    e.name.copy(zip, at + 46);
    at += 46 + e.name.length;
  });
  const directorySize = at - directoryStart;
  zip.writeUInt32LE(0x06054b50, at);
  zip.writeUInt16LE(0, at + 4);
  zip.writeUInt16LE(0, at + 6);
  zip.writeUInt16LE(entries.length, at + 8);
  zip.writeUInt16LE(entries.length, at + 10);
  zip.writeUInt32LE(directorySize, at + 12);
  zip.writeUInt32LE(directoryStart, at + 16);
  zip.writeUInt16LE(0, at + 20);
  const sha256 = createHash('sha256').update(zip).digest('base64');
  return { zip, sha256, unzippedBytes, entries: entries.length };
}
