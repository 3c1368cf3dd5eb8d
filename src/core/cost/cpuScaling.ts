// How Lambda's CPU grows with memory (aws-facts.md; AWS docs "Configuring Lambda function
// memory"): CPU is proportional to memory, one full vCPU at 1,769 MB, up to 6 vCPUs at 10,240 MB.
import { MEMORY_MAX_MB, MEMORY_PER_VCPU_MB } from '../limits';

export const MAX_VCPUS = 6;

/** vCPUs at a memory size: memory / 1,769 MB, reaching 6 at the 10,240 MB maximum. */
export function vcpusAt(memoryMB: number): number {
  const linear = memoryMB / MEMORY_PER_VCPU_MB;
  // 10,240 / 1,769 is 5.79: AWS allocates the 6th vCPU at the top of the range.
  return memoryMB >= MEMORY_MAX_MB ? MAX_VCPUS : Math.min(MAX_VCPUS, linear);
}

/** The CPU a program that can use `threads` vCPUs actually gets at a memory size. */
export function usableCpu(memoryMB: number, threads = 1): number {
  return Math.min(vcpusAt(memoryMB), Math.max(1, threads));
}

/**
 * Duration at another memory size, by the CPU-bound fraction model: the CPU-bound share f of
 * the time scales with 1 / usable CPU, the rest (waiting on the network, disks) does not:
 *   d(m) = d(m0) × ((1 − f) + f × cpu(m0) / cpu(m))
 */
export function scaledDurationMs(
  durationMs: number,
  fromMB: number,
  toMB: number,
  cpuBoundFraction: number,
  threads = 1,
): number {
  const f = Math.min(1, Math.max(0, cpuBoundFraction));
  return durationMs * (1 - f + (f * usableCpu(fromMB, threads)) / usableCpu(toMB, threads));
}

/**
 * The CPU-bound fraction that explains two measurements at different memory sizes; undefined
 * when both sizes give the same usable CPU (nothing to learn from them).
 */
export function cpuBoundFractionFrom(
  a: { memoryMB: number; durationMs: number },
  b: { memoryMB: number; durationMs: number },
  threads = 1,
): number | undefined {
  const ratio = usableCpu(a.memoryMB, threads) / usableCpu(b.memoryMB, threads);
  if (Math.abs(1 - ratio) < 1e-9 || !(a.durationMs > 0)) return undefined;
  const f = (1 - b.durationMs / a.durationMs) / (1 - ratio);
  return Math.min(1, Math.max(0, f));
}
