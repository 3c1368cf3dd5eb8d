// Runs inside the real extension host (as an extensionTestsPath module): Tail Logs on a local
// function that prints 100,000 lines, while a monitor of the extension host's event loop records
// its longest stall (the longest synchronous stretch: nothing else, a keystroke's completion or a
// hover, could run meanwhile). The same monitor over an idle stretch of the same length, with the
// document open, is the floor. Prints `BENCH …` lines that bench/liveLogsEditor.bench.mjs reads.
import { writeFileSync } from 'node:fs';
import * as inspector from 'node:inspector';
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import * as vscode from 'vscode';
import { CreateFunctionCommand, InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { zipSync } from 'fflate';
import type { LambdaLensApi } from '../../src/extension/main';

const NAME = 'chatty-editor';
const LINES = Number(process.env.BENCH_LOG_LINES ?? 100_000);
const RUNS = Number(process.env.BENCH_LOG_RUNS ?? 3);
// Lines written in blocks of 1,000, as a busy function's logger flushes them.
const CHATTY = `const fs = require('node:fs');
exports.handler = async ({ lines, run }) => {
  const block = [];
  for (let i = 0; i < lines; i++) {
    block.push('run ' + run + ' line ' + i + ' of the chatty function {"order":' + i + ',"ok":true}');
    if (block.length === 1000) { fs.writeSync(1, block.join('\\n') + '\\n'); block.length = 0; }
  }
  if (block.length) fs.writeSync(1, block.join('\\n') + '\\n');
  return lines;
};
`;

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Whether one of the document's last lines ends with `text` (cheap: no getText of the whole document). */
function endsWith(document: vscode.TextDocument, text: string): boolean {
  for (let i = Math.max(0, document.lineCount - 8); i < document.lineCount; i++)
    if (document.lineAt(i).text.includes(text)) return true;
  return false;
}

const GC_KINDS: Record<number, string> = {
  1: 'scavenge',
  2: 'minor mark-compact',
  4: 'mark-compact',
  8: 'incremental marking',
  16: 'weak callbacks',
};

/** The main thread's CPU time so far, in ms (Node 23.9+; the process's where older). */
function threadCpuMs(): number {
  const usage =
    (process as { threadCpuUsage?: () => NodeJS.CpuUsage }).threadCpuUsage?.() ??
    process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}

/**
 * The longest stretch between two turns of a 1 ms timer, in the extension host's own CPU time:
 * unlike the wall-clock stall, it does not grow when other processes of a shared machine take the
 * cores meanwhile, so that runs on a busy machine can still be compared.
 */
function cpuStalls(): () => number {
  let longest = 0;
  let lastCpu = threadCpuMs();
  let timer: ReturnType<typeof setTimeout>;
  const tick = () => {
    const cpu = threadCpuMs();
    longest = Math.max(longest, cpu - lastCpu);
    lastCpu = cpu;
    timer = setTimeout(tick, 1);
  };
  timer = setTimeout(tick, 1);
  return () => {
    clearTimeout(timer);
    return longest;
  };
}

function stalls(run: () => Promise<void>): Promise<{
  maxMs: number;
  cpuMaxMs: number;
  p99Ms: number;
  meanMs: number;
  gcMaxMs: number;
  gcMs: number;
  gcMaxKind: string;
}> {
  const histogram = monitorEventLoopDelay({ resolution: 5 });
  const cpu = cpuStalls();
  // Garbage collection pauses are part of a stall: their longest and their sum, to tell them apart.
  let gcMaxMs = 0;
  let gcMs = 0;
  let gcMaxKind = '';
  const gc = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      if (entry.duration > gcMaxMs)
        gcMaxKind =
          GC_KINDS[
            (entry as PerformanceEntry & { detail?: { kind?: number } }).detail?.kind ?? 0
          ] ?? 'other';
      gcMaxMs = Math.max(gcMaxMs, entry.duration);
      gcMs += entry.duration;
    }
  });
  gc.observe({ entryTypes: ['gc'] });
  histogram.enable();
  return run().then(() => {
    histogram.disable();
    gc.disconnect();
    const cpuMaxMs = cpu();
    // The histogram's values are the delays past the resolution, in nanoseconds.
    return {
      maxMs: histogram.max / 1e6,
      cpuMaxMs,
      p99Ms: histogram.percentile(99) / 1e6,
      meanMs: histogram.mean / 1e6,
      gcMaxMs,
      gcMs,
      gcMaxKind,
    };
  });
}

export async function run(): Promise<void> {
  const api = await vscode.extensions
    .getExtension<LambdaLensApi>('lambda-lens.lambda-lens')!
    .activate();
  const local = await api.localEndpoint.ensureStarted();
  const lambda = new LambdaClient({
    endpoint: local.url,
    region: local.region,
    credentials: local.credentials,
  });
  await lambda.send(
    new CreateFunctionCommand({
      FunctionName: NAME,
      Role: 'arn:aws:iam::123456789012:role/bench',
      Runtime: 'nodejs20.x',
      Handler: 'index.handler',
      Timeout: 300,
      MemorySize: 1024,
      Code: { ZipFile: zipSync({ 'index.js': new TextEncoder().encode(CHATTY) }) },
    }),
  );
  // A warm environment: the runs time the lines, not a cold start.
  await lambda.send(
    new InvokeCommand({
      FunctionName: NAME,
      Payload: Buffer.from(JSON.stringify({ lines: 1, run: -1 })),
    }),
  );
  const connection = api.activeConnection.all().find((c) => c.kind === 'local')!;
  await vscode.commands.executeCommand('lambdaLens.tailLogs', {
    connection,
    region: local.region,
    functionName: NAME,
  });
  const document = vscode.window.activeTextEditor!.document;
  for (
    const deadline = Date.now() + 30_000;
    !document.lineAt(0).text.includes('· Live Tail');
    await sleep(20)
  ) {
    if (Date.now() > deadline)
      throw new Error(`the follow did not start: ${document.lineAt(0).text}`);
  }
  const key = document.uri.toString();
  // BENCH_PROFILE=FILE: a CPU profile of the extension host over the runs, to see what a stall was.
  const session = new inspector.Session();
  session.connect();
  const post = (method: string) =>
    new Promise<{ profile?: object }>((resolve, reject) =>
      session.post(method, (e, v) => (e ? reject(e) : resolve(v as { profile?: object }))),
    );
  if (process.env.BENCH_PROFILE) {
    await post('Profiler.enable');
    // Finer than the default 1 ms, so that a stall's parts can be told apart.
    await new Promise<void>((resolve, reject) =>
      session.post('Profiler.setSamplingInterval', { interval: 250 }, (e) =>
        e ? reject(e) : resolve(),
      ),
    );
    await post('Profiler.start');
  }
  for (let r = 0; r < RUNS; r++) {
    const flushesBefore = api.logDocuments.flushes.get(key) ?? 0;
    let seconds = 0;
    const busy = await stalls(async () => {
      const started = performance.now();
      await lambda.send(
        new InvokeCommand({
          FunctionName: NAME,
          Payload: Buffer.from(JSON.stringify({ lines: LINES, run: r })),
        }),
      );
      const last = `run ${r} line ${LINES - 1} of the chatty function`;
      for (const deadline = Date.now() + 120_000; !endsWith(document, last); await sleep(20)) {
        if (Date.now() > deadline)
          throw new Error(
            `the last line did not arrive: ${document.lineAt(document.lineCount - 1).text}`,
          );
      }
      seconds = (performance.now() - started) / 1000;
    });
    const flushes = (api.logDocuments.flushes.get(key) ?? 0) - flushesBefore;
    // The floor: the same extension host, the same document open, no lines arriving, as long.
    const idle = await stalls(() => sleep(seconds * 1000));
    console.log(`BENCHGC run=${r} longest=${busy.gcMaxKind}`);
    console.log(
      `BENCH run=${r} maxMs=${busy.maxMs.toFixed(2)} p99Ms=${busy.p99Ms.toFixed(2)} meanMs=${busy.meanMs.toFixed(2)} idleMaxMs=${idle.maxMs.toFixed(2)} cpuMaxMs=${busy.cpuMaxMs.toFixed(2)} idleCpuMaxMs=${idle.cpuMaxMs.toFixed(2)} seconds=${seconds.toFixed(3)} gcMaxMs=${busy.gcMaxMs.toFixed(2)} gcMs=${busy.gcMs.toFixed(1)} flushes=${flushes} documentLines=${document.lineCount}`,
    );
  }
  if (process.env.BENCH_PROFILE)
    writeFileSync(process.env.BENCH_PROFILE, JSON.stringify((await post('Profiler.stop')).profile));
  session.disconnect();
  lambda.destroy();
}
