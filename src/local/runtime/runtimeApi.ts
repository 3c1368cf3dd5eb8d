// The Lambda Runtime API (2018-06-01) for one execution environment: the runtime long-polls
// /invocation/next, then posts /response or /error; /init/error reports a failed start. See AWS's
// "Using the Lambda runtime API for custom runtimes". This is the API's logic; it is reached over
// HTTP on a loopback port (runtimeApiHttp.ts: AWS_LAMBDA_RUNTIME_API, what custom runtimes use) and,
// by the bootstraps we ship, over a socket pair (runtimeChannel.ts), the same requests framed.
import { STREAMED_RESPONSE_MAX_BYTES, SYNC_PAYLOAD_MAX_BYTES } from '../../core/limits';
import { DEFAULT_STREAM_CONTENT_TYPE } from '../../core/invoke/responseStreaming';
import type { Socket } from 'node:net';
import type { Readable } from 'node:stream';
import { ByteChannel } from './byteChannel';
import { RuntimeApiHttpServer, type RuntimeApiAccess } from './runtimeApiHttp';
import { RuntimeChannel } from './runtimeChannel';

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
  | { kind: 'response'; body: Buffer; runtimePeakBytes?: number }
  | { kind: 'error'; body: Buffer; errorType?: string; runtimePeakBytes?: number }
  | { kind: 'responseTooLarge'; size: number; limit: number };

/** A response the runtime streams (Lambda-Runtime-Function-Response-Mode: streaming): its bytes as they arrive. */
export interface RuntimeStream {
  readonly contentType: string;
  readonly chunks: ByteChannel;
}

export interface RuntimeApiEvents {
  /** The runtime asked for work: init is over (the first time) and it is idle. */
  onNext(): void;
  onOutcome(requestId: string, outcome: RuntimeOutcome): void;
  /** The runtime began to stream its response; onOutcome follows when it ends. */
  onStreamStart(requestId: string, stream: RuntimeStream): void;
  onInitError(body: Buffer, errorType?: string): void;
}

/** One request to the Runtime API, whatever carried it. */
export interface RuntimeRequest {
  readonly method: string;
  readonly path: string;
  /** Lower-case names. */
  readonly headers: Readonly<Record<string, string | undefined>>;
  /** Undefined when larger than Lambda's 6 MB response limit (`size` says how large). */
  readonly body: Buffer | undefined;
  readonly size: number;
  /** A streamed response's body, read as it comes instead of `body` (see isStreamedResponse). */
  readonly stream?: StreamedRequestBody;
}

/** The body of a streamed response POST: chunked, with the error (if any) in its trailers. */
export interface StreamedRequestBody {
  readonly body: Readable;
  /** Lower-case names; read once the body ended. */
  trailers(): Readonly<Record<string, string | undefined>>;
}

const STREAMING_MODE_HEADER = 'lambda-runtime-function-response-mode';
/**
 * Not Lambda's: our bootstraps' own peak resident set (getrusage's maxrss, in KiB) with each result,
 * so that Max Memory Used needs no read of their /proc status (memory.ts).
 */
export const PEAK_RSS_HEADER = 'x-lambda-lens-peak-rss-kb';
const ERROR_TYPE_TRAILER = 'lambda-runtime-function-error-type';
const ERROR_BODY_TRAILER = 'lambda-runtime-function-error-body';

/** Whether a request is a response streamed by the runtime (its transport must not read it whole first). */
export function isStreamedResponse(
  method: string,
  path: string,
  headers: Readonly<Record<string, unknown>>,
): boolean {
  return (
    method === 'POST' &&
    headers[STREAMING_MODE_HEADER] === 'streaming' &&
    path.endsWith('/response') &&
    OUTCOME_PATH.test(path)
  );
}

/** How the transport that carried a request answers it. */
export interface RuntimeResponder {
  respond(status: number, headers: Record<string, string>, body: Buffer): void;
  /** Called if the transport goes away before the answer (a parked /next is then forgotten). */
  onClose(listener: () => void): void;
}

/** What a transport hands its requests to (RuntimeApi; one interface, so the transports need not import it). */
export interface RuntimeRequestHandler {
  handle(request: RuntimeRequest, responder: RuntimeResponder): void;
}

const PREFIX = '/2018-06-01/runtime/';
const OUTCOME_PATH = /^\/2018-06-01\/runtime\/invocation\/([^/]+)\/(response|error)$/;

export class RuntimeApi implements RuntimeRequestHandler {
  private readonly http = new RuntimeApiHttpServer(this);
  private channel: RuntimeChannel | undefined;
  private waiting: RuntimeResponder | undefined;
  private queued: PendingInvocation | undefined;
  private current: string | undefined;

  constructor(private readonly events: RuntimeApiEvents) {}

  /** Serves the API over HTTP on a loopback port, to `access`'s processes; returns AWS_LAMBDA_RUNTIME_API's value. */
  listen(access: RuntimeApiAccess): Promise<string> {
    return this.http.listen(access);
  }

  /** Serves the API over the runtime's end of a socket pair as well (our bootstraps use it). */
  attachChannel(socket: Socket): void {
    this.channel = new RuntimeChannel(socket, this);
  }

  /** Hands an invocation to the runtime (now if it is waiting on /next, else when it asks). */
  deliver(invocation: PendingInvocation): void {
    this.current = invocation.requestId;
    if (this.waiting) {
      const responder = this.waiting;
      this.waiting = undefined;
      sendInvocation(responder, invocation);
    } else {
      this.queued = invocation;
    }
  }

  /** True while an invocation waits for the runtime to ask for it (it has not been handed over). */
  get undelivered(): boolean {
    return this.queued !== undefined;
  }

  close(): void {
    this.waiting = undefined;
    this.channel?.close();
    this.http.close();
  }

  handle(request: RuntimeRequest, responder: RuntimeResponder): void {
    const { method, path } = request;
    if (method === 'GET' && path === `${PREFIX}invocation/next`) {
      this.events.onNext();
      if (this.queued) {
        const invocation = this.queued;
        this.queued = undefined;
        sendInvocation(responder, invocation);
      } else {
        this.waiting = responder;
        responder.onClose(() => {
          if (this.waiting === responder) this.waiting = undefined;
        });
      }
      return;
    }
    const result = method === 'POST' ? OUTCOME_PATH.exec(path) : null;
    if (result) {
      const requestId = decodeURIComponent(result[1]!);
      if (requestId !== this.current) {
        request.stream?.body.resume(); // a streamed body nobody takes is read and dropped, never left to block its transport
        return reply(responder, 400, {
          errorMessage: `Invalid request ID: ${requestId}`,
          errorType: 'InvalidRequestID',
        });
      }
      this.current = undefined;
      if (request.stream) return this.receiveStream(requestId, request, request.stream, responder);
      if (!request.body) {
        reply(responder, 413, {
          errorMessage: `Exceeded maximum allowed payload size (${SYNC_PAYLOAD_MAX_BYTES} bytes).`,
          errorType: 'RequestEntityTooLarge',
        });
        return this.events.onOutcome(requestId, {
          kind: 'responseTooLarge',
          size: request.size,
          limit: SYNC_PAYLOAD_MAX_BYTES,
        });
      }
      reply(responder, 202, ACCEPTED);
      const errorType = request.headers['lambda-runtime-function-error-type'];
      const peak = reportedPeakBytes(request.headers[PEAK_RSS_HEADER]);
      const reported = peak === undefined ? {} : { runtimePeakBytes: peak };
      this.events.onOutcome(
        requestId,
        result[2] === 'response'
          ? { kind: 'response', body: request.body, ...reported }
          : { kind: 'error', body: request.body, ...(errorType ? { errorType } : {}), ...reported },
      );
      return;
    }
    if (method === 'POST' && path === `${PREFIX}init/error`) {
      reply(responder, 202, ACCEPTED);
      this.events.onInitError(
        request.body ?? Buffer.alloc(0),
        request.headers['lambda-runtime-function-error-type'],
      );
      return;
    }
    reply(responder, 404, {
      errorMessage: `Unknown Runtime API path ${method} ${path}`,
      errorType: 'InvalidRequest',
    });
  }

  /**
   * A streamed response: its bytes go on as they arrive (the transport pauses while the caller is
   * behind), up to Lambda's limit; past it the invocation fails at once and the rest is read and
   * dropped. The error a runtime reports mid-stream comes in the trailers. Answered at the end.
   */
  private receiveStream(
    requestId: string,
    request: RuntimeRequest,
    stream: StreamedRequestBody,
    responder: RuntimeResponder,
  ): void {
    const chunks = new ByteChannel();
    const { body } = stream;
    chunks.onDrain = () => body.resume();
    this.events.onStreamStart(requestId, {
      contentType: request.headers['content-type'] ?? DEFAULT_STREAM_CONTENT_TYPE,
      chunks,
    });
    let size = 0;
    let tooLarge = false;
    body.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (tooLarge) return;
      if (size > STREAMED_RESPONSE_MAX_BYTES) {
        tooLarge = true;
        chunks.close();
        this.events.onOutcome(requestId, {
          kind: 'responseTooLarge',
          size,
          limit: STREAMED_RESPONSE_MAX_BYTES,
        });
        return;
      }
      if (!chunks.push(chunk)) body.pause();
    });
    body.on('end', () => {
      chunks.close();
      if (tooLarge) {
        reply(responder, 413, {
          errorMessage: `Exceeded maximum allowed payload size (${STREAMED_RESPONSE_MAX_BYTES} bytes).`,
          errorType: 'RequestEntityTooLarge',
        });
        return;
      }
      reply(responder, 202, ACCEPTED);
      this.events.onOutcome(requestId, streamOutcome(stream.trailers()));
    });
    // The runtime went away mid-stream: its exit ends the invocation.
    body.on('close', () => chunks.close());
    body.on('error', () => chunks.close());
  }
}

/** A streamed response's outcome: an error when the runtime named one in the trailers. */
function streamOutcome(trailers: Readonly<Record<string, string | undefined>>): RuntimeOutcome {
  const errorType = trailers[ERROR_TYPE_TRAILER];
  const encoded = trailers[ERROR_BODY_TRAILER];
  if (!errorType && !encoded) return { kind: 'response', body: Buffer.alloc(0) };
  const body = encoded
    ? Buffer.from(encoded, 'base64')
    : Buffer.from(JSON.stringify({ errorType, errorMessage: errorType }));
  return { kind: 'error', body, ...(errorType ? { errorType } : {}) };
}

const ACCEPTED = { status: 'OK' };

/** A runtime's reported peak, in bytes; undefined unless it is a whole number of KiB (up to 16 TiB). */
function reportedPeakBytes(value: string | undefined): number | undefined {
  return value !== undefined && /^\d{1,10}$/.test(value) ? Number(value) * 1024 : undefined;
}

function sendInvocation(responder: RuntimeResponder, invocation: PendingInvocation): void {
  responder.respond(
    200,
    {
      'content-type': 'application/json',
      'lambda-runtime-aws-request-id': invocation.requestId,
      'lambda-runtime-deadline-ms': String(invocation.deadlineMs),
      'lambda-runtime-invoked-function-arn': invocation.functionArn,
      'lambda-runtime-trace-id': invocation.traceId,
      ...(invocation.clientContext
        ? { 'lambda-runtime-client-context': invocation.clientContext }
        : {}),
      ...(invocation.cognitoIdentity
        ? { 'lambda-runtime-cognito-identity': invocation.cognitoIdentity }
        : {}),
    },
    invocation.payload,
  );
}

function reply(responder: RuntimeResponder, status: number, body: unknown): void {
  responder.respond(
    status,
    { 'content-type': 'application/json' },
    Buffer.from(JSON.stringify(body)),
  );
}
