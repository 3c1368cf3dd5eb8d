// The Lambda Runtime API (2018-06-01) for one execution environment, on its own loopback port:
// the runtime long-polls /invocation/next, then posts /response or /error; /init/error reports
// a failed start. See AWS's "Using the Lambda runtime API for custom runtimes".
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SYNC_PAYLOAD_MAX_BYTES } from '../../core/limits';

export interface PendingInvocation {
  readonly requestId: string;
  readonly payload: Buffer;
  readonly deadlineMs: number;
  readonly functionArn: string;
  readonly traceId: string;
  readonly clientContext?: string;
  readonly cognitoIdentity?: string;
}

export type RuntimeOutcome =
  | { kind: 'response'; body: Buffer }
  | { kind: 'error'; body: Buffer; errorType?: string }
  | { kind: 'responseTooLarge'; size: number };

export interface RuntimeApiEvents {
  /** The runtime asked for work: init is over (the first time) and it is idle. */
  onNext(): void;
  onOutcome(requestId: string, outcome: RuntimeOutcome): void;
  onInitError(body: Buffer, errorType?: string): void;
}

const PREFIX = '/2018-06-01/runtime/';

export class RuntimeApi {
  private server: Server | undefined;
  private waiting: ServerResponse | undefined;
  private queued: PendingInvocation | undefined;
  private current: string | undefined;

  constructor(private readonly events: RuntimeApiEvents) {}

  async listen(): Promise<string> {
    this.server = createServer((req, res) => this.handle(req, res));
    this.server.keepAliveTimeout = 0;
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Hands an invocation to the runtime (now if it is waiting on /next, else when it asks). */
  deliver(invocation: PendingInvocation): void {
    this.current = invocation.requestId;
    if (this.waiting) {
      const res = this.waiting;
      this.waiting = undefined;
      send(res, invocation);
    } else {
      this.queued = invocation;
    }
  }

  /** True while an invocation waits for the runtime to ask for it (it has not been handed over). */
  get undelivered(): boolean {
    return this.queued !== undefined;
  }

  close(): void {
    this.waiting?.destroy();
    this.server?.closeAllConnections();
    this.server?.close();
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const path = req.url ?? '';
    if (req.method === 'GET' && path === `${PREFIX}invocation/next`) {
      this.events.onNext();
      if (this.queued) {
        const invocation = this.queued;
        this.queued = undefined;
        send(res, invocation);
      } else {
        this.waiting = res;
        res.on('close', () => { if (this.waiting === res) this.waiting = undefined; });
      }
      return;
    }
    const result = /^\/2018-06-01\/runtime\/invocation\/([^/]+)\/(response|error)$/.exec(path);
    if (req.method === 'POST' && result) {
      const requestId = decodeURIComponent(result[1]!);
      readAll(req, SYNC_PAYLOAD_MAX_BYTES).then(({ body, size }) => {
        if (requestId !== this.current) return reply(res, 400, { errorMessage: `Invalid request ID: ${requestId}`, errorType: 'InvalidRequestID' });
        this.current = undefined;
        if (!body) {
          reply(res, 413, { errorMessage: `Exceeded maximum allowed payload size (${SYNC_PAYLOAD_MAX_BYTES} bytes).`, errorType: 'RequestEntityTooLarge' });
          return this.events.onOutcome(requestId, { kind: 'responseTooLarge', size });
        }
        reply(res, 202, { status: 'OK' });
        const errorType = header(req, 'lambda-runtime-function-error-type');
        this.events.onOutcome(requestId, result[2] === 'response' ? { kind: 'response', body } : { kind: 'error', body, ...(errorType ? { errorType } : {}) });
      }, () => res.destroy());
      return;
    }
    if (req.method === 'POST' && path === `${PREFIX}init/error`) {
      readAll(req, SYNC_PAYLOAD_MAX_BYTES).then(({ body }) => {
        reply(res, 202, { status: 'OK' });
        const errorType = header(req, 'lambda-runtime-function-error-type');
        this.events.onInitError(body ?? Buffer.alloc(0), errorType);
      }, () => res.destroy());
      return;
    }
    req.resume();
    reply(res, 404, { errorMessage: `Unknown Runtime API path ${req.method} ${path}`, errorType: 'InvalidRequest' });
  }
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function send(res: ServerResponse, invocation: PendingInvocation): void {
  res.writeHead(200, {
    'content-type': 'application/json',
    'lambda-runtime-aws-request-id': invocation.requestId,
    'lambda-runtime-deadline-ms': String(invocation.deadlineMs),
    'lambda-runtime-invoked-function-arn': invocation.functionArn,
    'lambda-runtime-trace-id': invocation.traceId,
    ...(invocation.clientContext ? { 'lambda-runtime-client-context': invocation.clientContext } : {}),
    ...(invocation.cognitoIdentity ? { 'lambda-runtime-cognito-identity': invocation.cognitoIdentity } : {}),
    'content-length': String(invocation.payload.length),
  });
  res.end(invocation.payload);
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  const payload = Buffer.from(JSON.stringify(body));
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': String(payload.length) });
  res.end(payload);
}

function readAll(req: IncomingMessage, limit: number): Promise<{ body: Buffer | undefined; size: number }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
    });
    req.on('end', () => resolve({ body: size <= limit ? Buffer.concat(chunks) : undefined, size }));
    req.on('error', reject);
  });
}
