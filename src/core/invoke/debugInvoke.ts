// The wire contract of a debug invocation on the local endpoint, shared by its server (src/local)
// and its clients (src/cloud, the CLI): an Invoke that carries X-Lambda-Lens-Debug-Port runs in a
// fresh execution environment whose runtime opens its debugger on 127.0.0.1:PORT and waits for one
// to attach before the handler module loads. The Invoke is answered when the invocation ends.
// These headers are ours: real Lambda ignores them.
import { runtimeInfo } from '../runtimes';

export const DEBUG_PORT_HEADER = 'x-lambda-lens-debug-port';
/** Seconds to wait for a debugger to attach (default DEFAULT_ATTACH_WAIT_SECONDS). */
export const DEBUG_ATTACH_WAIT_HEADER = 'x-lambda-lens-debug-attach-wait';

export const DEFAULT_ATTACH_WAIT_SECONDS = 120;
/** Lambda's longest timeout: nobody should wait longer for a debugger to come. */
export const MAX_ATTACH_WAIT_SECONDS = 900;

/** What a debug invocation asks for, checked. */
export interface DebugRequest {
  readonly port: number;
  readonly attachWaitSeconds: number;
}

/** The runtime families that can be debugged, and the port their debuggers use by default. */
const DEFAULT_PORTS: Readonly<Record<string, number>> = { nodejs: 9229, python: 5678 };

/** Node's inspector (9229) or debugpy (5678); undefined for a runtime that cannot be debugged here. */
export function defaultDebugPort(runtime: string): number | undefined {
  const family = runtimeInfo(runtime)?.family;
  return family === undefined ? undefined : DEFAULT_PORTS[family];
}

/** Why this runtime cannot be debugged on the local endpoint; undefined when it can. */
export function undebuggableRuntime(runtime: string): string | undefined {
  if (defaultDebugPort(runtime) !== undefined) return undefined;
  return `Debugging runs Node.js and Python functions; ${runtime} functions run without a debugger on the local endpoint.`;
}

/** A port as the header or the CLI gives it: a whole number from 1 to 65535, else a message saying so. */
export function parseDebugPort(text: string): number | string {
  const port = /^\d{1,5}$/.test(text.trim()) ? Number(text.trim()) : NaN;
  return port >= 1 && port <= 65535
    ? port
    : `The debug port must be a whole number from 1 to 65535, not "${text}".`;
}

/** Seconds to wait for a debugger, 1 to 900, else a message saying so. */
export function parseAttachWait(text: string): number | string {
  const seconds = /^\d{1,4}$/.test(text.trim()) ? Number(text.trim()) : NaN;
  return seconds >= 1 && seconds <= MAX_ATTACH_WAIT_SECONDS
    ? seconds
    : `The wait for a debugger must be a whole number of seconds from 1 to ${MAX_ATTACH_WAIT_SECONDS}, not "${text}".`;
}

/** The headers a client adds to its Invoke. */
export function debugHeaders(request: {
  port: number;
  attachWaitSeconds?: number;
}): Record<string, string> {
  return {
    [DEBUG_PORT_HEADER]: String(request.port),
    ...(request.attachWaitSeconds !== undefined
      ? { [DEBUG_ATTACH_WAIT_HEADER]: String(request.attachWaitSeconds) }
      : {}),
  };
}
