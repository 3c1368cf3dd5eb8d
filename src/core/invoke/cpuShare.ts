// The local endpoint's CPU share: on Lambda the CPU a function gets follows its memory (1,769 MB is
// one vCPU, see cost/cpuScaling.ts); locally every environment would get the whole machine. With
// the share on, an environment gets Lambda's share for its memory, capped by this machine's cores.
// This is the wire contract (shared by the endpoint and its clients, the tuner among them) and
// the platform line the endpoint writes after REPORT. The header is ours: real Lambda ignores it.
import { vcpusAt } from '../cost/cpuScaling';

/** `on` or `off` for this invocation, whatever the endpoint's own setting. */
export const CPU_SHARE_HEADER = 'x-lambda-lens-cpu-share';

/** The header's value, checked: true (on), false (off), or a message saying what is allowed. */
export function parseCpuShareHeader(text: string): boolean | string {
  const value = text.trim().toLowerCase();
  if (value === 'on') return true;
  if (value === 'off') return false;
  return `The CPU share header (X-Lambda-Lens-Cpu-Share) must be "on" or "off", not "${text.slice(0, 40)}".`;
}

/** The headers a client adds to its Invoke to ask for (or against) the share. */
export function cpuShareHeaders(on: boolean): Record<string, string> {
  return { [CPU_SHARE_HEADER]: on ? 'on' : 'off' };
}

export interface CpuShareFigure {
  /** vCPUs Lambda gives this memory size. */
  readonly lambdaVcpus: number;
  /** What this machine can give: lambdaVcpus, at most its cores. */
  readonly vcpus: number;
  readonly capped: boolean;
}

export function cpuShareFor(memoryMB: number, cores: number): CpuShareFigure {
  const lambdaVcpus = vcpusAt(memoryMB);
  const vcpus = Math.min(lambdaVcpus, Math.max(1, cores));
  return { lambdaVcpus, vcpus, capped: vcpus < lambdaVcpus };
}

/** What the share did for one invocation: on through a mechanism, or off and why. */
export type CpuShareOutcome =
  | {
      readonly on: true;
      readonly mechanism: string;
      readonly figure: CpuShareFigure;
      readonly cores: number;
    }
  | { readonly on: false; readonly reason: string };

/**
 * The text line after REPORT (a platform line of ours, never a REPORT: nothing that reads REPORT
 * lines counts it), e.g. `CPU_SHARE RequestId: …\tShare: 0.07 vCPU\tMechanism: cgroup\t`.
 */
export function cpuShareLine(requestId: string, outcome: CpuShareOutcome): string {
  if (!outcome.on)
    return `CPU_SHARE RequestId: ${requestId}\tShare: off\tReason: ${outcome.reason}\t`;
  const { figure } = outcome;
  const capped = figure.capped
    ? `\tCapped: Lambda gives ${vcpuText(figure.lambdaVcpus)} vCPU, this machine has ${outcome.cores} cores`
    : '';
  return `CPU_SHARE RequestId: ${requestId}\tShare: ${vcpuText(figure.vcpus)} vCPU\tMechanism: ${outcome.mechanism}${capped}\t`;
}

/** The JSON log format's counterpart: a record type of ours, not a platform.* one. */
export function cpuShareRecord(at: Date, requestId: string, outcome: CpuShareOutcome): string {
  const record = outcome.on
    ? {
        requestId,
        share: 'on',
        vcpus: round2(outcome.figure.vcpus),
        lambdaVcpus: round2(outcome.figure.lambdaVcpus),
        mechanism: outcome.mechanism,
        ...(outcome.figure.capped ? { cappedAtCores: outcome.cores } : {}),
      }
    : { requestId, share: 'off', reason: outcome.reason };
  return JSON.stringify({ time: at.toISOString(), type: 'lambdaLens.cpuShare', record });
}

function vcpuText(vcpus: number): string {
  return round2(vcpus).toFixed(2);
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}
