// The cheapest and the fastest memory size for a function, from one measured duration and the
// CPU-bound fraction model (cpuScaling.ts). Assumptions, stated with the result: the CPU-bound
// share is known or assumed (default 0.5), the code uses `threads` vCPUs (default 1: Node.js and
// Python handlers are single-threaded), and the function needs its observed memory plus headroom.
import { MEMORY_MAX_MB, MEMORY_MIN_MB } from '../limits';
import { scaledDurationMs } from './cpuScaling';
import { costPerMillion, monthlyCost, type CostInput, type CostOptions } from './monthlyCost';

export const DEFAULT_CPU_BOUND_FRACTION = 0.5;
/** Sizes people choose, plus 1,769 MB (one full vCPU) and the maximum. */
export const CANDIDATE_MEMORY_MB: readonly number[] = [
  128, 256, 512, 768, 1024, 1536, 1769, 2048, 3008, 3538, 4096, 5307, 6144, 7076, 8192, 10240,
];
/** Headroom above the largest Max Memory Used seen, so a recommended size does not run out. */
export const MEMORY_HEADROOM = 1.2;

export interface MemoryOption {
  readonly memoryMB: number;
  readonly durationMs: number;
  readonly perMillionUsd: number;
  readonly monthlyUsd: number;
}

export interface MemoryRecommendation {
  readonly options: readonly MemoryOption[];
  readonly cheapest: MemoryOption;
  readonly fastest: MemoryOption;
  readonly current: MemoryOption;
  readonly basis: readonly string[];
}

export interface MemoryRecommendationInput extends CostInput {
  readonly cpuBoundFraction?: number;
  readonly threads?: number;
  /** Largest Max Memory Used observed; sizes below it × 1.2 are not offered. */
  readonly maxMemoryUsedMB?: number;
  readonly candidatesMB?: readonly number[];
}

export function recommendMemory(
  input: MemoryRecommendationInput,
  options: CostOptions = {},
): MemoryRecommendation {
  const f = input.cpuBoundFraction ?? DEFAULT_CPU_BOUND_FRACTION;
  const threads = input.threads ?? 1;
  const floor = Math.max(MEMORY_MIN_MB, Math.ceil((input.maxMemoryUsedMB ?? 0) * MEMORY_HEADROOM));
  const sizes = new Set(
    (input.candidatesMB ?? CANDIDATE_MEMORY_MB).filter((m) => m >= floor && m <= MEMORY_MAX_MB),
  );
  sizes.add(input.memoryMB);
  const at = (memoryMB: number): MemoryOption => {
    // Each invocation is billed in whole milliseconds, at least 1.
    const durationMs = Math.max(
      1,
      Math.ceil(scaledDurationMs(input.durationMs, input.memoryMB, memoryMB, f, threads)),
    );
    const scaled = { ...input, memoryMB, durationMs };
    return {
      memoryMB,
      durationMs,
      perMillionUsd: costPerMillion(scaled, options),
      monthlyUsd: monthlyCost(scaled, options).totalUsd,
    };
  };
  const all = [...sizes].sort((a, b) => a - b).map(at);
  // Ties (within 0.5 %) go to the faster size for cost, and to the smaller size for speed.
  const cheapest = all.reduce((best, o) =>
    o.perMillionUsd < best.perMillionUsd * 0.995 ||
    (o.perMillionUsd <= best.perMillionUsd * 1.005 && o.durationMs < best.durationMs)
      ? o
      : best,
  );
  const fastest = all.reduce((best, o) => (o.durationMs < best.durationMs * 0.995 ? o : best));
  const basis = [
    `duration at other sizes from ${input.durationMs} ms at ${input.memoryMB} MB, ${Math.round(f * 100)} % CPU-bound${input.cpuBoundFraction === undefined ? ' (assumed; measure two sizes to know)' : ''}, using ${threads} vCPU${threads === 1 ? '' : 's'}`,
    'CPU grows with memory: 1 vCPU at 1,769 MB, up to 6 at 10,240 MB',
  ];
  if (floor > MEMORY_MIN_MB)
    basis.push(`sizes below ${floor} MB left out (observed memory use + 20 %)`);
  return {
    options: all,
    cheapest,
    fastest,
    current: all.find((o) => o.memoryMB === input.memoryMB)!,
    basis,
  };
}
