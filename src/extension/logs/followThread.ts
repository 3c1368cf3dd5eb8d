// The entry of the worker thread a log document's follow runs in (dist/followWorker.js, started by
// followWorker.ts): it loads the cloud bundle itself, follows (cloud/logs/followLogs.ts: Live Tail,
// else polling) and posts the extension host's main thread only what the document shows: each
// event already formatted as its document line, the mode, notices, a failure, the end. The SDK's
// decoding of the event stream and the formatting allocate ~185 MB per 100,000 events; here that
// garbage is collected on this thread's heap, not in the pauses of the editor's extension host.
import { join } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import type * as Cloud from '../../cloud';
import { eventLine, TimeText } from '../../core/logs/documentLine';
import { errorMessage } from '../../core/errorMessage';
import { runThisThreadBelowEditor } from '../backgroundPriority';
import type { FollowReport, FollowRequest, FollowControl } from './followWorker';

/** Lines posted and not yet received by the main thread, past which the follow waits (as a slow reader holds it). */
const UNACKED_MAX = 50_000;

const port = parentPort!;
const request = workerData as FollowRequest;
const post = (report: FollowReport) => port.postMessage(report);

const stopped = new AbortController();
let unacked = 0;
let resume: (() => void) | undefined;
port.on('message', (control: FollowControl) => {
  if (control.kind === 'stop') {
    stopped.abort();
    resume?.();
    return;
  }
  unacked -= control.count;
  if (unacked <= UNACKED_MAX / 2) {
    resume?.();
    resume = undefined;
  }
});

async function follow(): Promise<void> {
  // The decoding must not take a core from the main thread when the machine is busy (Linux).
  runThisThreadBelowEditor();
  // A computed path: the cloud bundle is dist/cloud.js, beside this one, not a copy inside it.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const cloud = require(join(__dirname, 'cloud.js')) as typeof Cloud;
  const times = new TimeText();
  await cloud.followLogs({
    logs: cloud.logsClientFor(request.target),
    logGroupName: request.logGroupName,
    fromLocalEndpoint: request.fromLocalEndpoint,
    signal: stopped.signal,
    onLines: (events) => {
      const lines = new Array<string>(events.length);
      for (let i = 0; i < events.length; i++) lines[i] = eventLine(times, events[i]!);
      post({ kind: 'lines', lines });
      unacked += lines.length;
      if (unacked <= UNACKED_MAX) return undefined;
      return new Promise<void>((r) => (resume = r));
    },
    onMode: (mode) => post({ kind: 'mode', mode }),
    onNotice: (text) => post({ kind: 'notice', text }),
  });
}

// Stopped or not, the main thread ends this thread once it has heard how the follow ended.
follow().then(
  () => post({ kind: 'ended' }),
  (error: unknown) => post({ kind: 'failed', message: errorMessage(error) }),
);
