// Whether an Invoke asks for (or against) Lambda's CPU share (X-Lambda-Lens-Cpu-Share, see
// core/invoke/cpuShare.ts), checked: anything but on or off is refused before anything runs.
import { fail } from '../../core/apiProblem';
import { CPU_SHARE_HEADER, parseCpuShareHeader } from '../../core/invoke/cpuShare';
import type { Exchange } from '../http/exchange';

/** true or false when the Invoke says, undefined when it leaves it to the endpoint. */
export function readCpuShareRequest(exchange: Exchange): boolean | undefined {
  const value = exchange.headers[CPU_SHARE_HEADER];
  const text = Array.isArray(value) ? value[0] : value;
  if (text === undefined) return undefined;
  const on = parseCpuShareHeader(text);
  if (typeof on === 'string') fail('InvalidParameterValueException', on);
  return on;
}
