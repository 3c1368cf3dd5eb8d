// Lambda prices per region, with the date they were taken and where from. Only regions whose
// prices we can cite are "known"; any other region gets us-east-1's table, marked as a fallback
// with the reason, so a figure is never silently priced in the wrong region. Settings can
// override every price (PriceOverrides).

export type Architecture = 'x86_64' | 'arm64';
export const ARCHITECTURES: readonly Architecture[] = ['x86_64', 'arm64'];

/** Usage up to `upToGbSeconds` a month (cumulative, per account, region and architecture) at this rate. */
export interface DurationTier {
  readonly upToGbSeconds: number;
  readonly usdPerGbSecond: number;
}

export interface ProvisionedPrices {
  /** Per GB-s of concurrency kept ready, whether used or not. */
  readonly concurrencyUsdPerGbSecond: number;
  /** Per GB-s of invocations it serves (instead of the on-demand duration price). */
  readonly durationUsdPerGbSecond: number;
}

export interface PriceTable {
  readonly region: string;
  /** The date the prices were taken (YYYY-MM-DD). */
  readonly asOf: string;
  readonly source: string;
  readonly requestUsdPerMillion: number;
  readonly duration: Readonly<Record<Architecture, readonly DurationTier[]>>;
  /** Per GB-s of ephemeral storage configured above the free 512 MB. */
  readonly ephemeralUsdPerGbSecond: number;
  readonly provisioned: Readonly<Record<Architecture, ProvisionedPrices>>;
  readonly freeTier: { readonly requests: number; readonly gbSeconds: number };
  /** Prices nobody has verified (shown with the figures they feed). */
  readonly unverified: readonly string[];
}

// us-east-1 from the AWS price list rate codes (../shared/notes/aws-facts.md, "Pricing, us-east-1").
// Tier rates are the price list's own rounding of −10 % and −20 % (x86_64 0.0000150000 and
// 0.0000133334; arm64 0.0000120001 and 0.0000106667).
const US_EAST_1: PriceTable = {
  region: 'us-east-1',
  asOf: '2025-08-01',
  source: 'AWS price list rate codes, us-east-1 (aws-facts.md)',
  requestUsdPerMillion: 0.2,
  duration: {
    x86_64: [
      { upToGbSeconds: 6e9, usdPerGbSecond: 0.0000166667 },
      { upToGbSeconds: 15e9, usdPerGbSecond: 0.000015 },
      { upToGbSeconds: Infinity, usdPerGbSecond: 0.0000133334 },
    ],
    arm64: [
      { upToGbSeconds: 7.5e9, usdPerGbSecond: 0.0000133334 },
      { upToGbSeconds: 18.75e9, usdPerGbSecond: 0.0000120001 },
      { upToGbSeconds: Infinity, usdPerGbSecond: 0.0000106667 },
    ],
  },
  ephemeralUsdPerGbSecond: 0.0000000309,
  provisioned: {
    x86_64: { concurrencyUsdPerGbSecond: 0.0000041667, durationUsdPerGbSecond: 0.0000097222 },
    // Not in the notes: the x86_64 figures × 0.8, the ratio of arm64 to x86_64 on-demand duration.
    arm64: { concurrencyUsdPerGbSecond: 0.0000033334, durationUsdPerGbSecond: 0.0000077778 },
  },
  freeTier: { requests: 1_000_000, gbSeconds: 400_000 },
  unverified: ['arm64 provisioned concurrency (x86_64 × 0.8)'],
};

/** The regions whose prices are known. Others fall back to us-east-1 (see priceTableFor). */
export const PRICE_TABLES: Readonly<Record<string, PriceTable>> = { 'us-east-1': US_EAST_1 };

export interface PriceOverrides {
  readonly requestUsdPerMillion?: number;
  /** A number replaces the first tier's rate and scales the other tiers alike; an array replaces the tiers. */
  readonly durationUsdPerGbSecond?: Partial<Record<Architecture, number | readonly DurationTier[]>>;
  readonly ephemeralUsdPerGbSecond?: number;
  readonly provisioned?: Partial<Record<Architecture, Partial<ProvisionedPrices>>>;
  readonly freeTier?: Partial<PriceTable['freeTier']>;
  /** The date of the overriding prices. */
  readonly asOf?: string;
}

export interface ResolvedPrices {
  readonly table: PriceTable;
  /** True when the table is the region's own (not a fallback). */
  readonly known: boolean;
  /** What the prices rest on, one sentence each: shown beside the figures. */
  readonly basis: readonly string[];
}

/** The prices for a region with the user's overrides applied; invalid overrides are ignored and said so. */
export function priceTableFor(
  region = 'us-east-1',
  overrides: PriceOverrides = {},
): ResolvedPrices {
  const own = PRICE_TABLES[region];
  const base = own ?? US_EAST_1;
  const basis: string[] = own
    ? [`${base.region} prices as of ${base.asOf} (${base.source})`]
    : [
        `no verified price table for ${region}: using ${base.region} prices as of ${base.asOf}; many regions share them but some differ — set price overrides for ${region}`,
      ];
  const applied: string[] = [];
  const price = (name: string, value: unknown, fallback: number): number => {
    if (value === undefined) return fallback;
    if (typeof value === 'number' && Number.isFinite(value) && value >= 0) {
      applied.push(name);
      return value;
    }
    basis.push(`override ${name} ignored: not a non-negative number`);
    return fallback;
  };
  const duration = {} as Record<Architecture, readonly DurationTier[]>;
  for (const arch of ARCHITECTURES) {
    const given = overrides.durationUsdPerGbSecond?.[arch];
    if (Array.isArray(given)) {
      const valid =
        given.length > 0 &&
        given.every(
          (t, i) =>
            t.upToGbSeconds > (given[i - 1]?.upToGbSeconds ?? 0) &&
            Number.isFinite(t.usdPerGbSecond) &&
            t.usdPerGbSecond >= 0,
        ) &&
        given.at(-1)!.upToGbSeconds === Infinity;
      if (valid) applied.push(`${arch} duration tiers`);
      else
        basis.push(`override ${arch} duration tiers ignored: tiers must rise and end at Infinity`);
      duration[arch] = valid ? given : base.duration[arch];
    } else {
      const first = base.duration[arch][0]!.usdPerGbSecond;
      const rate = price(`${arch} duration`, given, first);
      duration[arch] = base.duration[arch].map((t) => ({
        upToGbSeconds: t.upToGbSeconds,
        usdPerGbSecond: rate === first ? t.usdPerGbSecond : (t.usdPerGbSecond * rate) / first,
      }));
    }
  }
  const provisioned = {} as Record<Architecture, ProvisionedPrices>;
  for (const arch of ARCHITECTURES) {
    const given = overrides.provisioned?.[arch] ?? {};
    provisioned[arch] = {
      concurrencyUsdPerGbSecond: price(
        `${arch} provisioned concurrency`,
        given.concurrencyUsdPerGbSecond,
        base.provisioned[arch].concurrencyUsdPerGbSecond,
      ),
      durationUsdPerGbSecond: price(
        `${arch} provisioned duration`,
        given.durationUsdPerGbSecond,
        base.provisioned[arch].durationUsdPerGbSecond,
      ),
    };
  }
  const table: PriceTable = {
    region,
    asOf: overrides.asOf ?? base.asOf,
    source: base.source,
    requestUsdPerMillion: price(
      'requests',
      overrides.requestUsdPerMillion,
      base.requestUsdPerMillion,
    ),
    duration,
    ephemeralUsdPerGbSecond: price(
      'ephemeral storage',
      overrides.ephemeralUsdPerGbSecond,
      base.ephemeralUsdPerGbSecond,
    ),
    provisioned,
    freeTier: {
      requests: price('free tier requests', overrides.freeTier?.requests, base.freeTier.requests),
      gbSeconds: price('free tier GB-s', overrides.freeTier?.gbSeconds, base.freeTier.gbSeconds),
    },
    unverified: base.unverified.filter(
      (u) =>
        !(
          u.startsWith('arm64 provisioned') &&
          overrides.provisioned?.arm64?.concurrencyUsdPerGbSecond !== undefined &&
          overrides.provisioned.arm64.durationUsdPerGbSecond !== undefined
        ),
    ),
  };
  if (applied.length)
    basis.push(
      `your overrides: ${applied.join(', ')}${overrides.asOf ? ` (as of ${overrides.asOf})` : ''}`,
    );
  return { table, known: own !== undefined, basis };
}
