// Checks that every file in a zip inflates to the size and CRC-32 its headers declare, without
// keeping what it inflates. A zip that lies about its sizes would otherwise be accepted and fail
// every later invoke. Inflating is CPU work (~100 ms for 20 MB here), so it runs on worker
// threads, in chunks sent while the directory is still being read: synchronous inflation of each
// entry (yauzl's streams cost ~5x more for thousands of small files), streamed for big ones so
// that memory stays bounded. The zip is shared with the workers, not copied. The pool starts on
// first use and never keeps the process alive.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';

export interface ZipFileEntry {
  readonly name: string;
  readonly localHeaderOffset: number;
  readonly compressedSize: number;
  readonly size: number;
  readonly crc32: number;
  /** 0 stored, 8 deflated (the only methods Lambda's packages use). */
  readonly method: 0 | 8;
}

// Plain CommonJS evaluated in the worker: no file to ship next to our bundles. Each answer is
// undefined (all good) or what is wrong with the first bad entry, in words.
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const { crc32, inflateRawSync, createInflateRaw } = require('node:zlib');
const WHOLE_MAX = 8 * 1024 * 1024;
const damaged = (error) => 'its compressed data is damaged (' + (error && error.message) + ')';
function dataOf(zip, entry) {
  const at = entry.localHeaderOffset;
  if (at + 30 > zip.length || zip.readUInt32LE(at) !== 0x04034b50) return 'its local header is missing';
  const start = at + 30 + zip.readUInt16LE(at + 26) + zip.readUInt16LE(at + 28);
  if (start + entry.compressedSize > zip.length) return 'its data runs past the end of the zip';
  return zip.subarray(start, start + entry.compressedSize);
}
function compare(entry, size, crc) {
  if (size !== entry.size) return 'it holds ' + size + ' bytes, not the ' + entry.size + ' its header declares';
  if (crc !== entry.crc32) return 'its CRC-32 does not match its content';
  return undefined;
}
function whole(data, entry) {
  let out;
  try {
    out = inflateRawSync(data, { maxOutputLength: entry.size + 1 });
  } catch (error) {
    if (error && error.code === 'ERR_BUFFER_TOO_LARGE') return 'it holds more than the ' + entry.size + ' bytes its header declares';
    return damaged(error);
  }
  return compare(entry, out.length, crc32(out));
}
function streamed(data, entry) {
  return new Promise((resolve) => {
    const inflate = createInflateRaw();
    let size = 0;
    let crc = 0;
    inflate.on('data', (chunk) => {
      size += chunk.length;
      crc = crc32(chunk, crc);
      if (size > entry.size) {
        inflate.destroy();
        resolve('it holds more than the ' + entry.size + ' bytes its header declares');
      }
    });
    inflate.on('error', (error) => resolve(damaged(error)));
    inflate.on('end', () => resolve(compare(entry, size, crc)));
    inflate.end(data);
  });
}
async function check(zip, entry) {
  const data = dataOf(zip, entry);
  if (typeof data === 'string') return data;
  if (entry.method === 0) return compare(entry, data.length, crc32(data));
  if (entry.size === 0 && data.length === 0) return undefined;
  return entry.size <= WHOLE_MAX ? whole(data, entry) : streamed(data, entry);
}
parentPort.on('message', async ({ id, zip, stop, entries }) => {
  const bytes = Buffer.from(zip);
  const stopped = new Int32Array(stop);
  let problem;
  try {
    for (const entry of entries) {
      if (Atomics.load(stopped, 0)) break;
      const found = await check(bytes, entry);
      if (found) { problem = 'The entry ' + JSON.stringify(entry.name) + ' cannot be unzipped: ' + found + '.'; break; }
    }
  } catch (error) {
    problem = 'The zip cannot be read: ' + (error && error.message) + '.';
  }
  parentPort.postMessage({ id, problem });
});
`;

/** About this much declared content (or this many entries) per message, so that the workers share the work evenly. */
const CHUNK_BYTES = 1024 * 1024;
const CHUNK_ENTRIES = 2048;

interface Job {
  resolve: (problem: string | undefined) => void;
  reject: (error: Error) => void;
}

let workers: Worker[] | undefined;
const jobs = new Map<number, Job>();
let nextId = 0;

function pool(): Worker[] {
  if (workers) return workers;
  const started = Array.from({ length: Math.max(1, Math.min(4, availableParallelism())) }, () => {
    const worker = new Worker(WORKER_SOURCE, { eval: true });
    worker.unref();
    worker.on('message', ({ id, problem }: { id: number; problem?: string }) => {
      const job = jobs.get(id);
      jobs.delete(id);
      if (jobs.size === 0) for (const w of started) w.unref();
      job?.resolve(problem);
    });
    // A worker that dies takes the pool with it: pending checks fail, the next one starts afresh.
    const lost = (error: Error) => {
      if (workers === started) workers = undefined;
      for (const w of started) void w.terminate();
      for (const [id, job] of jobs) {
        jobs.delete(id);
        job.reject(error);
      }
    };
    worker.on('error', lost);
    worker.on('exit', (code) =>
      lost(new Error(`a zip-checking worker stopped (exit code ${code})`)),
    );
    return worker;
  });
  workers = started;
  return started;
}

function run(
  worker: Worker,
  zip: SharedArrayBuffer,
  stop: SharedArrayBuffer,
  entries: ZipFileEntry[],
): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const id = nextId++;
    jobs.set(id, { resolve, reject });
    worker.ref();
    worker.postMessage({ id, zip, stop, entries });
  });
}

/**
 * One zip's content check. Entries are added as its directory is read and go to the workers in
 * chunks at once, so that inflating overlaps reading; the first problem (or cancel()) stops the rest.
 */
export class ContentCheck {
  private readonly zip: SharedArrayBuffer;
  /** Set to 1 to stop the workers before their next entry. */
  private readonly stop = new SharedArrayBuffer(4);
  private chunk: ZipFileEntry[] = [];
  private chunkBytes = 0;
  private readonly running: Promise<void>[] = [];
  private nextWorker = 0;
  private problem: string | undefined;
  private failure: Error | undefined;

  constructor(zip: Uint8Array) {
    this.zip = new SharedArrayBuffer(zip.length);
    new Uint8Array(this.zip).set(zip);
  }

  add(entry: ZipFileEntry): void {
    this.chunk.push(entry);
    this.chunkBytes += entry.size;
    if (this.chunkBytes >= CHUNK_BYTES || this.chunk.length >= CHUNK_ENTRIES) this.dispatch();
  }

  cancel(): void {
    Atomics.store(new Int32Array(this.stop), 0, 1);
  }

  /** What is wrong with the first entry whose content does not match its headers, or undefined. */
  async result(): Promise<string | undefined> {
    this.dispatch();
    await Promise.all(this.running);
    if (this.failure) throw this.failure;
    return this.problem;
  }

  private dispatch(): void {
    if (this.chunk.length === 0) return;
    const workers = pool();
    const worker = workers[this.nextWorker++ % workers.length]!;
    // Settled here, so that a check nobody awaits (its zip refused meanwhile) never rejects unhandled.
    this.running.push(
      run(worker, this.zip, this.stop, this.chunk).then(
        (found) => {
          if (found && this.problem === undefined) {
            this.problem = found;
            this.cancel();
          }
        },
        (error: Error) => {
          this.failure ??= error;
        },
      ),
    );
    this.chunk = [];
    this.chunkBytes = 0;
  }
}
