// Invoke on the local endpoint: picks a warm execution environment or starts a cold one, runs the
// invocation, writes START/END/REPORT (text or JSON) to the function's log group, and answers
// with Lambda's status codes and headers. Environments are per function version; a code or
// configuration change retires the old ones, and idle ones retire after a while.
import { randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { fail } from '../../core/apiProblem';
import { ASYNC_PAYLOAD_MAX_BYTES, SYNC_PAYLOAD_MAX_BYTES, TAIL_LOG_MAX_BYTES } from '../../core/limits';
import { environmentLogStream } from '../../core/logNames';
import * as platform from '../../core/platformLog';
import type { Exchange, Reply } from '../http/exchange';
import type { Invoker } from '../lambda/context';
import { resolveQualifier } from '../lambda/lookup';
import { arnOf } from '../lambda/render';
import type { CodeStore } from '../store/codeStore';
import type { FunctionRecord, VersionRecord } from '../store/functionRecord';
import type { FunctionStore } from '../store/functionStore';
import type { LogStore } from '../store/logStore';
import { CodeCache } from './codeCache';
import { Environment, errorBody, newEnvironmentId, type InitResult, type InvokeOutcome } from './environment';
import { launchSpec } from './launch';

export interface InvokerOptions {
  /** Environments per function when it has no reserved concurrency. */
  readonly defaultConcurrency?: number;
  /** An environment idle this long is stopped. */
  readonly idleMs?: number;
}

interface Slot {
  readonly environment: Environment;
  readonly versionKey: string;
  readonly logStream: string;
  readonly version: VersionRecord;
  busy: boolean;
  lastUsed: number;
  /** Log lines of the invocation in progress (flushed at its end, and kept for the tail). */
  collecting?: string[];
}

interface Stores {
  functions: FunctionStore;
  code: CodeStore;
  logs: LogStore;
  home: string;
  account: string;
}

const versionKey = (v: VersionRecord) => `${v.version}:${v.revisionId}:${v.codeSha256}`;

export function createInvoker(stores: Stores, options: InvokerOptions = {}): Invoker {
  return new LocalInvoker(stores, options);
}

class LocalInvoker implements Invoker {
  private readonly slots = new Map<string, Slot[]>();
  private readonly cache: CodeCache;
  private readonly sweeper: NodeJS.Timeout;
  private readonly pendingEvents = new Set<Promise<unknown>>();

  constructor(private readonly stores: Stores, private readonly options: InvokerOptions) {
    this.cache = new CodeCache(join(stores.home, 'runtime-cache'), stores.code);
    this.sweeper = setInterval(() => this.retireIdle(), 5_000).unref();
  }

  async invoke(exchange: Exchange, record: FunctionRecord, qualifier: string | undefined): Promise<Reply> {
    const { version } = resolveQualifier({ account: this.stores.account } as never, record, qualifier);
    const chosen = pickWeighted(record, version, qualifier);
    const type = header(exchange, 'x-amz-invocation-type') ?? 'RequestResponse';
    if (type !== 'RequestResponse' && type !== 'Event' && type !== 'DryRun') {
      fail('InvalidParameterValueException', `Unsupported InvocationType ${type}: use RequestResponse, Event or DryRun.`);
    }
    if (type === 'DryRun') return { status: 204 };
    const limit = type === 'Event' ? ASYNC_PAYLOAD_MAX_BYTES : SYNC_PAYLOAD_MAX_BYTES;
    if (exchange.body.length > limit) fail('RequestTooLargeException', `Request must be smaller than ${limit} bytes for the InvokeFunction operation`, 413);
    const payload = exchange.body.length ? exchange.body : Buffer.from('{}');
    try {
      JSON.parse(payload.toString('utf8'));
    } catch (error) {
      fail('InvalidRequestContentException', `Could not parse request body into json: ${(error as Error).message}`);
    }
    const clientContextB64 = header(exchange, 'x-amz-client-context');
    const clientContext = clientContextB64 ? Buffer.from(clientContextB64, 'base64').toString('utf8') : undefined;
    const slot = await this.acquire(record, chosen);
    const run = this.run(record, chosen, slot, payload, qualifier, clientContext);
    if (type === 'Event') {
      const pending = run.catch(() => {}).finally(() => this.pendingEvents.delete(pending));
      this.pendingEvents.add(pending);
      return { status: 202 };
    }
    const result = await run;
    const headers: Record<string, string> = { 'x-amz-executed-version': chosen.version, 'content-type': 'application/json' };
    if (result.functionError) headers['x-amz-function-error'] = 'Unhandled';
    if (header(exchange, 'x-amz-log-type') === 'Tail') headers['x-amz-log-result'] = tail(result.logLines);
    return { status: 200, headers, body: result.payload };
  }

  retire(region: string, name: string): void {
    const slots = this.slots.get(`${region}/${name}`) ?? [];
    for (const slot of slots) if (!slot.busy) slot.environment.kill();
    this.prune(`${region}/${name}`);
  }

  async close(): Promise<void> {
    clearInterval(this.sweeper);
    for (const slots of this.slots.values()) for (const slot of slots) slot.environment.kill();
    this.slots.clear();
    await Promise.allSettled(this.pendingEvents);
  }

  /** A warm idle environment of this version, or room for a new one (or a throttle). */
  private async acquire(record: FunctionRecord, version: VersionRecord): Promise<Slot | undefined> {
    const key = `${record.region}/${record.name}`;
    this.prune(key);
    const slots = this.slots.get(key) ?? [];
    const warm = slots.find((s) => !s.busy && s.versionKey === versionKey(version) && s.environment.alive);
    if (warm) {
      warm.busy = true;
      return warm;
    }
    const limit = record.reservedConcurrency ?? this.options.defaultConcurrency ?? 10;
    if (slots.filter((s) => s.busy).length >= limit) {
      fail('TooManyRequestsException', record.reservedConcurrency !== undefined
        ? 'Rate Exceeded.'
        : `Rate Exceeded. The local endpoint runs at most ${limit} environments per function at once.`, 429);
    }
    return undefined; // cold: run() starts one
  }

  private prune(key: string): void {
    const slots = (this.slots.get(key) ?? []).filter((s) => s.environment.alive);
    if (slots.length) this.slots.set(key, slots);
    else this.slots.delete(key);
  }

  private retireIdle(now = Date.now()): void {
    const idleMs = this.options.idleMs ?? 5 * 60_000;
    for (const [key, slots] of this.slots) {
      for (const slot of slots) if (!slot.busy && now - slot.lastUsed > idleMs) slot.environment.kill();
      this.prune(key);
    }
  }

  private async startSlot(record: FunctionRecord, version: VersionRecord): Promise<{ slot: Slot; init: InitResult }> {
    const codeDir = await this.cache.folderFor(version.codeSha256);
    const id = newEnvironmentId();
    const logStream = environmentLogStream(new Date(), version.version, id);
    const spec = launchSpec({ record, version, codeDir, logStreamName: logStream });
    // The environment reports its output to its slot, which exists once the environment does.
    const environment = new Environment(id, spec, (message) => this.logFromEnvironment(record, slot, message));
    const slot: Slot = { environment, versionKey: versionKey(version), logStream, version, busy: true, lastUsed: Date.now(), collecting: [] };
    const key = `${record.region}/${record.name}`;
    this.slots.set(key, [...(this.slots.get(key) ?? []), slot]);
    this.ensureStream(record, version, logStream);
    const init = await environment.start(Math.max(10_000, version.timeout * 1000));
    return { slot, init };
  }

  private async run(record: FunctionRecord, version: VersionRecord, warm: Slot | undefined, payload: Buffer, qualifier: string | undefined, clientContext: string | undefined) {
    const requestId = randomUUID();
    let slot = warm;
    let initDurationMs: number | undefined;
    let initFailure: { errorType: string; body: Buffer } | undefined;
    if (!slot) {
      const started = await this.startSlot(record, version);
      slot = started.slot;
      initDurationMs = started.init.initDurationMs;
      if (!started.init.ok) initFailure = { errorType: started.init.errorType, body: started.init.body };
    }
    slot.collecting ??= [];
    const json = version.logFormat === 'JSON';
    const write = (line: string) => slot!.collecting!.push(line);
    if (initFailure) {
      write(json
        ? JSON.stringify({ time: new Date().toISOString(), type: 'platform.initReport', record: { initializationType: 'on-demand', phase: 'init', status: 'error', errorType: initFailure.errorType, metrics: { durationMs: Math.round(initDurationMs! * 100) / 100 } } })
        : `INIT_REPORT Init Duration: ${initDurationMs!.toFixed(2)} ms\tPhase: init\tStatus: error\tError Type: ${initFailure.errorType}`);
    }
    write(json ? platform.platformStartRecord(new Date(), requestId, version.version) : platform.startLine(requestId, version.version));
    let outcome: InvokeOutcome;
    let durationMs = 0;
    let maxMemoryBytes = 0;
    if (initFailure) {
      outcome = { kind: 'error', body: initFailure.body, errorType: initFailure.errorType };
    } else {
      const deadline = Date.now() + version.timeout * 1000;
      const result = await slot.environment.invoke({
        requestId,
        payload,
        deadlineMs: deadline,
        functionArn: arnOf(record, this.stores.account, qualifier),
        traceId: traceId(),
        ...(clientContext ? { clientContext } : {}),
      }, version.timeout * 1000);
      ({ outcome, durationMs, maxMemoryBytes } = result);
    }
    const { payloadOut, functionError, status, errorType } = this.describe(outcome, requestId, version);
    if (outcome.kind === 'timeout') write(platform.timeoutLine(new Date(), requestId, version.timeout));
    const metrics: platform.InvocationMetrics = {
      requestId,
      durationMs,
      billedDurationMs: platform.billedDurationMs(durationMs, initDurationMs),
      memorySizeMB: version.memorySize,
      maxMemoryUsedMB: Math.min(version.memorySize, Math.max(1, Math.ceil(maxMemoryBytes / (1024 * 1024)))),
      ...(initDurationMs !== undefined ? { initDurationMs } : {}),
      status,
      ...(errorType ? { errorType } : {}),
    };
    const at = new Date();
    if (json) {
      write(platform.platformRuntimeDoneRecord(at, metrics));
      write(platform.platformReportRecord(at, metrics));
    } else {
      write(platform.endLine(requestId));
      write(platform.reportLine(metrics));
    }
    const logLines = slot.collecting;
    slot.collecting = undefined;
    this.appendLogs(record, version, slot.logStream, logLines);
    slot.busy = false;
    slot.lastUsed = Date.now();
    if (!slot.environment.alive || slot.versionKey !== versionKey(this.currentVersion(record, version))) {
      slot.environment.kill();
      this.prune(`${record.region}/${record.name}`);
    }
    return { payload: payloadOut, functionError, logLines };
  }

  /** The same version as it is stored now (a retired $LATEST has a new revision). */
  private currentVersion(record: FunctionRecord, version: VersionRecord): VersionRecord {
    const current = this.stores.functions.get(record.region, record.name);
    if (!current) return { ...version, revisionId: 'deleted' };
    if (version.version === '$LATEST') return current.latest;
    return current.versions.find((v) => v.version === version.version) ?? { ...version, revisionId: 'deleted' };
  }

  private describe(outcome: InvokeOutcome, requestId: string, version: VersionRecord):
    { payloadOut: Buffer; functionError: boolean; status: platform.InvocationMetrics['status']; errorType?: string } {
    switch (outcome.kind) {
      case 'response':
        return { payloadOut: outcome.body, functionError: false, status: 'success' };
      case 'error':
        return { payloadOut: outcome.body, functionError: true, status: outcome.errorType?.startsWith('Runtime.') ? 'error' : 'success', ...(outcome.errorType?.startsWith('Runtime.') ? { errorType: outcome.errorType } : {}) };
      case 'timeout':
        return { payloadOut: errorBody('Sandbox.Timedout', `RequestId: ${requestId} Error: Task timed out after ${version.timeout.toFixed(2)} seconds`), functionError: true, status: 'timeout' };
      case 'outOfMemory':
        return { payloadOut: errorBody('Runtime.OutOfMemory', `RequestId: ${requestId} Error: Runtime exited with error: signal: killed`), functionError: true, status: 'error', errorType: 'Runtime.OutOfMemory' };
      case 'responseTooLarge':
        return { payloadOut: errorBody('Function.ResponseSizeTooLarge', `Response payload size (${outcome.size} bytes) exceeded maximum allowed payload size (${SYNC_PAYLOAD_MAX_BYTES} bytes).`), functionError: true, status: 'error', errorType: 'Function.ResponseSizeTooLarge' };
      case 'exit':
        return { payloadOut: errorBody('Runtime.ExitError', `RequestId: ${requestId} Error: Runtime exited with error: ${outcome.signal ? `signal: ${outcome.signal}` : `exit status ${outcome.code}`}`), functionError: true, status: 'error', errorType: 'Runtime.ExitError' };
    }
  }

  private logFromEnvironment(record: FunctionRecord, slot: Slot, message: string): void {
    if (slot.collecting) slot.collecting.push(message);
    else this.appendLogs(record, slot.version, slot.logStream, [message]);
  }

  private ensureStream(record: FunctionRecord, version: VersionRecord, streamName: string): void {
    const groups = this.stores.logs.groups(record.region);
    const group = groups.get(version.logGroup) ?? this.stores.logs.createGroup(record.region, version.logGroup);
    if (!group.streams.has(streamName)) this.stores.logs.createStream(record.region, group, streamName);
  }

  private appendLogs(record: FunctionRecord, version: VersionRecord, streamName: string, lines: readonly string[]): void {
    this.ensureStream(record, version, streamName);
    const group = this.stores.logs.groups(record.region).get(version.logGroup)!;
    const now = Date.now();
    this.stores.logs.append(record.region, group, group.streams.get(streamName)!, lines.map((message) => ({ timestamp: now, message })), now);
  }
}

/** An alias with routing weights sends that share of invocations to its additional version. */
function pickWeighted(record: FunctionRecord, version: VersionRecord, qualifier: string | undefined): VersionRecord {
  const alias = qualifier ? record.aliases.find((a) => a.name === qualifier) : undefined;
  if (!alias?.additionalVersionWeights) return version;
  let roll = Math.random();
  for (const [other, weight] of Object.entries(alias.additionalVersionWeights)) {
    if (roll < weight) return record.versions.find((v) => v.version === other) ?? version;
    roll -= weight;
  }
  return version;
}

function header(exchange: Exchange, name: string): string | undefined {
  const value = exchange.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** The last 4 KB of the invocation's log, base64, as X-Amz-Log-Result carries it. */
function tail(lines: readonly string[]): string {
  const text = Buffer.from(`${lines.join('\n')}\n`);
  return text.subarray(Math.max(0, text.length - TAIL_LOG_MAX_BYTES)).toString('base64');
}

function traceId(): string {
  const seconds = Math.floor(Date.now() / 1000).toString(16).padStart(8, '0');
  return `Root=1-${seconds}-${randomBytes(12).toString('hex')};Parent=${randomBytes(8).toString('hex')};Sampled=0`;
}
