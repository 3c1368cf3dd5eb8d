// A debug invocation on the local endpoint (core/invoke/debugInvoke.ts), as a client runs it: the
// function's runtime decides the default port (Node's inspector 9229, debugpy 5678); the runtime's
// own "listening" line is read from the function's log while the Invoke is under way, so that the
// caller can say where to attach; the Invoke is sent once (a retry would start a second debug
// session) and waits for as long as the debugging takes.
import {
  GetFunctionConfigurationCommand,
  ResourceNotFoundException as LambdaNotFound,
} from '@aws-sdk/client-lambda';
import {
  FilterLogEventsCommand,
  ResourceNotFoundException,
  type CloudWatchLogsClient,
} from '@aws-sdk/client-cloudwatch-logs';
import { defaultDebugPort, undebuggableRuntime } from '../core/invoke/debugInvoke';
import type { RawInvokeResult } from '../core/invoke/invokeResult';
import { functionLogGroup } from '../core/logNames';
import { parseFunctionRef } from '../core/arn';
import {
  lambdaClientFor,
  logsClientFor,
  singleAttemptLambdaClient,
  type ConnectionTarget,
} from './clients';
import { invokeFunction, type InvokeRequest } from './invoke';

export interface DebugInvokeRequest extends Omit<InvokeRequest, 'type' | 'debug'> {
  /** Default: the runtime's debugger's usual port. */
  readonly port?: number;
  readonly attachWaitSeconds?: number;
}

export interface DebugInvokeEvents {
  /** The function's runtime, before the Invoke is sent: throwing stops there (no environment starts). */
  onRuntime?(runtime: string): void;
  /** The runtime's own line, e.g. "Debugger listening on ws://127.0.0.1:9229/…". */
  onListening?(line: string): void;
}

/** The function cannot be debugged (its runtime), or does not exist: a message for the user. */
export class DebugInvokeError extends Error {}

const LOG_POLL_MS = 100;

export async function debugInvokeFunction(
  target: ConnectionTarget,
  request: DebugInvokeRequest,
  events: DebugInvokeEvents = {},
  signal?: AbortSignal,
): Promise<RawInvokeResult> {
  const config = await lambdaClientFor(target)
    .send(
      new GetFunctionConfigurationCommand({
        FunctionName: request.functionName,
        ...(request.qualifier && request.qualifier !== '$LATEST'
          ? { Qualifier: request.qualifier }
          : {}),
      }),
    )
    .catch((error: unknown) => {
      if (error instanceof LambdaNotFound)
        throw new DebugInvokeError(`${error.name}: ${error.message}`);
      throw error;
    });
  const runtime = config.Runtime ?? '';
  const why = undebuggableRuntime(runtime);
  if (why) throw new DebugInvokeError(why);
  events.onRuntime?.(runtime);
  const port = request.port ?? defaultDebugPort(runtime)!;
  const logGroup =
    config.LoggingConfig?.LogGroup ??
    functionLogGroup(parseFunctionRef(request.functionName)?.name ?? request.functionName);
  const client = singleAttemptLambdaClient(target);
  const watching = new AbortController();
  const since = Date.now();
  void listeningLine(logsClientFor(target), logGroup, port, since, watching.signal).then(
    (line) => {
      if (line) events.onListening?.(line);
    },
    () => {},
  );
  try {
    return await invokeFunction(
      client,
      {
        ...request,
        type: 'RequestResponse',
        debug: {
          port,
          ...(request.attachWaitSeconds !== undefined
            ? { attachWaitSeconds: request.attachWaitSeconds }
            : {}),
        },
      },
      signal,
    );
  } finally {
    watching.abort();
    client.destroy();
  }
}

/**
 * The runtime's line saying its debugger listens on the port ("Debugger listening on ws://…" from
 * Node, "debugpy listening on …" from our Python bootstrap), once it is in the function's log;
 * undefined if the watch is stopped first. The group may not exist before the first invocation.
 */
async function listeningLine(
  logs: CloudWatchLogsClient,
  logGroupName: string,
  port: number,
  since: number,
  signal: AbortSignal,
): Promise<string | undefined> {
  while (!signal.aborted) {
    try {
      let nextToken: string | undefined;
      do {
        const page = await logs.send(
          new FilterLogEventsCommand({
            logGroupName,
            startTime: since,
            filterPattern: `"listening on" "127.0.0.1:${port}"`,
            ...(nextToken ? { nextToken } : {}),
          }),
          { abortSignal: signal },
        );
        const found = page.events?.find((event) => event.message?.includes(`127.0.0.1:${port}`));
        if (found?.message) return found.message.trim();
        nextToken = page.nextToken;
      } while (nextToken && !signal.aborted);
    } catch (error) {
      if (!(error instanceof ResourceNotFoundException)) throw error;
    }
    await new Promise((resolve) => setTimeout(resolve, LOG_POLL_MS));
  }
  return undefined;
}
