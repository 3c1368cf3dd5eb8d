// Tiered on-demand duration pricing: the rate falls as the month's GB-seconds (per account,
// region and architecture) pass each tier's upper bound (aws-facts.md: x86_64 6 B and 15 B GB-s,
// arm64 7.5 B and 18.75 B).
import type { DurationTier } from './priceTable';

/** The cost of `gbSeconds` when `alreadyUsed` GB-s of the month were used before them. */
export function tieredDurationUsd(
  gbSeconds: number,
  tiers: readonly DurationTier[],
  alreadyUsed = 0,
): number {
  let usd = 0;
  let from = Math.max(0, alreadyUsed);
  let left = Math.max(0, gbSeconds);
  for (const tier of tiers) {
    if (left <= 0) break;
    if (from >= tier.upToGbSeconds) continue;
    const inTier = Math.min(left, tier.upToGbSeconds - from);
    usd += inTier * tier.usdPerGbSecond;
    left -= inTier;
    from += inTier;
  }
  return usd;
}
