// Checks that every file in a zip inflates to the size and CRC-32 its headers declare, without
// keeping what it inflates. A zip that lies about its sizes would otherwise be accepted and fail
// every later invoke. Inflating is CPU work (~100 ms for 20 MB here), so it runs on worker
// threads, in chunks: synchronous inflation of each entry (yauzl's streams cost ~5x more for
// thousands of small files), streamed for big ones so that memory stays bounded. The zip is
// shared with the workers, not copied. The pool starts on first use and never keeps the process alive.
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
parentPort.on('message', async ({ id, zip, entries }) => {
  const bytes = Buffer.from(zip);
  let problem;
  try {
    for (const entry of entries) {
      const found = await check(bytes, entry);
      if (found) { problem = 'The entry ' + JSON.stringify(entry.name) + ' cannot be unzipped: ' + found + '.'; break; }
    }
  } catch (error) {
    problem = 'The zip cannot be read: ' + (error && error.message) + '.';
  }
  parentPort.postMessage({ id, problem });
});
`;

/** About this much declared content per message, so that the workers share the work evenly. */
const CHUNK_BYTES = 1024 * 1024;

interface Job { resolve: (problem: string | undefined) => void; reject: (error: Error) => void }

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
    worker.on('exit', (code) => lost(new Error(`a zip-checking worker stopped (exit code ${code})`)));
    return worker;
  });
  workers = started;
  return started;
}

function run(worker: Worker, zip: SharedArrayBuffer, entries: ZipFileEntry[]): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const id = nextId++;
    jobs.set(id, { resolve, reject });
    worker.ref();
    worker.postMessage({ id, zip, entries });
  });
}

/** What is wrong with the first entry whose content does not match its headers, or undefined. */
export async function findContentProblem(zip: Uint8Array, entries: readonly ZipFileEntry[]): Promise<string | undefined> {
  if (entries.length === 0) return undefined;
  const shared = new SharedArrayBuffer(zip.length);
  new Uint8Array(shared).set(zip);
  const chunks: ZipFileEntry[][] = [];
  let chunk: ZipFileEntry[] = [];
  let chunkBytes = 0;
  for (const entry of entries) {
    chunk.push(entry);
    chunkBytes += entry.size;
    if (chunkBytes >= CHUNK_BYTES) {
      chunks.push(chunk);
      chunk = [];
      chunkBytes = 0;
    }
  }
  if (chunk.length) chunks.push(chunk);
  // Each worker takes the next chunk when it finishes one; the first problem stops them all.
  let next = 0;
  let problem: string | undefined;
  await Promise.all(pool().map(async (worker) => {
    while (problem === undefined && next < chunks.length) {
      const found = await run(worker, shared, chunks[next++]!);
      problem ??= found;
    }
  }));
  return problem;
}
