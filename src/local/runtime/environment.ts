// One execution environment: a real process running the function's runtime, talking to its own
// Runtime API. It starts cold (spawn, then init until the first /next), serves one invocation at
// a time, and is killed on time-out, on running out of memory, or when it retires.
import type { ChildProcess } from 'node:child_process';
import type { Socket } from 'node:net';
import { randomBytes } from 'node:crypto';
import { accessSync, closeSync, constants, existsSync, openSync, readSync } from 'node:fs';
import { join } from 'node:path';
import { OutputLines } from '../../core/logs/outputLines';
import { SYNC_PAYLOAD_MAX_BYTES } from '../../core/limits';
import {
  RuntimeApi,
  type PendingInvocation,
  type RuntimeOutcome,
  type RuntimeStream,
} from './runtimeApi';
import { RUNTIME_CHANNEL_FD } from './runtimeChannel';
import { TreeMemory } from './memory';
import type { SpareProcess } from './spareProcess';
import type { ProcessContainment } from '../os/processContainment';
import type { CpuShare, EnvironmentThrottle } from '../os/cpuShare';

/** Run at Lambda's CPU share for this memory, given as `share` says (os/cpuShare.ts). */
export interface CpuShareRequest {
  readonly share: CpuShare;
  readonly memoryMB: number;
}
import type { CpuShareOutcome } from '../../core/invoke/cpuShare';

export type InvokeOutcome =
  | RuntimeOutcome
  | { kind: 'timeout' }
  | { kind: 'outOfMemory' }
  /** `undelivered`: the runtime exited before it asked for this invocation (it never ran). */
  | { kind: 'exit'; code: number | null; signal: NodeJS.Signals | null; undelivered?: boolean };

/**
 * A failed init carries either the error document the runtime posted to /init/error (`body`) or,
 * when the platform itself saw the failure (exit, missing bootstrap, time-out), `platformMessage`,
 * which Lambda answers as "RequestId: … Error: <message>".
 */
export type InitFailure = {
  ok: false;
  initDurationMs: number;
  errorType: string;
  body: Buffer;
  platformMessage?: string;
};
export type InitResult = { ok: true; initDurationMs: number } | InitFailure;

export interface LaunchSpec {
  readonly command: string;
  readonly args: readonly string[];
  readonly env: Record<string, string>;
  readonly cwd: string;
  readonly memoryLimitBytes: number;
  /** Our own bootstraps: they also get the Runtime API over a socket pair (runtimeChannel.ts). */
  readonly runtimeChannel: boolean;
  /** A debug environment: its runtime's debugger listens on 127.0.0.1:port and waits for one to attach. */
  readonly debug?: { readonly port: number; readonly attachWaitSeconds: number };
}

const MEMORY_POLL_MS = 25;
const OUTPUT_PER_TURN = 256 * 1024;
/** V8's and Python's words when they run out of memory, looked for at the start of the last lines. */
const OUT_OF_MEMORY = /JavaScript heap out of memory|MemoryError/;
const LAST_LINE_CHARS = 512;
/**
 * What a debug environment's runtime prints on stderr when a debugger attaches: Node's inspector
 * itself, and our Python bootstrap after debugpy's wait_for_client(). It can be trusted: until a
 * debugger attached, only the runtime and our bootstrap have run, never the function's code.
 */
const DEBUGGER_ATTACHED = 'Debugger attached.';

/** 32 hex digits, as in the environment's log stream name. */
export function newEnvironmentId(): string {
  return randomBytes(16).toString('hex');
}

export class Environment {
  private process: ChildProcess | undefined;
  private readonly api: RuntimeApi;
  private started = 0;
  private initResolve: ((result: InitResult) => void) | undefined;
  private outcomeResolve: ((outcome: InvokeOutcome) => void) | undefined;
  private exited = false;
  /** kill() ran: the runtime and what it started are gone. */
  private stopped = false;
  /** Each pipe's line under way: at most Lambda's line limit is held (longer lines are cut). */
  private readonly stdoutLines = new OutputLines();
  private readonly stderrLines = new OutputLines();
  /**
   * Output handled since the pipes last paused. Past OUTPUT_PER_TURN they pause until the event
   * loop comes round, so that the endpoint answers requests between a chatty function's chunks
   * (libuv would otherwise read up to 2 MB of a busy pipe before it looks at anything else).
   */
  private outputThisTurn = 0;
  private pipesPaused = false;
  /** Called when the invocation under way reaches the runtime (its START line is written then). */
  private onDelivered: (() => void) | undefined;
  /** Called when the runtime begins to stream the response of the invocation under way. */
  private onStream: ((stream: RuntimeStream) => void) | undefined;
  /** A streamed response nobody reads as a stream, gathered for the buffered answer. */
  private collected: Promise<{ body?: Buffer; size: number }> | undefined;
  /** Set once init finished; every invocation after the first is warm. */
  initDurationMs: number | undefined;
  /** The highest memory seen (Lambda's Max Memory Used is the environment's peak, not the invocation's). */
  private peakBytes = 0;
  private memory: TreeMemory | undefined;
  /** A debug environment's wait for its debugger, until one attaches. */
  private attachTimer: NodeJS.Timeout | undefined;
  /** A debug environment's runtime said "Debugger attached." (see output()). */
  private debuggerAttached = false;
  /** Made the first time an invocation asks for the CPU share (none otherwise: no cost when off). */
  private throttle: EnvironmentThrottle | undefined;

  /**
   * `onOutput` gets the function's output as log messages, a chunk's lines at a time, as it
   * arrives: the next chunk is read from the pipe only after it returns, so a function that
   * prints faster than they are stored waits in its write (the pipe is the only buffer).
   * `log` is the endpoint's own log (e.g. a refused Runtime API connection).
   */
  constructor(
    readonly id: string,
    private readonly spec: LaunchSpec,
    private readonly onOutput: (messages: readonly string[]) => void,
    private readonly containment: ProcessContainment,
    private readonly log: (line: string) => void = () => {},
  ) {
    this.api = new RuntimeApi({
      onNext: () => {
        this.initResolve?.({ ok: true, initDurationMs: performance.now() - this.started });
        // A queued invocation is handed over right after this.
        if (this.onDelivered && this.api.undelivered) this.delivered();
      },
      onOutcome: (_id, outcome) => this.outcomeResolve?.(outcome),
      onStreamStart: (_id, stream) => {
        const onStream = this.onStream;
        this.onStream = undefined;
        // Nobody asked for a stream (a plain Invoke): its bytes are collected and answered whole,
        // within the 6 MB of a buffered response, as Lambda answers Invoke of a streaming function.
        if (onStream) onStream(stream);
        else this.collected = collect(stream.chunks);
      },
      onInitError: (body, errorType) =>
        this.initResolve?.({
          ok: false,
          initDurationMs: performance.now() - this.started,
          errorType: errorType ?? errorTypeOf(body) ?? 'Runtime.Unknown',
          body,
        }),
    });
  }

  get alive(): boolean {
    return !this.exited;
  }

  /**
   * Starts the runtime and waits for init: until its first /next, an init error, or its exit. With
   * a spare process (Node.js), the process already runs and is handed its environment instead.
   */
  async start(
    initTimeoutMs: number,
    spare?: SpareProcess,
    cpuShare?: CpuShareRequest,
  ): Promise<InitResult> {
    const runtimeApi = await this.api.listen({
      rootPid: () => this.process?.pid,
      log: this.log,
      label: `${this.spec.env.AWS_LAMBDA_FUNCTION_NAME} (environment ${this.id})`,
    });
    // Stopped before its runtime existed (the endpoint closing, a debug invocation's caller gone): start nothing.
    if (this.stopped) {
      spare?.kill();
      return this.failInit('Runtime.ExitError', describeExit(null, 'SIGKILL'));
    }
    const env = {
      ...this.spec.env,
      AWS_LAMBDA_RUNTIME_API: runtimeApi,
      ...(this.spec.runtimeChannel
        ? { LAMBDA_LENS_RUNTIME_CHANNEL_FD: String(RUNTIME_CHANNEL_FD) }
        : {}),
    };
    const init = new Promise<InitResult>((resolve) => {
      this.initResolve = resolve;
    });
    this.started = performance.now();
    let child: ChildProcess;
    if (spare) {
      // Init Duration counts the spare's start-up too: a cold start is reported as it would take.
      this.started -= spare.bootMs ?? this.started - spare.spawnedAt;
      spare.assign(this.containment.environment(env, this.id), this.spec.cwd);
      child = spare.child;
    } else {
      if (!existsSync(this.spec.command)) {
        return this.failInit(
          'Runtime.InvalidEntrypoint',
          `Couldn't find valid bootstrap(s): [${this.spec.command}]`,
        );
      }
      if (!isExecutable(this.spec.command)) {
        // As Lambda says when the zip lost the bootstrap's executable bit (chmod 755 before zipping).
        return this.failInit(
          'Runtime.InvalidEntrypoint',
          `fork/exec ${this.spec.command}: permission denied`,
        );
      }
      if (!interpreterExists(this.spec.command)) {
        // Checked here: started through the containment's shell, the failed exec would only be an exit status.
        return this.failInit(
          'Runtime.InvalidEntrypoint',
          `fork/exec ${this.spec.command}: no such file or directory`,
        );
      }
      // Contained, so that nothing it starts outlives it (processContainment.ts).
      child = this.containment.spawn(
        this.spec.command,
        this.spec.args,
        {
          cwd: this.spec.cwd,
          env,
          stdio: ['ignore', 'pipe', 'pipe', this.spec.runtimeChannel ? 'pipe' : 'ignore'],
        },
        this.id,
      );
    }
    this.process = child;
    if (child.pid !== undefined) this.memory = new TreeMemory(child.pid, this.containment.wrappers);
    if (this.spec.runtimeChannel) this.api.attachChannel(child.stdio[RUNTIME_CHANNEL_FD] as Socket);
    // Init runs at the share too (the invocation applies it again, and says how it went).
    if (cpuShare) this.applyCpuShare(cpuShare);
    child
      .stdout!.setEncoding('utf8')
      .on('data', (text: string) => this.output(this.stdoutLines, text));
    child
      .stderr!.setEncoding('utf8')
      .on('data', (text: string) =>
        this.output(this.stderrLines, text, this.spec.debug !== undefined),
      );
    child.on('error', (error) =>
      this.initResolve?.(this.platformFailure('Runtime.InvalidEntrypoint', error.message)),
    );
    child.on('exit', (exitCode, exitSignal) => {
      const { code, signal } = this.containment.exitOf(exitCode, exitSignal);
      this.exited = true;
      this.memory?.close();
      this.flushLogs();
      // V8 aborts when its heap is full.
      const oom = code === 134 || this.outOfMemoryLines.includes(true);
      this.initResolve?.(
        this.platformFailure(
          oom ? 'Runtime.OutOfMemory' : 'Runtime.ExitError',
          describeExit(code, signal),
        ),
      );
      this.outcomeResolve?.(
        oom
          ? { kind: 'outOfMemory' }
          : { kind: 'exit', code, signal, ...(this.api.undelivered ? { undelivered: true } : {}) },
      );
      this.kill(); // what it started goes with it, as Lambda resets the sandbox
    });
    if (spare && !spare.alive) {
      const { code, signal } = this.containment.exitOf(
        spare.child.exitCode,
        spare.child.signalCode,
      );
      this.initResolve?.(this.platformFailure('Runtime.ExitError', describeExit(code, signal)));
    }
    const debug = this.spec.debug;
    // A debug environment's init has no time-out (the user may be stepping through it), only a
    // wait for the debugger; any other has Lambda's.
    const timer = debug
      ? (this.attachTimer = setTimeout(
          () =>
            this.initResolve?.(
              this.platformFailure(
                'Runtime.DebuggerNotAttached',
                `No debugger attached to 127.0.0.1:${debug.port} within ${debug.attachWaitSeconds} second${debug.attachWaitSeconds === 1 ? '' : 's'}; the debug environment was stopped.`,
              ),
            ),
          debug.attachWaitSeconds * 1000,
        ))
      : setTimeout(
          () =>
            this.initResolve?.({
              ...this.platformFailure(
                'Runtime.InitTimeout',
                `Init timed out after ${(initTimeoutMs / 1000).toFixed(2)} seconds`,
              ),
              initDurationMs: initTimeoutMs,
            }),
          initTimeoutMs,
        );
    const memoryWatch = setInterval(() => {
      if (this.sampleMemory() > this.spec.memoryLimitBytes)
        this.initResolve?.(
          this.platformFailure('Runtime.OutOfMemory', 'Runtime exited with error: signal: killed'),
        );
    }, MEMORY_POLL_MS);
    const result = await init;
    clearTimeout(timer);
    clearInterval(memoryWatch);
    this.throttle?.lift();
    if (!this.exited) this.sampleMemory();
    this.initResolve = undefined;
    if (!result.ok) this.kill();
    else this.initDurationMs = result.initDurationMs;
    return result;
  }

  /**
   * Runs one invocation; resolves with what the runtime reported or why it stopped. `onDelivered`
   * is called when the runtime gets the invocation (at once when it waits for one), not at all
   * when it never asks for it. No `timeoutMs`: no time-out (a debug invocation).
   */
  async invoke(
    invocation: PendingInvocation,
    timeoutMs: number | undefined,
    onDelivered: () => void = () => {},
    onStream?: (stream: RuntimeStream) => void,
    cpuShareRequest?: CpuShareRequest,
  ): Promise<{
    outcome: InvokeOutcome;
    durationMs: number;
    maxMemoryBytes: number;
    cpuShare?: CpuShareOutcome;
  }> {
    if (this.exited)
      return {
        outcome: { kind: 'exit', code: null, signal: null, undelivered: true },
        durationMs: 0,
        maxMemoryBytes: this.peakBytes,
      };
    const done = new Promise<InvokeOutcome>((resolve) => {
      this.outcomeResolve = resolve;
    });
    // The time the tree spends stopped counts in the Duration (wall clock), and the time-out fires
    // on the wall clock too: on Lambda, too little CPU is the function's slowness.
    const cpuShare = cpuShareRequest && this.applyCpuShare(cpuShareRequest);
    const began = performance.now();
    this.onDelivered = onDelivered;
    this.onStream = onStream;
    this.api.deliver(invocation);
    if (!this.api.undelivered) this.delivered();
    const timer =
      timeoutMs === undefined
        ? undefined
        : setTimeout(() => this.outcomeResolve?.({ kind: 'timeout' }), timeoutMs);
    const memoryWatch = setInterval(() => {
      if (this.sampleMemory() > this.spec.memoryLimitBytes)
        this.outcomeResolve?.({ kind: 'outOfMemory' });
    }, MEMORY_POLL_MS);
    let outcome = await done;
    const durationMs = performance.now() - began;
    clearTimeout(timer);
    clearInterval(memoryWatch);
    this.throttle?.lift();
    this.outcomeResolve = undefined;
    this.onDelivered = undefined;
    this.onStream = undefined;
    const collected = this.collected;
    this.collected = undefined;
    if (collected && outcome.kind === 'response') {
      const { body, size } = await collected;
      outcome = body
        ? { kind: 'response', body }
        : { kind: 'responseTooLarge', size, limit: SYNC_PAYLOAD_MAX_BYTES };
    }
    if (!this.exited) this.notePeakAfter(outcome);
    if (outcome.kind === 'response' || outcome.kind === 'error') {
      // The runtime wrote its logs before posting its result: let those bytes arrive first (the
      // pipes read on the loop's next turn when they were paused).
      const paused = this.pipesPaused;
      this.resumePipes();
      await new Promise((r) => setImmediate(r));
      if (paused) await new Promise((r) => setImmediate(r));
      // A peak above the limit between two samples still ran out of memory.
      if (this.peakBytes > this.spec.memoryLimitBytes) outcome = { kind: 'outOfMemory' };
    }
    if (outcome.kind === 'timeout' || outcome.kind === 'outOfMemory') this.kill();
    return {
      outcome,
      durationMs,
      maxMemoryBytes: this.peakBytes,
      ...(cpuShare ? { cpuShare } : {}),
    };
  }

  private applyCpuShare({ share, memoryMB }: CpuShareRequest): CpuShareOutcome {
    this.throttle ??= share.throttle(this.id);
    return this.throttle.apply(this.exited ? undefined : this.process?.pid, memoryMB);
  }

  /** Reads the process tree's memory, keeps its peak; returns the resident bytes now. */
  private sampleMemory(): number {
    if (!this.memory || this.exited) return 0;
    const { rssBytes, peakBytes } = this.memory.read();
    this.peakBytes = Math.max(this.peakBytes, peakBytes);
    return rssBytes;
  }

  /**
   * The peak after an invocation: from the runtime's own report when it sent one (never below what
   * was read here before: a runtime can only under-report down to that), else read from /proc.
   */
  private notePeakAfter(outcome: InvokeOutcome): void {
    const reported =
      outcome.kind === 'response' || outcome.kind === 'error'
        ? outcome.runtimePeakBytes
        : undefined;
    if (reported === undefined || !this.memory) this.sampleMemory();
    else this.peakBytes = Math.max(this.peakBytes, this.memory.treePeakBytes(reported));
  }

  /** The environment's memory peak so far, in bytes. */
  get maxMemoryBytes(): number {
    return this.peakBytes;
  }

  /** Stops the runtime and everything it started, even once it exited by itself (its children may not have). */
  kill(): void {
    this.throttle?.close();
    if (this.process && !this.stopped) this.containment.stop(this.process, this.id);
    this.stopped = true;
    this.exited = true;
    this.memory?.close();
    this.api.close();
  }

  private delivered(): void {
    const onDelivered = this.onDelivered;
    this.onDelivered = undefined;
    onDelivered?.();
  }

  /** Whether each of the last five lines said the runtime ran out of memory (kept as flags: a line may be 256 KB). */
  private readonly outOfMemoryLines: boolean[] = [];

  private output(lines: OutputLines, text: string, watchForAttach = false): void {
    const complete: string[] = [];
    lines.push(text, complete);
    if (
      watchForAttach &&
      !this.debuggerAttached &&
      complete.some((line) => line === DEBUGGER_ATTACHED)
    ) {
      this.debuggerAttached = true;
      clearTimeout(this.attachTimer);
    }
    if (complete.length) this.onOutput(this.messages(complete));
    this.outputThisTurn += text.length;
    if (this.outputThisTurn >= OUTPUT_PER_TURN && !this.pipesPaused && this.process) {
      this.pipesPaused = true;
      this.process.stdout!.pause();
      this.process.stderr!.pause();
      setImmediate(() => this.resumePipes());
    }
  }

  private resumePipes(): void {
    this.outputThisTurn = 0;
    if (!this.pipesPaused) return;
    this.pipesPaused = false;
    this.process!.stdout!.resume();
    this.process!.stderr!.resume();
  }

  /** The lines under way on both pipes, as messages: the invocation is over, they end with it. */
  takePartialOutput(): string[] {
    const partial: string[] = [];
    this.stdoutLines.flush(partial);
    this.stderrLines.flush(partial);
    return this.messages(partial);
  }

  /** A runtime writes "\r" inside a multi-line message, so that one message is one event. */
  private messages(lines: string[]): string[] {
    for (let i = 0; i < lines.length; i++)
      if (lines[i]!.includes('\r')) lines[i] = lines[i]!.replace(/\r/g, '\n');
    for (const message of lines.slice(-5))
      this.outOfMemoryLines.push(
        OUT_OF_MEMORY.test(
          message.length > LAST_LINE_CHARS ? message.slice(0, LAST_LINE_CHARS) : message,
        ),
      );
    if (this.outOfMemoryLines.length > 5)
      this.outOfMemoryLines.splice(0, this.outOfMemoryLines.length - 5);
    return lines;
  }

  private flushLogs(): void {
    const partial = this.takePartialOutput();
    if (partial.length) this.onOutput(partial);
  }

  private failInit(errorType: string, message: string): InitResult {
    this.exited = true;
    this.api.close();
    return this.platformFailure(errorType, message);
  }

  private platformFailure(errorType: string, message: string): InitFailure {
    return {
      ok: false,
      initDurationMs: performance.now() - this.started,
      errorType,
      body: errorBody(errorType, message),
      platformMessage: message,
    };
  }
}

/** False when the file is a script whose #! interpreter does not exist (e.g. a bootstrap written for another system). */
function interpreterExists(file: string): boolean {
  let head: Buffer;
  try {
    const fd = openSync(file, 'r');
    try {
      head = Buffer.alloc(256);
      head = head.subarray(0, readSync(fd, head, 0, head.length, 0));
    } finally {
      closeSync(fd);
    }
  } catch {
    return true; // unreadable here: let the exec say what is wrong
  }
  const shebang = /^#!\s*(\S+)/.exec(head.toString('latin1'));
  return !shebang || existsSync(shebang[1]!);
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The bytes, or only their count past a buffered response's limit. */
async function collect(chunks: AsyncIterable<Buffer>): Promise<{ body?: Buffer; size: number }> {
  const held: Buffer[] = [];
  let size = 0;
  for await (const chunk of chunks) {
    size += chunk.length;
    if (size <= SYNC_PAYLOAD_MAX_BYTES) held.push(chunk);
  }
  return size <= SYNC_PAYLOAD_MAX_BYTES ? { body: Buffer.concat(held, size), size } : { size };
}

export function errorBody(errorType: string, errorMessage: string): Buffer {
  return Buffer.from(JSON.stringify({ errorType, errorMessage }));
}

function errorTypeOf(body: Buffer): string | undefined {
  try {
    const parsed = JSON.parse(body.toString()) as { errorType?: unknown };
    return typeof parsed.errorType === 'string' ? parsed.errorType : undefined;
  } catch {
    return undefined;
  }
}

// As Lambda (written in Go) names the signals.
const SIGNAL_WORDS: Partial<Record<NodeJS.Signals, string>> = {
  SIGKILL: 'killed',
  SIGABRT: 'aborted',
  SIGSEGV: 'segmentation fault',
  SIGTERM: 'terminated',
};

/** Lambda's words for a runtime that exited. */
export function describeExit(code: number | null, signal: NodeJS.Signals | null): string {
  if (signal) return `Runtime exited with error: signal: ${SIGNAL_WORDS[signal] ?? signal}`;
  return code === 0
    ? 'Runtime exited without providing a reason'
    : `Runtime exited with error: exit status ${code}`;
}

/** Where the bootstraps we ship live: beside the bundle in dist/, or built from src/ in development. */
export function runtimeAssetsDir(): string {
  const beside = join(__dirname, 'runtimes');
  return existsSync(beside) ? beside : join(__dirname, '..', '..', '..', 'dist', 'runtimes');
}
