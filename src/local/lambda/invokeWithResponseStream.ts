// InvokeWithResponseStream (POST /2021-11-15/functions/{name}/response-streaming-invocations): the
// function's bytes as PayloadChunk events, as it writes them, then one InvokeComplete event
// {ErrorCode?, ErrorDetails?, LogResult?}, in AWS's event-stream framing (API reference:
// InvokeWithResponseStream, InvokeWithResponseStreamCompleteEvent). The status and headers go out
// at once; an error found before the function runs (unknown function, bad payload, throttling) is
// the request's own error, as usual.
import { fail } from '../../core/apiProblem';
import { EVENT_STREAM_CONTENT_TYPE, eventMessage } from '../http/eventStream';
import type { Exchange, Reply } from '../http/exchange';
import { readDebugRequest } from '../runtime/debugRequest';
import { readCpuShareRequest } from '../runtime/cpuShareRequest';
import type { StreamingInvocation } from '../runtime/streamingInvocation';
import type { LambdaContext } from './context';
import { resolveFunction } from './lookup';

/** A PayloadChunk event carries at most this much (a larger write becomes several). */
const CHUNK_MAX_BYTES = 1024 * 1024;

export async function invokeWithResponseStream(
  ctx: LambdaContext,
  exchange: Exchange,
  name: string,
): Promise<Reply> {
  const { record, qualifier } = resolveFunction(ctx, exchange, name);
  const type = header(exchange, 'x-amz-invocation-type') ?? 'RequestResponse';
  if (type !== 'RequestResponse' && type !== 'DryRun') {
    fail(
      'InvalidParameterValueException',
      `Unsupported InvocationType ${type} for InvokeWithResponseStream: use RequestResponse or DryRun.`,
    );
  }
  const debug = readDebugRequest(exchange, type, record.latest.runtime);
  const cpuShare = readCpuShareRequest(exchange);
  if (type === 'DryRun') return { status: 204 };
  const clientContextB64 = header(exchange, 'x-amz-client-context');
  const invocation = await ctx.invoker.invokeStreaming({
    record,
    qualifier,
    payload: exchange.body,
    ...(clientContextB64
      ? { clientContext: Buffer.from(clientContextB64, 'base64').toString('utf8') }
      : {}),
    ...(debug ? { debug, ...(exchange.signal ? { signal: exchange.signal } : {}) } : {}),
    ...(cpuShare !== undefined ? { cpuShare } : {}),
  });
  const tail = header(exchange, 'x-amz-log-type') === 'Tail';
  return {
    status: 200,
    headers: {
      'x-amz-executed-version': invocation.executedVersion,
      'content-type': EVENT_STREAM_CONTENT_TYPE,
    },
    body: { stream: events(invocation, tail) },
  };
}

async function* events(invocation: StreamingInvocation, tail: boolean): AsyncGenerator<Uint8Array> {
  const { chunks } = await invocation.response;
  for await (const chunk of chunks) {
    for (let at = 0; at < chunk.length; at += CHUNK_MAX_BYTES)
      yield eventMessage('PayloadChunk', chunk.subarray(at, at + CHUNK_MAX_BYTES));
  }
  const { error, logTail } = await invocation.done;
  yield eventMessage('InvokeComplete', {
    ...(error ? { ErrorCode: error.errorType, ErrorDetails: error.errorMessage } : {}),
    ...(tail ? { LogResult: logTail } : {}),
  });
}

function header(exchange: Exchange, name: string): string | undefined {
  const value = exchange.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
