// Reading and deflating many files is CPU work that a single thread does at ~20 MB/s here, and
// libuv's async zlib pays a stream set-up per call that costs more than small files themselves
// (5,000 small deflateRaw calls at once took 11 s on a 2-core machine). So files are handed, in
// chunks, to worker threads that read, CRC and deflate them synchronously and transfer the bytes
// back. The pool is created on first use, kept for later deploys, and never keeps the process alive.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';

export interface CompressJob {
  readonly file: string;
  /** Already-compressed format: store as is. */
  readonly store: boolean;
}

export type CompressOutcome =
  | {
      readonly crc: number;
      readonly size: number;
      readonly method: 0 | 8;
      readonly data: Uint8Array;
    }
  | { readonly error: { readonly code?: string; readonly message: string } };

// Plain CommonJS evaluated in the worker: no file to ship next to our bundles.
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const { readFileSync } = require('node:fs');
const { crc32, deflateRawSync } = require('node:zlib');
parentPort.on('message', ({ id, jobs, level }) => {
  const results = [];
  const transfer = [];
  for (const job of jobs) {
    try {
      const raw = readFileSync(job.file);
      let data = raw;
      let method = 0;
      if (raw.length > 0 && !job.store) {
        const deflated = deflateRawSync(raw, { level });
        if (deflated.length < raw.length) { data = deflated; method = 8; }
      }
      const owned = new Uint8Array(data.length);
      owned.set(data);
      results.push({ crc: crc32(raw), size: raw.length, method, data: owned });
      transfer.push(owned.buffer);
    } catch (error) {
      results.push({ error: { code: error && error.code, message: String(error && error.message) } });
    }
  }
  parentPort.postMessage({ id, results }, transfer);
});
`;

interface PoolWorker {
  readonly worker: Worker;
  busy: boolean;
}

let pool: PoolWorker[] | undefined;
let nextId = 0;
const pending = new Map<
  number,
  { resolve: (r: CompressOutcome[]) => void; reject: (e: Error) => void; owner: PoolWorker }
>();

function workerCount(): number {
  return Math.max(2, Math.min(4, availableParallelism()));
}

function createPool(): PoolWorker[] {
  return Array.from({ length: workerCount() }, () => {
    const worker = new Worker(WORKER_SOURCE, { eval: true });
    worker.unref();
    const entry: PoolWorker = { worker, busy: false };
    worker.on('message', ({ id, results }: { id: number; results: CompressOutcome[] }) => {
      const job = pending.get(id);
      pending.delete(id);
      entry.busy = false;
      if (pending.size === 0) for (const w of pool ?? []) w.worker.unref();
      job?.resolve(results);
    });
    worker.on('error', (error) => failWorker(entry, error));
    worker.on('exit', (code) =>
      failWorker(entry, new Error(`a compression worker stopped (exit code ${code})`)),
    );
    return entry;
  });
}

function failWorker(entry: PoolWorker, error: Error): void {
  for (const [id, job] of pending) {
    if (job.owner === entry) {
      pending.delete(id);
      job.reject(error);
    }
  }
  pool = pool?.filter((w) => w !== entry);
  if (pool?.length === 0) pool = undefined;
}

/** Compresses chunks of files on the pool; `onChunk` sees each chunk's results as they arrive, in any order. */
export async function compressOnPool(
  chunks: readonly CompressJob[][],
  level: number,
  onChunk: (index: number, results: CompressOutcome[]) => void,
  signal?: AbortSignal,
): Promise<void> {
  pool ??= createPool();
  const workers = pool;
  let next = 0;
  const runOn = async (entry: PoolWorker): Promise<void> => {
    while (next < chunks.length) {
      signal?.throwIfAborted();
      const index = next++;
      const id = nextId++;
      entry.busy = true;
      entry.worker.ref(); // keep the process alive only while work is in flight
      const results = await new Promise<CompressOutcome[]>((resolve, reject) => {
        pending.set(id, { resolve, reject, owner: entry });
        entry.worker.postMessage({ id, jobs: chunks[index], level });
      });
      onChunk(index, results);
    }
  };
  await Promise.all(workers.map(runOn));
}

/** Stops the pool (tests and benchmarks that want a clean exit at once). */
export async function closeCompressionPool(): Promise<void> {
  const workers = pool ?? [];
  pool = undefined;
  await Promise.all(workers.map((w) => w.worker.terminate()));
}
