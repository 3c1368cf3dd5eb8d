// One measured invocation through a size's alias: a synchronous Invoke with the log tail, whose
// REPORT line gives the figures (the one REPORT reader, through summarizeInvoke). On the local
// endpoint it asks for Lambda's CPU share for the memory size (X-Lambda-Lens-Cpu-Share: on), so
// that durations follow memory as they do on Lambda; an endpoint without the share ignores it.
import { InvokeCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import { summarizeInvoke } from '../../core/invoke/invokeResult';
import { errorMessage } from '../../core/errorMessage';
import type { TuneInvocation } from '../../core/tune/tuneStatistics';

export const CPU_SHARE_HEADER = 'x-lambda-lens-cpu-share';

export async function tuneInvoke(
  client: LambdaClient,
  functionName: string,
  alias: string,
  payload: Uint8Array,
  options: { cpuShare: boolean; signal?: AbortSignal },
): Promise<TuneInvocation> {
  const command = new InvokeCommand({
    FunctionName: functionName,
    Qualifier: alias,
    Payload: payload,
    InvocationType: 'RequestResponse',
    LogType: 'Tail',
  });
  if (options.cpuShare) {
    // Added before signing (the build step), so the signature covers it.
    command.middlewareStack.add(
      (next) => async (args) => {
        (args.request as { headers: Record<string, string> }).headers[CPU_SHARE_HEADER] = 'on';
        return next(args);
      },
      { step: 'build', name: 'lambdaLensCpuShare' },
    );
  }
  let out;
  try {
    out = await client.send(command, options.signal ? { abortSignal: options.signal } : {});
  } catch (error) {
    if (options.signal?.aborted) throw options.signal.reason;
    return { callFailure: errorMessage(error) };
  }
  const summary = summarizeInvoke({
    ...(out.Payload ? { payload: out.Payload } : {}),
    ...(out.FunctionError ? { functionError: out.FunctionError } : {}),
    ...(out.LogResult ? { logResult: out.LogResult } : {}),
  });
  return {
    ...(summary.report ? { report: summary.report } : {}),
    ...(summary.failure ? { functionError: { errorType: summary.failure.errorType } } : {}),
  };
}
