// Invoke on the local endpoint: picks a warm execution environment or starts a cold one, runs the
// invocation, writes its log to the function's log group as it happens (START when the runtime
// gets the invocation, the function's output as it prints it, then END and REPORT, in text or
// JSON), and answers with Lambda's status codes and headers. Environments are per function
// version; a code or configuration change retires the old ones, and idle ones retire after a while.
// A debug invocation (debugRequest.ts) runs in a fresh environment of its own that waits for a
// debugger, has no time-out, writes a DEBUG line instead of REPORT, and retires when it ends.
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { ApiError, fail } from '../../core/apiProblem';
import { ASYNC_PAYLOAD_MAX_BYTES, SYNC_PAYLOAD_MAX_BYTES } from '../../core/limits';
import { environmentLogStream } from '../../core/logNames';
import * as platform from '../../core/platformLog';
import type { Exchange, Reply } from '../http/exchange';
import type { Invoker, InvokeOptions } from '../lambda/context';
import { resolveQualifier } from '../lambda/lookup';
import { arnOf } from '../lambda/render';
import type { CodeStore } from '../store/codeStore';
import type { FunctionRecord, VersionRecord } from '../store/functionRecord';
import type { FunctionStore } from '../store/functionStore';
import type { LogStore, NewEvent } from '../store/logStore';
import { CodeCache } from './codeCache';
import { RUNTIME_CACHE_FOLDER } from '../../core/localHome';
import { KeyCounts } from './keyCounts';
import {
  describeExit,
  Environment,
  errorBody,
  newEnvironmentId,
  type CpuShareRequest,
  type InitResult,
  type InvokeOutcome,
} from './environment';
import type { PendingInvocation, RuntimeStream } from './runtimeApi';
import type {
  StreamedResponse,
  StreamingInvocation,
  StreamingInvocationEnd,
  StreamingInvokeRequest,
} from './streamingInvocation';
import { launchSpec } from './launch';
import { InterpreterResolver, type InterpreterSearch } from './interpreters';
import { SpareProcess } from './spareProcess';
import type { LaunchSpec } from './environment';
import {
  chooseContainment,
  type ContainmentKind,
  type ProcessContainment,
} from '../os/processContainment';
import { TailLog } from './tailLog';
import type { DebugRequest } from '../../core/invoke/debugInvoke';
import { readDebugRequest } from './debugRequest';
import { DebugPorts } from './debugPorts';
import { CpuShare, type CpuShareMechanism } from '../os/cpuShare';
import { cpuShareLine, cpuShareRecord, type CpuShareOutcome } from '../../core/invoke/cpuShare';
import { readCpuShareRequest } from './cpuShareRequest';
import { asyncTimeScale, deliver } from './asyncDelivery';
import { parseFunctionRef } from '../../core/arn';
import { invocationTraceId } from '../http/traceIds';
import type { Trash } from '../store/trash';

export interface InvokerOptions {
  /** Environments per function when it has no reserved concurrency. */
  readonly defaultConcurrency?: number;
  /** An environment idle this long is stopped. */
  readonly idleMs?: number;
  /** Keep a Node.js process started ahead of the next cold start (default true). */
  readonly spareProcess?: boolean;
  /** How environments are contained (processContainment.ts); default: the strongest that works here. */
  readonly containment?: ContainmentKind;
  /** Give each environment Lambda's CPU share for its memory (an Invoke's X-Lambda-Lens-Cpu-Share overrides it). */
  readonly cpuShare?: boolean;
  /** How the share is given (os/cpuShare.ts); default: the best that works here. */
  readonly cpuShareMechanism?: CpuShareMechanism;
  /** Shrinks async retry delays and event ages (asyncDelivery.ts); default LAMBDA_LENS_ASYNC_TIME_SCALE, else AWS's timing. */
  readonly asyncTimeScale?: number;
  /** Runtime → interpreter binary (the lambdaLens.local.runtimes setting, serve --runtime-binary). */
  readonly runtimeBinaries?: Readonly<Record<string, string>>;
  /** Where interpreters are looked for (default: this user's home, PATH and environment). */
  readonly interpreterSearch?: InterpreterSearch;
}

const SPARE_REFILL_DELAY_MS = 50;

/** Node.js environments run our bootstrap with the same node: any of them can adopt a spare. */
function spareable(spec: LaunchSpec): boolean {
  return spec.args.length === 1 && spec.args[0]!.endsWith('node-bootstrap.js');
}

interface Slot {
  readonly environment: Environment;
  readonly versionKey: string;
  readonly logStream: string;
  readonly version: VersionRecord;
  /** A debug environment: never reused, it stops when its invocation ends. */
  readonly debug: boolean;
  /** Set when its interpreter is not the version the runtime declares: said after each REPORT. */
  readonly runtimeNote?: string;
  busy: boolean;
  lastUsed: number;
  /** The end of the log of the invocation under way (its init's output included on a cold start);
   *  undefined between invocations, when output goes to the stream only. */
  tail?: TailLog;
  /**
   * The START line of the invocation under way, with the time the runtime got it, until the next
   * append: before the function's first output, or with END and REPORT (one write per invocation
   * for a function that prints nothing).
   */
  pendingStart?: { readonly message: string; readonly timestamp: number };
}

interface Stores {
  functions: FunctionStore;
  code: CodeStore;
  logs: LogStore;
  home: string;
  /** Where the unpacked code the endpoint no longer needs goes (emptied in the background). */
  trash: Trash;
  account: string;
  /** The endpoint's own log. */
  log?: (line: string) => void;
}

const versionKey = (v: VersionRecord) => `${v.version}:${v.revisionId}:${v.codeSha256}`;

/**
 * The deadline a debug invocation's context reports: its time-out is suspended while debugging, and
 * the AWS Toolkit raises a function's timeout to Lambda's longest (900 s) for remote debugging.
 */
const DEBUG_DEADLINE_MS = 900_000;

/** What a debug invocation adds to a run: the debugger's port, and the caller's going away. */
interface RunOptions {
  readonly debug?: DebugRequest;
  readonly signal?: AbortSignal;
  /** A streaming invoke: called when the runtime starts to stream its response. */
  readonly onStream?: (stream: RuntimeStream) => void;
  /** The request id already given out: a Function URL's requestContext.requestId, an event's (its retries keep it). */
  readonly requestId?: string;
  /** Run at Lambda's CPU share for the function's memory (never for a debug invocation). */
  readonly cpuShare?: boolean;
}

export function createInvoker(stores: Stores, options: InvokerOptions = {}): Invoker {
  return new LocalInvoker(stores, options);
}

class LocalInvoker implements Invoker {
  private readonly slots = new Map<string, Slot[]>();
  /** Cold starts per function that acquire() has counted but whose slot does not exist yet. */
  private readonly starting = new KeyCounts();
  private readonly cache: CodeCache;
  private readonly sweeper: NodeJS.Timeout;
  private readonly pendingEvents = new Set<Promise<unknown>>();
  /** Aborted at close: events waiting for a retry are dropped. */
  private readonly closing = new AbortController();
  private closed = false;
  /** One Node.js process started ahead of the next Node.js cold start (see spareProcess.ts). */
  private spare: SpareProcess | undefined;
  private lastSpareUse = 0;
  /** Code (CodeSha256) that invocations under way hold, counted, so that it is not collected under them. */
  private readonly held = new KeyCounts();
  /** Chosen once, at start: every environment (and spare process) is started through it. */
  private readonly containment: Promise<ProcessContainment>;
  private readonly debugPorts = new DebugPorts();
  /** Chosen when first needed (at start when the endpoint's option is on): nothing is probed otherwise. */
  private share: CpuShare | undefined;
  private readonly interpreters: InterpreterResolver;

  constructor(
    private readonly stores: Stores,
    private readonly options: InvokerOptions,
  ) {
    this.interpreters = new InterpreterResolver(options.runtimeBinaries, options.interpreterSearch);
    this.cache = new CodeCache(
      join(stores.home, RUNTIME_CACHE_FOLDER),
      stores.code,
      stores.trash.discard,
    );
    this.sweeper = setInterval(() => this.retireIdle(), 5_000).unref();
    this.containment = chooseContainment(stores.home, options.containment).then((containment) => {
      if (containment.worthSaying) stores.log?.(containment.description);
      // We hold the home's lock: anything tagged with this home is left by an endpoint killed before.
      const left = containment.stopLeftovers();
      if (left)
        stores.log?.(
          `Stopped ${left} process(es) that functions started under an endpoint on this home that was killed.`,
        );
      return containment;
    });
    if (options.cpuShare) this.cpuShare();
  }

  /** The share this invocation runs at; none for a debug invocation (its time is the debugger's). */
  private cpuShareRequest(
    version: VersionRecord,
    asked: boolean | undefined,
    debug: DebugRequest | undefined,
  ): CpuShareRequest | undefined {
    return asked && !debug ? { share: this.cpuShare(), memoryMB: version.memorySize } : undefined;
  }

  private cpuShare(): CpuShare {
    if (!this.share) {
      this.share = CpuShare.choose(this.stores.home, this.options.cpuShareMechanism);
      this.stores.log?.(this.share.description);
      const left = this.share.removeLeftovers();
      if (left)
        this.stores.log?.(
          `Removed ${left} cgroup(s) left by an endpoint on this home that was killed.`,
        );
    }
    return this.share;
  }

  async invoke(
    exchange: Exchange,
    record: FunctionRecord,
    qualifier: string | undefined,
    options: InvokeOptions = {},
  ): Promise<Reply> {
    const { version } = resolveQualifier(this.stores.account, record, qualifier);
    const chosen = pickWeighted(record, version, qualifier);
    const type = header(exchange, 'x-amz-invocation-type') ?? 'RequestResponse';
    if (type !== 'RequestResponse' && type !== 'Event' && type !== 'DryRun') {
      fail(
        'InvalidParameterValueException',
        `Unsupported InvocationType ${type}: use RequestResponse, Event or DryRun.`,
      );
    }
    const debug = readDebugRequest(exchange, type, chosen.runtime);
    const cpuShare = readCpuShareRequest(exchange) ?? this.options.cpuShare ?? false;
    if (type === 'DryRun') return { status: 204 };
    // An Event payload over 1 MB has its own error, in AWS's words (as quoted in faultline/faultline#12, then with a 128 KB limit).
    if (type === 'Event' && exchange.body.length > ASYNC_PAYLOAD_MAX_BYTES) {
      fail(
        'RequestEntityTooLargeException',
        `${exchange.body.length} byte payload is too large for the Event invocation type (limit ${ASYNC_PAYLOAD_MAX_BYTES} bytes)`,
        413,
      );
    }
    refuseOversizedRequest(exchange.body.length);
    const payload = options.payloadIsJson ? exchange.body : jsonPayload(exchange.body);
    const clientContextB64 = header(exchange, 'x-amz-client-context');
    const clientContext = clientContextB64
      ? Buffer.from(clientContextB64, 'base64').toString('utf8')
      : undefined;
    if (type === 'Event') {
      const pending = this.holding(chosen.codeSha256, () =>
        this.runEvent(record, chosen, payload, qualifier, clientContext, cpuShare),
      )
        .catch(() => {})
        .finally(() => this.pendingEvents.delete(pending));
      this.pendingEvents.add(pending);
      return { status: 202 };
    }
    const result = debug
      ? await this.debugRun(
          record,
          chosen,
          payload,
          qualifier,
          clientContext,
          debug,
          exchange.signal,
        )
      : await this.holding(chosen.codeSha256, () =>
          this.run(
            record,
            chosen,
            this.acquire(record, chosen),
            payload,
            qualifier,
            clientContext,
            { cpuShare, ...(options.requestId ? { requestId: options.requestId } : {}) },
          ),
        );
    const headers: Record<string, string> = {
      'x-amz-executed-version': chosen.version,
      'content-type': 'application/json',
    };
    if (result.functionError) headers['x-amz-function-error'] = 'Unhandled';
    if (header(exchange, 'x-amz-log-type') === 'Tail')
      headers['x-amz-log-result'] = result.tail.base64();
    return { status: 200, headers, body: result.payload };
  }

  /** Starts an invocation whose response is read as the function writes it (streamingInvocation.ts). */
  async invokeStreaming(request: StreamingInvokeRequest): Promise<StreamingInvocation> {
    const { record, qualifier, clientContext, debug, signal } = request;
    const cpuShare = request.cpuShare ?? this.options.cpuShare ?? false;
    const { version } = resolveQualifier(this.stores.account, record, qualifier);
    const chosen = pickWeighted(record, version, qualifier);
    refuseOversizedRequest(request.payload.length);
    const payload = request.payloadIsJson ? request.payload : jsonPayload(request.payload);
    let started: ((response: StreamedResponse) => void) | undefined;
    const response = new Promise<StreamedResponse>((resolve) => {
      started = resolve;
    });
    let stream: RuntimeStream | undefined;
    const onStream = (runtimeStream: RuntimeStream) => {
      stream = runtimeStream;
      started?.(runtimeStream);
    };
    // Throttled or refused here (a debug port in use), before any answer: the caller gets the error itself.
    const warm = debug ? undefined : this.acquire(record, chosen);
    const debugPort = debug ? await this.debugPorts.reserve(debug.port) : undefined;
    const run = debug
      ? this.debugRun(
          record,
          chosen,
          payload,
          qualifier,
          clientContext,
          debug,
          signal,
          onStream,
          Promise.resolve(debugPort!),
        )
      : this.holding(chosen.codeSha256, () =>
          this.run(record, chosen, warm, payload, qualifier, clientContext, {
            onStream,
            cpuShare,
            ...(request.requestId ? { requestId: request.requestId } : {}),
          }),
        );
    const done = run.then(
      (result): StreamingInvocationEnd => {
        stream?.chunks.close(); // a runtime stopped mid-stream (time-out, memory) sends no more
        // It did not stream (Python, a handler not streamified): its whole response is the one chunk.
        started?.({
          contentType: 'application/json',
          chunks: once(result.functionError ? Buffer.alloc(0) : result.payload),
        });
        return {
          ...(result.functionError ? { error: errorOf(result.payload) } : {}),
          logTail: result.tail.base64(),
        };
      },
      (error: unknown) => {
        started?.({ contentType: 'application/json', chunks: once(Buffer.alloc(0)) });
        throw error;
      },
    );
    done.catch(() => {}); // a caller gone before the end never reads it: no unhandled rejection
    return { executedVersion: chosen.version, response, done };
  }

  /** A code or configuration change: idle environments of versions that are no longer current stop. */
  retire(region: string, name: string): void {
    const key = `${region}/${name}`;
    for (const slot of this.slots.get(key) ?? []) {
      // Busy ones stop when their invocation ends (run() checks the same); published versions
      // that did not change stay warm, as on Lambda.
      if (!slot.busy && this.isStale(region, name, slot.version)) slot.environment.kill();
    }
    this.prune(key);
  }

  codeInUse(): Set<string> {
    const inUse = new Set(this.held.keys());
    for (const slots of this.slots.values())
      for (const slot of slots) if (slot.environment.alive) inUse.add(slot.version.codeSha256);
    return inUse;
  }

  removeUnusedCode(keep: ReadonlySet<string>): void {
    this.cache.removeUnused(keep);
  }

  /** A debug invocation: its port reserved, a fresh environment (never a warm one nor the spare). */
  private async debugRun(
    record: FunctionRecord,
    version: VersionRecord,
    payload: Buffer,
    qualifier: string | undefined,
    clientContext: string | undefined,
    debug: DebugRequest,
    signal: AbortSignal | undefined,
    onStream?: (stream: RuntimeStream) => void,
    reserved: Promise<() => void> = this.debugPorts.reserve(debug.port),
  ) {
    const releasePort = await reserved;
    try {
      this.acquire(record, version, { fresh: true });
      return await this.holding(version.codeSha256, () =>
        this.run(record, version, undefined, payload, qualifier, clientContext, {
          debug,
          ...(signal ? { signal } : {}),
          ...(onStream ? { onStream } : {}),
        }),
      );
    } finally {
      releasePort();
    }
  }

  /** Runs `work` with its code held (see codeInUse). */
  private async holding<T>(codeSha256: string, work: () => Promise<T>): Promise<T> {
    this.held.add(codeSha256);
    try {
      return await work();
    } finally {
      this.held.remove(codeSha256);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    this.closing.abort();
    clearInterval(this.sweeper);
    for (const slots of this.slots.values()) for (const slot of slots) slot.environment.kill();
    this.slots.clear();
    this.spare?.kill();
    this.spare = undefined;
    await Promise.allSettled(this.pendingEvents);
    await this.share?.settled();
  }

  /**
   * A warm idle environment of this version, or a reserved place for a new one, or a throttle.
   * Synchronous, so that concurrent requests count each other's cold starts.
   */
  private acquire(
    record: FunctionRecord,
    version: VersionRecord,
    { fresh = false } = {},
  ): Slot | undefined {
    const key = keyOf(record);
    this.prune(key);
    const slots = this.slots.get(key) ?? [];
    const warm = fresh
      ? undefined
      : slots.find(
          (s) => !s.busy && !s.debug && s.versionKey === versionKey(version) && s.environment.alive,
        );
    if (warm) {
      warm.busy = true;
      return warm;
    }
    const limit = record.reservedConcurrency ?? this.options.defaultConcurrency ?? 10;
    if (slots.filter((s) => s.busy).length + this.starting.get(key) >= limit) {
      fail(
        'TooManyRequestsException',
        record.reservedConcurrency !== undefined
          ? 'Rate Exceeded.'
          : `Rate Exceeded. The local endpoint runs at most ${limit} environments per function at once.`,
        429,
      );
    }
    this.reserveStart(key);
    return undefined; // cold: run() starts one
  }

  private reserveStart(key: string): void {
    this.starting.add(key);
  }

  private releaseStart(key: string): void {
    this.starting.remove(key);
  }

  /** Lambda queues asynchronous events: a throttled one waits for room instead of failing the caller. */
  private async runEvent(
    record: FunctionRecord,
    version: VersionRecord,
    payload: Buffer,
    qualifier: string | undefined,
    clientContext: string | undefined,
    cpuShare: boolean,
  ): Promise<void> {
    await deliver({
      config: record.eventInvokeConfigs?.[qualifier ?? '$LATEST'],
      timeScale: asyncTimeScale(this.options.asyncTimeScale),
      functionArn: arnOf(record, this.stores.account, qualifier ?? '$LATEST'),
      executedVersion: version.version,
      requestPayload: payload,
      signal: this.closing.signal,
      attempt: (requestId) =>
        this.runQueued(record, version, payload, qualifier, clientContext, requestId, cpuShare),
      send: (destination, invocationRecord) =>
        this.sendToDestination(record.region, destination, invocationRecord),
    });
  }

  /** One attempt of an event: throttled, it waits its turn as Lambda's queue does (at most 6 hours). */
  private async runQueued(
    record: FunctionRecord,
    version: VersionRecord,
    payload: Buffer,
    qualifier: string | undefined,
    clientContext: string | undefined,
    requestId: string,
    cpuShare: boolean,
  ) {
    const giveUpAt = Date.now() + 6 * 3600_000; // Lambda keeps an event at most 6 hours
    for (;;) {
      try {
        return await this.run(
          record,
          version,
          this.acquire(record, version),
          payload,
          qualifier,
          clientContext,
          { requestId, cpuShare },
        );
      } catch (error) {
        const throttled =
          error instanceof ApiError && error.problem.type === 'TooManyRequestsException';
        if (!throttled || this.closed || Date.now() > giveUpAt) throw error;
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    }
  }

  /** A destination that is a function here is invoked asynchronously with the record; others are not kept here. */
  private sendToDestination(
    region: string,
    destination: string,
    invocationRecord: Record<string, unknown>,
  ): void {
    const ref = parseFunctionRef(destination);
    const target =
      ref && (ref.region ?? region) === region
        ? this.stores.functions.get(region, ref.name)
        : undefined;
    if (!target || !ref) {
      this.stores.log?.(
        `Async invocation result not delivered to ${destination}: the local endpoint delivers to Lambda functions of its own only.`,
      );
      return;
    }
    const { version } = resolveQualifier(this.stores.account, target, ref.qualifier);
    const body = Buffer.from(JSON.stringify(invocationRecord));
    const pending = this.holding(version.codeSha256, () =>
      this.runEvent(
        target,
        version,
        body,
        ref.qualifier,
        undefined,
        this.options.cpuShare ?? false,
      ),
    )
      .catch(() => {})
      .finally(() => this.pendingEvents.delete(pending));
    this.pendingEvents.add(pending);
  }

  private prune(key: string): void {
    const slots = (this.slots.get(key) ?? []).filter((s) => s.environment.alive);
    if (slots.length) this.slots.set(key, slots);
    else this.slots.delete(key);
  }

  private retireIdle(now = Date.now()): void {
    const idleMs = this.options.idleMs ?? 5 * 60_000;
    if (this.spare && now - this.lastSpareUse > idleMs) {
      this.spare.kill();
      this.spare = undefined;
    }
    for (const [key, slots] of this.slots) {
      for (const slot of slots)
        if (!slot.busy && now - slot.lastUsed > idleMs) slot.environment.kill();
      this.prune(key);
    }
  }

  /** A new environment (its place was reserved by acquire()), through its init. */
  private async startSlot(
    record: FunctionRecord,
    version: VersionRecord,
    { debug, signal, cpuShare }: RunOptions = {},
  ): Promise<{ slot: Slot; init: InitResult }> {
    const key = keyOf(record);
    let reserved = true;
    try {
      const codeDir = await this.cache.folderFor(version.codeSha256);
      const containment = await this.containment;
      const id = newEnvironmentId();
      const logStream = environmentLogStream(new Date(), version.version, id);
      const runtime = await this.interpreters.resolve(version.runtime);
      const spec = launchSpec({
        record,
        version,
        codeDir,
        logStreamName: logStream,
        ...(debug ? { debug } : {}),
        ...(runtime ? { interpreter: runtime.interpreter.path } : {}),
      });
      // The environment reports its output to its slot, which exists once the environment does.
      const environment = new Environment(
        id,
        spec,
        (messages) => this.logFromEnvironment(record, slot, messages),
        containment,
        this.stores.log,
      );
      const slot: Slot = {
        environment,
        versionKey: versionKey(version),
        logStream,
        version,
        debug: debug !== undefined,
        ...(runtime?.note ? { runtimeNote: runtime.note } : {}),
        busy: true,
        lastUsed: Date.now(),
        tail: new TailLog(),
      };
      this.slots.set(key, [...(this.slots.get(key) ?? []), slot]);
      this.releaseStart(key);
      reserved = false;
      this.ensureStream(record, version, logStream);
      // Nobody is left to debug for: the environment stops (its invocation then ends as an exit).
      if (signal?.aborted) environment.kill();
      signal?.addEventListener('abort', () => environment.kill(), { once: true });
      const init = await environment.start(
        Math.max(10_000, version.timeout * 1000),
        debug ? undefined : this.takeSpare(spec),
        this.cpuShareRequest(version, cpuShare, debug),
      );
      // After the invocation this cold start is for has had the CPU (spawning costs the parent too).
      if (!debug)
        setTimeout(() => this.refillSpare(spec, containment), SPARE_REFILL_DELAY_MS).unref();
      return { slot, init };
    } finally {
      if (reserved) this.releaseStart(key);
    }
  }

  /** The spare process when it can become this environment (same Node.js and bootstrap), else undefined. */
  private takeSpare(spec: LaunchSpec): SpareProcess | undefined {
    if (!spareable(spec)) return undefined;
    this.lastSpareUse = Date.now();
    const spare = this.spare;
    this.spare = undefined;
    if (
      spare?.alive &&
      spare.command === spec.command &&
      spare.args.join('\0') === spec.args.join('\0')
    )
      return spare;
    spare?.kill();
    return undefined;
  }

  /** After a Node.js cold start (not during it: both would share the CPU), start the next spare. */
  private refillSpare(spec: LaunchSpec, containment: ProcessContainment): void {
    if (this.closed || this.spare || !spareable(spec) || this.options.spareProcess === false)
      return;
    this.spare = new SpareProcess(spec.command, spec.args, containment);
    this.spare.child.unref();
    for (const stream of this.spare.child.stdio)
      (stream as { unref?: () => void } | null)?.unref?.();
  }

  /** Runs one invocation on an environment; START is written when the runtime gets it. */
  private attempt(
    record: FunctionRecord,
    slot: Slot,
    invocation: PendingInvocation,
    timeoutMs: number | undefined,
    startLine: () => string,
    { onStream, cpuShare, debug }: RunOptions,
  ): Promise<Attempt> {
    slot.tail ??= new TailLog();
    return slot.environment.invoke(
      invocation,
      timeoutMs,
      () => {
        slot.pendingStart = { message: startLine(), timestamp: Date.now() };
      },
      onStream,
      this.cpuShareRequest(slot.version, cpuShare, debug),
    );
  }

  private async run(
    record: FunctionRecord,
    version: VersionRecord,
    warm: Slot | undefined,
    payload: Buffer,
    qualifier: string | undefined,
    clientContext: string | undefined,
    options: RunOptions = {},
  ) {
    const requestId = options.requestId ?? randomUUID();
    const debugging = options.debug !== undefined;
    // While debugging, the function's time-out does not fire.
    const timeoutMs = debugging ? undefined : version.timeout * 1000;
    const invocation = (): PendingInvocation => ({
      requestId,
      payload,
      deadlineMs: Date.now() + (timeoutMs ?? DEBUG_DEADLINE_MS),
      functionArn: arnOf(record, this.stores.account, qualifier),
      traceId: invocationTraceId(Date.now()),
      ...(clientContext ? { clientContext } : {}),
    });
    const json = version.logFormat === 'JSON';
    const startLine = () =>
      json
        ? platform.platformStartRecord(new Date(), requestId, version.version)
        : platform.startLine(requestId, version.version);
    let slot = warm;
    let attempt: Attempt | undefined;
    if (slot) {
      attempt = await this.attempt(record, slot, invocation(), timeoutMs, startLine, options);
      if (attempt.outcome.kind === 'exit' && attempt.outcome.undelivered) {
        // It had exited between invocations (e.g. process.exit after answering), so this
        // invocation never reached it (nor was its START written): as Lambda, start a new
        // environment for it.
        slot.tail = undefined;
        this.reserveStart(keyOf(record));
        this.release(record, slot);
        slot = undefined;
        attempt = undefined;
      }
    }
    let init: InitResult | undefined;
    if (!slot) {
      ({ slot, init } = await this.startSlot(record, version, options));
      if (init.ok)
        attempt = await this.attempt(record, slot, invocation(), timeoutMs, startLine, options);
    }

    // The invocation is over. A last line the function left without a newline ends with it,
    // before END, so that it never runs into the next invocation's output.
    const closing: { message: string; platform: boolean }[] = slot.environment
      .takePartialOutput()
      .map((message) => ({ message, platform: false }));
    const own = (message: string) => closing.push({ message, platform: true });
    let outcome: InvokeOutcome;
    let durationMs: number;
    let maxMemoryBytes: number;
    let initDurationMs: number | undefined;
    if (init && !init.ok) {
      // A debug environment's init is no cold start to count: no INIT_REPORT (its DEBUG line says how it failed).
      if (!debugging)
        own(
          json
            ? platform.platformInitReportRecord(new Date(), init.initDurationMs, init.errorType)
            : platform.initReportLine(init.initDurationMs, init.errorType),
        );
      own(startLine());
      const body =
        init.platformMessage !== undefined
          ? errorBody(init.errorType, `RequestId: ${requestId} Error: ${init.platformMessage}`)
          : init.body;
      outcome = { kind: 'error', body, errorType: init.errorType };
      // As Lambda reports a failed init in the REPORT: the time spent is the Duration, with no Init Duration.
      durationMs = init.initDurationMs;
      maxMemoryBytes = slot.environment.maxMemoryBytes;
    } else {
      ({ outcome, durationMs, maxMemoryBytes } = attempt!);
      if (init?.ok) initDurationMs = init.initDurationMs;
    }
    const { payloadOut, functionError, status, errorType } = this.describe(
      outcome,
      requestId,
      version,
      init,
    );
    if (outcome.kind === 'timeout')
      own(platform.timeoutLine(new Date(), requestId, version.timeout));
    const metrics: platform.InvocationMetrics = {
      requestId,
      durationMs,
      billedDurationMs: platform.billedDurationMs(durationMs, initDurationMs),
      memorySizeMB: version.memorySize,
      // Killed for memory, the environment used all of it. A debug environment's figure counts its
      // debugger too and may pass MemorySize (launch.ts gives it room): it is shown as measured.
      maxMemoryUsedMB:
        outcome.kind === 'outOfMemory' && !debugging
          ? version.memorySize
          : Math.min(
              debugging ? Infinity : version.memorySize,
              Math.max(1, Math.ceil(maxMemoryBytes / (1024 * 1024))),
            ),
      ...(initDurationMs !== undefined ? { initDurationMs } : {}),
      status,
      ...(errorType ? { errorType } : {}),
    };
    const at = new Date();
    if (debugging) {
      // Its time includes the pauses at breakpoints: a line of ours, which no statistic counts.
      if (json) own(platform.debugRecord(at, metrics));
      else {
        own(platform.endLine(requestId));
        own(platform.debugLine(metrics));
      }
    } else if (json) {
      own(platform.platformRuntimeDoneRecord(at, metrics));
      own(platform.platformReportRecord(at, metrics));
    } else {
      own(platform.endLine(requestId));
      own(platform.reportLine(metrics));
    }
    // After REPORT (which stays Lambda's own): whether this invocation ran at Lambda's CPU share.
    const share: CpuShareOutcome | undefined = attempt?.cpuShare;
    if (share && !debugging)
      own(json ? cpuShareRecord(at, requestId, share) : cpuShareLine(requestId, share));
    if (slot.runtimeNote)
      own(
        json
          ? platform.runtimeNoteRecord(at, requestId, slot.runtimeNote)
          : platform.runtimeNoteLine(requestId, slot.runtimeNote),
      );
    const tail = slot.tail ?? new TailLog();
    this.writeEvents(record, slot, closing);
    slot.tail = undefined;
    this.release(record, slot);
    return { payload: payloadOut, functionError, tail };
  }

  /** The invocation is over: the environment is idle again, or stops if it died or its version changed. */
  private release(record: FunctionRecord, slot: Slot): void {
    slot.busy = false;
    slot.lastUsed = Date.now();
    if (
      slot.debug ||
      !slot.environment.alive ||
      this.isStale(record.region, record.name, slot.version)
    ) {
      slot.environment.kill();
      this.prune(keyOf(record));
    }
  }

  /** Whether the stored function no longer has this version as it was (code or configuration changed, or deleted). */
  private isStale(region: string, name: string, version: VersionRecord): boolean {
    const current = this.stores.functions.get(region, name);
    if (!current) return true;
    const now =
      version.version === '$LATEST'
        ? current.latest
        : current.versions.find((v) => v.version === version.version);
    return !now || versionKey(now) !== versionKey(version);
  }

  private describe(
    outcome: InvokeOutcome,
    requestId: string,
    version: VersionRecord,
    init: InitResult | undefined,
  ): {
    payloadOut: Buffer;
    functionError: boolean;
    status: platform.InvocationMetrics['status'];
    errorType?: string;
  } {
    switch (outcome.kind) {
      case 'response':
        return { payloadOut: outcome.body, functionError: false, status: 'success' };
      case 'error': {
        // A function's own error leaves the REPORT at success; a runtime's (Runtime.*) or a failed init is an error.
        const runtimeError =
          init?.ok === false || outcome.errorType?.startsWith('Runtime.') === true;
        return {
          payloadOut: outcome.body,
          functionError: true,
          status: runtimeError ? 'error' : 'success',
          ...(runtimeError && outcome.errorType ? { errorType: outcome.errorType } : {}),
        };
      }
      case 'timeout':
        return {
          payloadOut: errorBody(
            'Sandbox.Timedout',
            `RequestId: ${requestId} Error: Task timed out after ${version.timeout.toFixed(2)} seconds`,
          ),
          functionError: true,
          status: 'timeout',
        };
      case 'outOfMemory':
        return {
          payloadOut: errorBody(
            'Runtime.OutOfMemory',
            `RequestId: ${requestId} Error: Runtime exited with error: signal: killed`,
          ),
          functionError: true,
          status: 'error',
          errorType: 'Runtime.OutOfMemory',
        };
      case 'responseTooLarge':
        return {
          payloadOut: errorBody(
            'Function.ResponseSizeTooLarge',
            `Response payload size (${outcome.size} bytes) exceeded maximum allowed payload size (${outcome.limit} bytes).`,
          ),
          functionError: true,
          status: 'error',
          errorType: 'Function.ResponseSizeTooLarge',
        };
      case 'exit':
        return {
          payloadOut: errorBody(
            'Runtime.ExitError',
            `RequestId: ${requestId} Error: ${describeExit(outcome.code, outcome.signal)}`,
          ),
          functionError: true,
          status: 'error',
          errorType: 'Runtime.ExitError',
        };
    }
  }

  /** The function's output: to its stream, and to the tail while an invocation is under way. */
  private logFromEnvironment(
    record: FunctionRecord,
    slot: Slot,
    messages: readonly string[],
  ): void {
    this.writeLines(record, slot, messages, false);
  }

  private writeLines(
    record: FunctionRecord,
    slot: Slot,
    messages: readonly string[],
    byPlatform: boolean,
  ): void {
    this.writeEvents(
      record,
      slot,
      messages.map((message) => ({ message, platform: byPlatform })),
    );
  }

  /** Appends to the environment's stream with one write (a pending START first), and to the invocation's tail. */
  private writeEvents(
    record: FunctionRecord,
    slot: Slot,
    lines: readonly { message: string; platform: boolean }[],
  ): void {
    if (lines.length === 0) return;
    const start = slot.pendingStart;
    slot.pendingStart = undefined;
    if (slot.tail) {
      if (start) slot.tail.add(start.message);
      for (const line of lines) slot.tail.add(line.message);
    }
    const now = Date.now();
    const events: NewEvent[] = lines.map((line) => ({
      timestamp: now,
      message: line.message,
      platform: line.platform,
    }));
    if (start)
      events.unshift({ timestamp: start.timestamp, message: start.message, platform: true });
    try {
      this.ensureStream(record, slot.version, slot.logStream);
      const group = this.stores.logs.groups(record.region).get(slot.version.logGroup)!;
      group.streams.get(slot.logStream)!.append(events, now);
    } catch {
      // A full disk, or the group deleted under the function: the invocation goes on, as on
      // Lambda when CloudWatch Logs cannot take its logs; nothing else depends on these lines.
    }
  }

  private ensureStream(record: FunctionRecord, version: VersionRecord, streamName: string): void {
    const groups = this.stores.logs.groups(record.region);
    const group =
      groups.get(version.logGroup) ?? this.stores.logs.createGroup(record.region, version.logGroup);
    if (!group.streams.has(streamName))
      this.stores.logs.createStream(record.region, group, streamName);
  }
}

interface Attempt {
  readonly outcome: InvokeOutcome;
  readonly durationMs: number;
  readonly maxMemoryBytes: number;
  readonly cpuShare?: CpuShareOutcome;
}

const keyOf = (record: FunctionRecord) => `${record.region}/${record.name}`;

/** An alias with routing weights sends that share of invocations to its additional version. */
function pickWeighted(
  record: FunctionRecord,
  version: VersionRecord,
  qualifier: string | undefined,
): VersionRecord {
  const alias = qualifier ? record.aliases.find((a) => a.name === qualifier) : undefined;
  if (!alias?.additionalVersionWeights) return version;
  let roll = Math.random();
  for (const [other, weight] of Object.entries(alias.additionalVersionWeights)) {
    if (roll < weight) return record.versions.find((v) => v.version === other) ?? version;
    roll -= weight;
  }
  return version;
}

/** The event: an empty body is `{}`; anything else must be JSON. */
function jsonPayload(body: Buffer): Buffer {
  const payload = body.length ? body : Buffer.from('{}');
  try {
    JSON.parse(payload.toString('utf8'));
  } catch (error) {
    fail(
      'InvalidRequestContentException',
      `Could not parse request body into json: ${(error as Error).message}`,
    );
  }
  return payload;
}

async function* once(chunk: Buffer): AsyncGenerator<Buffer> {
  if (chunk.length) yield chunk;
}

/** A function error's document (errorType, errorMessage, …), as an invocation's error. */
function errorOf(document: Buffer): NonNullable<StreamingInvocationEnd['error']> {
  try {
    const parsed = JSON.parse(document.toString('utf8')) as {
      errorType?: unknown;
      errorMessage?: unknown;
    };
    return {
      errorType: typeof parsed.errorType === 'string' ? parsed.errorType : 'Unhandled',
      errorMessage:
        typeof parsed.errorMessage === 'string' ? parsed.errorMessage : document.toString('utf8'),
      document,
    };
  } catch {
    return { errorType: 'Unhandled', errorMessage: document.toString('utf8'), document };
  }
}

function header(exchange: Exchange, name: string): string | undefined {
  const value = exchange.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
/** Lambda's refusal of a synchronous invoke's payload over its limit (buffered or streamed alike). */
function refuseOversizedRequest(bytes: number): void {
  if (bytes > SYNC_PAYLOAD_MAX_BYTES)
    fail(
      'RequestTooLargeException',
      `Request must be smaller than ${SYNC_PAYLOAD_MAX_BYTES} bytes for the InvokeFunction operation`,
      413,
    );
}
