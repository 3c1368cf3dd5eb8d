// The streaming invoke's contract, for whoever sends a function's response on as it is written:
// InvokeWithResponseStream (lambda/invokeWithResponseStream.ts) and a Function URL whose InvokeMode
// is RESPONSE_STREAM. The invoker starts the invocation and answers at once with this:
//
//   const invocation = await invoker.invokeStreaming({ record, qualifier, payload });
//   const { contentType, chunks } = await invocation.response;   // when the first bytes can flow
//   for await (const chunk of chunks) send(chunk);                // as the function writes them
//   const { error, logTail } = await invocation.done;             // after END and REPORT
//
// A Function URL reads the HTTP prelude first (`withHttpPrelude`): its status, headers and cookies
// come before the body. A function that does not stream (Python, a handler not wrapped in
// streamifyResponse) gives its whole response as one chunk when it returns, as Lambda does.
import {
  HTTP_INTEGRATION_CONTENT_TYPE,
  PreludeReader,
  type HttpPrelude,
} from '../../core/invoke/responseStreaming';
import type { DebugRequest } from '../../core/invoke/debugInvoke';
import type { FunctionRecord } from '../store/functionRecord';

export interface StreamingInvokeRequest {
  readonly record: FunctionRecord;
  readonly qualifier: string | undefined;
  /** The event, JSON (checked: InvalidRequestContentException otherwise). */
  readonly payload: Buffer;
  /** Already decoded from base64. */
  readonly clientContext?: string;
  /** A debug invocation (see debugRequest.ts). */
  readonly debug?: DebugRequest;
  /** Aborted when the caller goes away: only a debug invocation stops then (as on Lambda, a function runs on). */
  readonly signal?: AbortSignal;
  /** As Invoke's options (lambda/context.ts): the request id already given out, a payload known to be JSON. */
  readonly requestId?: string;
  readonly payloadIsJson?: boolean;
  /** X-Lambda-Lens-Cpu-Share: on or off for this invocation; absent, the endpoint's own setting. */
  readonly cpuShare?: boolean;
}

export interface StreamedResponse {
  /** The content type the runtime streams with (`application/octet-stream` unless it set one). */
  readonly contentType: string;
  /** The bytes as the function writes them; leaving the loop early stops reading, not the function. */
  readonly chunks: AsyncIterable<Buffer>;
}

export interface StreamingInvocationEnd {
  /** The invocation failed (the function's error, a time-out, a response over the limit, …). */
  readonly error?: {
    readonly errorType: string;
    readonly errorMessage: string;
    readonly document: Buffer;
  };
  /** The last 4 KB of the invocation's log, base64 (Invoke's X-Amz-Log-Result). */
  readonly logTail: string;
}

export interface StreamingInvocation {
  /** The version that runs it (an alias's weights decide among its versions). */
  readonly executedVersion: string;
  /** Settles when the runtime starts to stream, or when the invocation ended without streaming. */
  readonly response: Promise<StreamedResponse>;
  /** Settles once the invocation is over and logged (END and REPORT written). */
  readonly done: Promise<StreamingInvocationEnd>;
}

/**
 * A streamed response split into the HTTP prelude and the body, when the runtime marked it as an
 * HTTP integration response (`awslambda.HttpResponseStream.from`); otherwise no prelude and the
 * bytes as they are. Settles once the prelude is read (or the stream ended first).
 */
export async function withHttpPrelude(
  response: StreamedResponse,
): Promise<{ prelude: HttpPrelude | undefined; body: AsyncIterable<Buffer> }> {
  if (response.contentType !== HTTP_INTEGRATION_CONTENT_TYPE)
    return { prelude: undefined, body: response.chunks };
  const chunks = response.chunks[Symbol.asyncIterator]();
  const reader = new PreludeReader();
  for (;;) {
    const next = await chunks.next();
    const found = next.done ? reader.end() : reader.push(next.value);
    if (!found) continue;
    return { prelude: found.prelude, body: rest(found.rest, next.done ? undefined : chunks) };
  }
}

async function* rest(
  first: Buffer,
  more: AsyncIterator<Buffer> | undefined,
): AsyncGenerator<Buffer> {
  if (first.length) yield first;
  if (!more) return;
  try {
    for (;;) {
      const next = await more.next();
      if (next.done) return;
      yield next.value;
    }
  } finally {
    await more.return?.();
  }
}
