// Waiting for a function's update to settle, and mutations retried while another update is in
// progress (ResourceConflictException), for the tuning run's configuration changes.
import {
  GetFunctionConfigurationCommand,
  ResourceConflictException,
  type FunctionConfiguration,
  type LambdaClient,
} from '@aws-sdk/client-lambda';

const MAX_WAIT_MS = 120_000;
const CONFLICT_RETRIES = 5;

export async function waitUntilUpdated(
  client: LambdaClient,
  name: string,
  signal?: AbortSignal,
): Promise<FunctionConfiguration> {
  const started = Date.now();
  // Short first waits: the local endpoint and many updates on AWS settle at once.
  for (let delay = 100; ; delay = Math.min(1000, delay * 2)) {
    const config = await client.send(
      new GetFunctionConfigurationCommand({ FunctionName: name }),
      signal ? { abortSignal: signal } : {},
    );
    if (config.LastUpdateStatus === 'Failed')
      throw new Error(
        `the update of ${name} failed: ${config.LastUpdateStatusReason ?? 'no reason given'}`,
      );
    if (config.LastUpdateStatus !== 'InProgress') return config;
    if (Date.now() - started > MAX_WAIT_MS)
      throw new Error(
        `${name} is still being updated after ${MAX_WAIT_MS / 1000} s; try again when its update has finished`,
      );
    await sleep(delay, signal);
  }
}

/** Sends `command`, waiting for a running update to end and sending again when Lambda says one is in progress. */
export async function sendWhenSettled<T>(
  client: LambdaClient,
  name: string,
  command: object,
  signal?: AbortSignal,
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await (client.send(
        command as never,
        signal ? { abortSignal: signal } : {},
      ) as Promise<T>);
    } catch (error) {
      if (!(error instanceof ResourceConflictException) || attempt >= CONFLICT_RETRIES) throw error;
      await waitUntilUpdated(client, name, signal);
    }
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason as Error);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason as Error);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
