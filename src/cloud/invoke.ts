// Invoke on any connection: synchronous with the log tail, or asynchronous (Event). The payload
// was checked by core/invoke/payload before it gets here.
import { InvokeCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import type { InvocationType } from '../core/invoke/payload';
import type { RawInvokeResult } from '../core/invoke/invokeResult';

export interface InvokeRequest {
  readonly functionName: string;
  readonly payload: Uint8Array;
  /** A version or alias; $LATEST when absent. */
  readonly qualifier?: string;
  readonly type?: InvocationType;
}

export async function invokeFunction(client: LambdaClient, request: InvokeRequest, signal?: AbortSignal): Promise<RawInvokeResult> {
  const type = request.type ?? 'RequestResponse';
  const out = await client.send(new InvokeCommand({
    FunctionName: request.functionName,
    Payload: request.payload,
    InvocationType: type,
    ...(request.qualifier && request.qualifier !== '$LATEST' ? { Qualifier: request.qualifier } : {}),
    ...(type === 'RequestResponse' ? { LogType: 'Tail' as const } : {}),
  }), { abortSignal: signal });
  return {
    ...(out.StatusCode !== undefined ? { statusCode: out.StatusCode } : {}),
    ...(out.Payload ? { payload: out.Payload } : {}),
    ...(out.FunctionError ? { functionError: out.FunctionError } : {}),
    ...(out.LogResult ? { logResult: out.LogResult } : {}),
    ...(out.ExecutedVersion ? { executedVersion: out.ExecutedVersion } : {}),
  };
}
