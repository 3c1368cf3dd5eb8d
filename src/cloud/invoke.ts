// Invoke on any connection: synchronous with the log tail, or asynchronous (Event). The payload
// was checked by core/invoke/payload before it gets here. On the local endpoint an invoke may be a
// debug invocation (core/invoke/debugInvoke.ts): its answer comes when the user's debugging ends,
// so its client must not retry it (a retry would start a second debug session) nor time out.
import { InvokeCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import { debugHeaders } from '../core/invoke/debugInvoke';
import { cpuShareHeaders } from '../core/invoke/cpuShare';
import type { InvocationType } from '../core/invoke/payload';
import type { RawInvokeResult } from '../core/invoke/invokeResult';

export interface InvokeRequest {
  readonly functionName: string;
  readonly payload: Uint8Array;
  /** A version or alias; $LATEST when absent. */
  readonly qualifier?: string;
  readonly type?: InvocationType;
  /** The local endpoint's debug invocation: the runtime's debugger on 127.0.0.1:port (RequestResponse only). */
  readonly debug?: { readonly port: number; readonly attachWaitSeconds?: number };
  /** The local endpoint's CPU share for this invocation (on: Lambda's share for the memory); absent: the endpoint's setting. */
  readonly cpuShare?: boolean;
}

export async function invokeFunction(
  client: LambdaClient,
  request: InvokeRequest,
  signal?: AbortSignal,
): Promise<RawInvokeResult> {
  const type = request.type ?? 'RequestResponse';
  const command = new InvokeCommand({
    FunctionName: request.functionName,
    Payload: request.payload,
    InvocationType: type,
    ...(request.qualifier && request.qualifier !== '$LATEST'
      ? { Qualifier: request.qualifier }
      : {}),
    ...(type === 'RequestResponse' ? { LogType: 'Tail' as const } : {}),
  });
  const headers = {
    ...(request.debug ? debugHeaders(request.debug) : {}),
    ...(request.cpuShare !== undefined ? cpuShareHeaders(request.cpuShare) : {}),
  };
  if (Object.keys(headers).length) {
    // Added before signing (the build step), so the signature covers them.
    command.middlewareStack.add(
      (next) => async (args) => {
        Object.assign((args.request as { headers: Record<string, string> }).headers, headers);
        return next(args);
      },
      { step: 'build', name: 'lambdaLensHeaders' },
    );
  }
  const out = await client.send(command, { abortSignal: signal });
  return {
    ...(out.StatusCode !== undefined ? { statusCode: out.StatusCode } : {}),
    ...(out.Payload ? { payload: out.Payload } : {}),
    ...(out.FunctionError ? { functionError: out.FunctionError } : {}),
    ...(out.LogResult ? { logResult: out.LogResult } : {}),
    ...(out.ExecutedVersion ? { executedVersion: out.ExecutedVersion } : {}),
  };
}
