// A log document's follow in a worker thread of the extension host (its entry: followThread.ts,
// bundled as dist/followWorker.js). Following 100,000 events in the main thread allocated ~185 MB
// there (the SDK decoding the Live Tail stream ~150 MB, the formatting ~35 MB, against ~10 MB for
// the document's redraws), and its collections paused the editor's extension host for up to 90 ms;
// the worker collects that garbage on its own heap and posts the formatted lines. Ending the
// follow (the document closed, the extension stopped) ends the thread.
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { ConnectionTarget, FollowMode } from '../../cloud';

/** What the worker is started with: plain data only (a credential provider, a function, cannot cross). */
export interface FollowRequest {
  readonly target: ConnectionTarget;
  readonly logGroupName: string;
  readonly fromLocalEndpoint: boolean;
}

/** What the worker posts. */
export type FollowReport =
  | { readonly kind: 'lines'; readonly lines: string[] }
  | { readonly kind: 'mode'; readonly mode: FollowMode }
  | { readonly kind: 'notice'; readonly text: string }
  | { readonly kind: 'failed'; readonly message: string }
  | { readonly kind: 'ended' };

/** What the main thread posts: lines received (the worker holds the follow when they pile up), or stop. */
export type FollowControl =
  { readonly kind: 'received'; readonly count: number } | { readonly kind: 'stop' };

/** How long a stopped follow may take to close its connection before its thread is ended. */
export const STOP_GRACE_MS = 2000;

/** The worker's script: the bundle beside this one (dist/followWorker.js). */
const FOLLOW_WORKER_ENTRY = join(__dirname, 'followWorker.js');

export interface FollowHandlers {
  /** Events formatted as document lines (core/logs/documentLine.ts), in the follow's order. */
  readonly onLines: (lines: string[]) => void;
  readonly onMode: (mode: FollowMode) => void;
  readonly onNotice: (text: string) => void;
}

/** The worker of a follow, while it runs: its thread's id, and whether it has exited. */
export interface FollowThread {
  readonly threadId: number;
  readonly running: boolean;
}

export interface FollowInWorkerOptions {
  /** Told the thread as soon as it is started. */
  readonly started?: (thread: FollowThread) => void;
  /**
   * The worker's script, dist/followWorker.js unless given: a caller outside the bundles (a test
   * run from the sources) names the built one.
   */
  readonly entry?: string;
}

/**
 * Whether the follow runs in a worker: when the request can be posted to one (structured clone:
 * no functions), and LAMBDA_LENS_FOLLOW_IN_THREAD is not set (it keeps the follow in the main
 * thread, to compare the two or to rule the worker out).
 */
export function followsInWorker(request: FollowRequest): boolean {
  if (process.env.LAMBDA_LENS_FOLLOW_IN_THREAD) return false;
  try {
    structuredClone(request);
    return true;
  } catch {
    return false;
  }
}

/**
 * Follows in a worker until `signal` aborts (resolves) or the follow fails (rejects with its
 * message, as the follow in this thread would have said it).
 */
export function followInWorker(
  request: FollowRequest,
  handlers: FollowHandlers,
  signal: AbortSignal,
  options: FollowInWorkerOptions = {},
): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (signal.aborted) return resolve();
    const worker = new Worker(options.entry ?? FOLLOW_WORKER_ENTRY, { workerData: request });
    let running = true;
    options.started?.({
      threadId: worker.threadId,
      get running() {
        return running;
      },
    });
    // Stopped as the follow in this thread was, by its abort signal: its request ends and the
    // endpoint hears of it; only a follow that does not end by then is cut off with its thread.
    const stop = () => {
      worker.postMessage({ kind: 'stop' } satisfies FollowControl);
      setTimeout(() => void worker.terminate(), STOP_GRACE_MS).unref();
    };
    let settled = false;
    const settle = (error?: Error) => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', stop);
      // The follow is over: its thread goes, with the SDK's idle connections.
      if (running) void worker.terminate();
      if (error && !signal.aborted) reject(error);
      else resolve();
    };
    signal.addEventListener('abort', stop, { once: true });
    worker.on('message', (report: FollowReport) => {
      switch (report.kind) {
        case 'lines':
          worker.postMessage({
            kind: 'received',
            count: report.lines.length,
          } satisfies FollowControl);
          handlers.onLines(report.lines);
          return;
        case 'mode':
          return handlers.onMode(report.mode);
        case 'notice':
          return handlers.onNotice(report.text);
        case 'failed':
          return settle(new Error(report.message));
        case 'ended':
          return settle();
      }
    });
    worker.on('error', (error) => settle(error));
    worker.on('exit', (code) => {
      running = false;
      settle(
        signal.aborted ? undefined : new Error(`the log follow's thread ended (exit code ${code})`),
      );
    });
  });
}
