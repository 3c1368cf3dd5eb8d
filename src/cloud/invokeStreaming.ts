// InvokeWithResponseStream on any connection (the local endpoint, a profile, an endpoint), through
// the SDK's InvokeWithResponseStreamCommand: each PayloadChunk is handed on as it arrives, then the
// InvokeComplete event's error and log tail come back as an Invoke's would (RawInvokeResult), so
// the same summary prints them. Whether the function can stream at all is for the caller to say
// (streamingNote: core's canStreamResponses, from the function's runtime).
import {
  GetFunctionConfigurationCommand,
  InvokeWithResponseStreamCommand,
  type LambdaClient,
} from '@aws-sdk/client-lambda';
import { whyNoStreaming } from '../core/invoke/responseStreaming';
import type { RawInvokeResult } from '../core/invoke/invokeResult';

export interface StreamingInvokeRequest {
  readonly functionName: string;
  readonly payload: Uint8Array;
  readonly qualifier?: string;
}

export async function invokeFunctionStreaming(
  client: LambdaClient,
  request: StreamingInvokeRequest,
  onChunk: (bytes: Uint8Array) => void,
  signal?: AbortSignal,
): Promise<RawInvokeResult> {
  const out = await client.send(
    new InvokeWithResponseStreamCommand({
      FunctionName: request.functionName,
      Payload: request.payload,
      LogType: 'Tail',
      ...(request.qualifier && request.qualifier !== '$LATEST'
        ? { Qualifier: request.qualifier }
        : {}),
    }),
    { abortSignal: signal },
  );
  let complete: { ErrorCode?: string; ErrorDetails?: string; LogResult?: string } | undefined;
  for await (const event of out.EventStream ?? []) {
    if (event.PayloadChunk?.Payload?.length) onChunk(event.PayloadChunk.Payload);
    if (event.InvokeComplete) complete = event.InvokeComplete;
  }
  const failed = complete?.ErrorCode !== undefined;
  return {
    ...(out.StatusCode !== undefined ? { statusCode: out.StatusCode } : {}),
    ...(out.ExecutedVersion ? { executedVersion: out.ExecutedVersion } : {}),
    ...(complete?.LogResult ? { logResult: complete.LogResult } : {}),
    // The error as an Invoke's error document, so that it is summarized the same way.
    ...(failed
      ? {
          functionError: 'Unhandled',
          payload: new TextEncoder().encode(
            JSON.stringify({
              errorType: complete!.ErrorCode,
              errorMessage: complete!.ErrorDetails ?? '',
            }),
          ),
        }
      : {}),
  };
}

/** The runtime of the function's version or alias (`$LATEST` when none), undefined when unreadable. */
export async function runtimeOf(
  client: LambdaClient,
  functionName: string,
  qualifier?: string,
): Promise<string | undefined> {
  try {
    const config = await client.send(
      new GetFunctionConfigurationCommand({
        FunctionName: functionName,
        ...(qualifier && qualifier !== '$LATEST' ? { Qualifier: qualifier } : {}),
      }),
    );
    return config.Runtime;
  } catch {
    return undefined;
  }
}

/**
 * Why this function's response will arrive whole rather than streamed (its runtime does not stream
 * on Lambda), or undefined when it can stream or its configuration cannot be read (the invoke then
 * says what is wrong).
 */
export async function streamingNote(
  client: LambdaClient,
  functionName: string,
  qualifier?: string,
): Promise<string | undefined> {
  const runtime = await runtimeOf(client, functionName, qualifier);
  return runtime ? whyNoStreaming(runtime) : undefined;
}
