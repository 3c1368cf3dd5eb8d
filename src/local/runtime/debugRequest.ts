// Whether an Invoke asks for a debug invocation (X-Lambda-Lens-Debug-Port, see
// core/invoke/debugInvoke.ts), checked: a bad port or wait, an invocation type other than
// RequestResponse, or a runtime we cannot debug is refused before anything starts.
import { fail } from '../../core/apiProblem';
import {
  DEBUG_ATTACH_WAIT_HEADER,
  DEBUG_PORT_HEADER,
  DEFAULT_ATTACH_WAIT_SECONDS,
  parseAttachWait,
  parseDebugPort,
  undebuggableRuntime,
  type DebugRequest,
} from '../../core/invoke/debugInvoke';
import type { Exchange } from '../http/exchange';

export function readDebugRequest(
  exchange: Exchange,
  invocationType: string,
  runtime: string,
): DebugRequest | undefined {
  const portText = first(exchange.headers[DEBUG_PORT_HEADER]);
  if (portText === undefined) return undefined;
  const port = parseDebugPort(portText);
  if (typeof port === 'string') fail('InvalidParameterValueException', port);
  const waitText = first(exchange.headers[DEBUG_ATTACH_WAIT_HEADER]);
  const attachWaitSeconds =
    waitText === undefined ? DEFAULT_ATTACH_WAIT_SECONDS : parseAttachWait(waitText);
  if (typeof attachWaitSeconds === 'string')
    fail('InvalidParameterValueException', attachWaitSeconds);
  if (invocationType !== 'RequestResponse') {
    fail(
      'InvalidParameterValueException',
      `A debug invocation is a RequestResponse invocation (it answers when the debugging ends), not ${invocationType}.`,
    );
  }
  const why = undebuggableRuntime(runtime);
  if (why) fail('InvalidParameterValueException', why);
  return { port, attachWaitSeconds };
}

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
