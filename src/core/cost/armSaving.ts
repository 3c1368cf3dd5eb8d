// What moving a function to arm64 (Graviton) saves a month. arm64 duration costs 20 % less per
// GB-s; whether the code also runs faster or slower there is the caller's to say
// (durationRatio, default 1: the same duration, which is the conservative assumption).
import { monthlyCost, type CostInput, type CostOptions } from './monthlyCost';

export interface ArmSaving {
  readonly x86Usd: number;
  readonly arm64Usd: number;
  /** x86Usd − arm64Usd (negative when arm64 would cost more). */
  readonly savingUsd: number;
  /** savingUsd / x86Usd (NaN when x86 costs nothing). */
  readonly savingFraction: number;
  readonly basis: string;
}

export function armSaving(
  input: CostInput,
  options: CostOptions = {},
  durationRatio = 1,
): ArmSaving {
  const x86 = monthlyCost({ ...input, architecture: 'x86_64' }, options).totalUsd;
  const arm = monthlyCost(
    { ...input, architecture: 'arm64', durationMs: input.durationMs * durationRatio },
    options,
  ).totalUsd;
  return {
    x86Usd: x86,
    arm64Usd: arm,
    savingUsd: x86 - arm,
    savingFraction: x86 > 0 ? (x86 - arm) / x86 : NaN,
    basis:
      durationRatio === 1
        ? 'same duration on arm64 assumed (measure it: native modules and CPU-bound code differ)'
        : `arm64 duration × ${durationRatio}`,
  };
}
