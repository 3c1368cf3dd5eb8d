// The cost model against AWS's published pricing examples (to the cent) and its edge cases.
// Rates are us-east-1's from ../shared/notes/aws-facts.md. The pre-2020 edition's examples 1 and 2
// (aws.amazon.com/lambda/pricing, with their own $0.00001667 rate) and the 1 ms billing launch post
// (aws.amazon.com/blogs/aws/new-for-aws-lambda-1ms-billing-granularity-adds-cost-savings) were read
// from stored copies of those pages: their inputs and totals are quoted. The current page's figures
// render client-side; its examples' totals are worked out in the comments from its inputs and rates.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import {
  costPerMillion,
  monthlyCost,
  toCents,
  type CostInput,
} from '../../src/core/cost/monthlyCost';
import { priceTableFor } from '../../src/core/cost/priceTable';
import { tieredDurationUsd } from '../../src/core/cost/durationTiers';
import { armSaving } from '../../src/core/cost/armSaving';

const line = (estimate: ReturnType<typeof monthlyCost>, item: string) =>
  estimate.lines.find((l) => l.item === item);

test('AWS pricing page, example 1 "Mobile application backend": 3M requests, 120 ms, 1,536 MB, arm64 → $7.80', () => {
  // 3M × 0.120 s = 360,000 s × 1.5 GB = 540,000 GB-s × $0.0000133334 = $7.20; 3M × $0.20/M = $0.60.
  // The page's examples leave the free tier out.
  const e = monthlyCost(
    { requestsPerMonth: 3e6, durationMs: 120, memoryMB: 1536, architecture: 'arm64' },
    { freeTier: false },
  );
  assert.equal(line(e, 'duration')!.quantity, 540_000);
  assert.equal(toCents(line(e, 'duration')!.usd), 7.2);
  assert.equal(toCents(line(e, 'requests')!.usd), 0.6);
  assert.equal(toCents(e.totalUsd), 7.8);
});

test('AWS pricing page (pre-2020 edition) example 1: 512 MB, 3M runs of 1 s, free tier → $18.74 at its $0.00001667 rate', () => {
  // 3M s × 0.5 GB = 1.5M GB-s − 400,000 free = 1.1M × $0.00001667 = $18.34; (3M − 1M free) × $0.20/M = $0.40.
  const input: CostInput = {
    requestsPerMonth: 3e6,
    durationMs: 1000,
    memoryMB: 512,
    architecture: 'x86_64',
  };
  const then = monthlyCost(input, {
    overrides: { durationUsdPerGbSecond: { x86_64: 0.00001667 } },
  });
  assert.equal(toCents(line(then, 'duration')!.usd), 18.34);
  assert.equal(toCents(line(then, 'requests')!.usd), 0.4);
  assert.equal(toCents(then.totalUsd), 18.74);
  // At today's $0.0000166667: 1.1M × $0.0000166667 = $18.33.
  assert.equal(toCents(monthlyCost(input).totalUsd), 18.73);
});

test('AWS pricing page (pre-2020 edition) example 2: 128 MB, 30M runs of 200 ms, free tier → $11.63', () => {
  // 30M × 0.2 s = 6M s × 0.125 GB = 750,000 GB-s − 400,000 = 350,000 × $0.0000166667 = $5.83; 29M × $0.20/M = $5.80.
  const e = monthlyCost({
    requestsPerMonth: 30e6,
    durationMs: 200,
    memoryMB: 128,
    architecture: 'x86_64',
  });
  assert.equal(toCents(line(e, 'duration')!.usd), 5.83);
  assert.equal(toCents(line(e, 'requests')!.usd), 5.8);
  assert.equal(toCents(e.totalUsd), 11.63);
});

test('AWS 1 ms billing launch post: 60M invocations of 28 ms at 1 GB, no free tier → $12 requests + $28 duration (was $100 at 100 ms)', () => {
  // "60 million invocations * $0.20 per 1M requests = $12"; "60 million invocations * 28ms * 1G memory
  // * $0.0000166667 for every GB-second = $28"; with the old rounding, 100 ms each: "= $100".
  const input: CostInput = {
    requestsPerMonth: 60e6,
    durationMs: 28,
    memoryMB: 1024,
    architecture: 'x86_64',
  };
  const e = monthlyCost(input, { freeTier: false });
  assert.equal(toCents(line(e, 'requests')!.usd), 12);
  assert.equal(toCents(line(e, 'duration')!.usd), 28);
  assert.equal(
    toCents(line(monthlyCost({ ...input, durationMs: 100 }, { freeTier: false }), 'duration')!.usd),
    100,
  );
});

test('AWS pricing page, provisioned concurrency example: 1,000 × 1,536 MB for 8 h a day, 31 days, 100M requests of 200 ms', () => {
  // Kept: 1,000 × 1.5 GB × (31 × 8 × 3,600 = 892,800 s) = 1,339,200,000 GB-s × $0.0000041667 = $5,580.04.
  // Served: 100M × 0.2 s × 1.5 GB = 30M GB-s × $0.0000097222 = $291.67. Requests: 100M × $0.20/M = $20.00.
  const e = monthlyCost(
    {
      requestsPerMonth: 100e6,
      durationMs: 200,
      memoryMB: 1536,
      architecture: 'x86_64',
      provisionedConcurrency: 1000,
      provisionedHoursPerMonth: 31 * 8,
      provisionedServedFraction: 1,
    },
    { freeTier: false },
  );
  assert.equal(line(e, 'provisionedConcurrency')!.quantity, 1_339_200_000);
  assert.equal(toCents(line(e, 'provisionedConcurrency')!.usd), 5580.04);
  assert.equal(toCents(line(e, 'provisionedDuration')!.usd), 291.67);
  assert.equal(toCents(line(e, 'requests')!.usd), 20);
  assert.equal(toCents(line(e, 'duration')!.usd), 0);
  assert.equal(toCents(e.totalUsd), 5891.71);
});

test('provisioned concurrency removes the cold starts of the requests it serves (steady-load model)', () => {
  // 2.628M requests a month of 1 s = 1 request/s × 1 s = mean concurrency 1; 1 provisioned serves them all.
  const base: CostInput = {
    requestsPerMonth: 730 * 3600,
    durationMs: 1000,
    memoryMB: 1024,
    architecture: 'x86_64',
    coldStartRate: 0.02,
    initDurationMs: 300,
  };
  const none = monthlyCost(base);
  const one = monthlyCost({ ...base, provisionedConcurrency: 1 });
  assert.equal(one.provisionedServedFraction, 1);
  assert.equal(one.coldStartsPerMonth, 0);
  assert.ok(Math.abs(one.coldStartsRemoved - none.coldStartsPerMonth) < 1e-6);
  const half = monthlyCost({
    ...base,
    requestsPerMonth: 2 * 730 * 3600,
    provisionedConcurrency: 1,
  });
  assert.ok(Math.abs(half.provisionedServedFraction - 0.5) < 1e-12);
  const nights = monthlyCost({ ...base, provisionedConcurrency: 1, provisionedHoursPerMonth: 365 });
  assert.ok(Math.abs(nights.provisionedServedFraction - 0.5) < 1e-12);
});

test('free tier: 1M requests and 400,000 GB-s a month cost nothing; the toggle turns it off', () => {
  const input: CostInput = {
    requestsPerMonth: 1e6,
    durationMs: 400,
    memoryMB: 1024,
    architecture: 'x86_64',
  };
  assert.equal(monthlyCost(input).totalUsd, 0);
  // 1M × $0.20/M + 400,000 × $0.0000166667 = $0.20 + $6.67.
  assert.equal(toCents(monthlyCost(input, { freeTier: false }).totalUsd), 6.87);
  // One more GB-s than free: 1 × $0.0000166667.
  const over = monthlyCost({ ...input, durationMs: 400.001 });
  assert.ok(Math.abs(over.totalUsd - 1 * 0.0000166667) < 1e-9, String(over.totalUsd));
});

test("tiers: x86_64 at 6 B and 15 B GB-s, arm64 at 7.5 B and 18.75 B, counted from the account's earlier use", () => {
  const { table } = priceTableFor('us-east-1');
  // 6B × $0.0000166667 + 1B × $0.000015 = $100,000.20 + $15,000.00.
  assert.equal(toCents(tieredDurationUsd(7e9, table.duration.x86_64)), 115_000.2);
  // 7.5B × $0.0000133334 + 11.25B × $0.0000120001 + 1.25B × $0.0000106667 = $100,000.50 + $135,001.13 + $13,333.38.
  assert.equal(toCents(tieredDurationUsd(20e9, table.duration.arm64)), 248_335);
  // 0.2B GB-s after 5.9B already used: 0.1B at the first rate, 0.1B at the second.
  assert.equal(toCents(tieredDurationUsd(0.2e9, table.duration.x86_64, 5.9e9)), 3166.67);
  assert.equal(toCents(tieredDurationUsd(1e9, table.duration.x86_64, 20e9)), 13_333.4);
  const e = monthlyCost(
    { requestsPerMonth: 7e9, durationMs: 1000, memoryMB: 1024, architecture: 'x86_64' },
    { freeTier: false },
  );
  assert.equal(toCents(line(e, 'duration')!.usd), 115_000.2);
});

test('arm64: 20 % less per GB-s, the same request price', () => {
  const input: CostInput = {
    requestsPerMonth: 10e6,
    durationMs: 50,
    memoryMB: 512,
    architecture: 'x86_64',
  };
  const s = armSaving(input, { freeTier: false });
  // x86: 250,000 GB-s × $0.0000166667 + $2 = $6.17; arm64: 250,000 × $0.0000133334 + $2 = $5.33.
  assert.equal(toCents(s.x86Usd), 6.17);
  assert.equal(toCents(s.arm64Usd), 5.33);
  assert.equal(toCents(s.savingUsd), 0.83);
  assert.match(s.basis, /same duration/);
});

test('ephemeral storage above 512 MB, billed for the same time as duration', () => {
  // 1M × 1 s with 10,240 MB: 9.5 GB extra × 1M s = 9.5M GB-s × $0.0000000309 = $0.29.
  const e = monthlyCost(
    {
      requestsPerMonth: 1e6,
      durationMs: 1000,
      memoryMB: 1024,
      architecture: 'x86_64',
      ephemeralStorageMB: 10_240,
    },
    { freeTier: false },
  );
  assert.equal(line(e, 'ephemeralStorage')!.quantity, 9.5e6);
  assert.equal(toCents(line(e, 'ephemeralStorage')!.usd), 0.29);
  assert.equal(
    line(
      monthlyCost({
        requestsPerMonth: 1e6,
        durationMs: 1000,
        memoryMB: 1024,
        architecture: 'x86_64',
        ephemeralStorageMB: 512,
      }),
      'ephemeralStorage',
    ),
    undefined,
  );
});

test('INIT billing: cold starts pay for their Init Duration since 2025-08-01; the toggle models the old rule', () => {
  // 1M × 0.1 s × 1 GB = 100,000 GB-s ($1.67); 1 % cold × 500 ms INIT = 10,000 × 0.5 s = 5,000 GB-s ($0.08).
  const input: CostInput = {
    requestsPerMonth: 1e6,
    durationMs: 100,
    memoryMB: 1024,
    architecture: 'x86_64',
    coldStartRate: 0.01,
    initDurationMs: 500,
  };
  const e = monthlyCost(input, { freeTier: false });
  assert.equal(line(e, 'init')!.quantity, 5000);
  assert.equal(toCents(line(e, 'init')!.usd), 0.08);
  assert.equal(toCents(e.totalUsd), 0.2 + 1.67 + 0.08);
  const old = monthlyCost({ ...input, initBilled: false }, { freeTier: false });
  assert.equal(line(old, 'init')!.usd, 0);
  assert.equal(toCents(old.totalUsd), 1.87);
  assert.equal(e.coldStartsPerMonth, 10_000);
});

test('overrides replace any price; invalid ones are ignored and said so; unknown regions say they fall back', () => {
  const input: CostInput = {
    requestsPerMonth: 2e6,
    durationMs: 100,
    memoryMB: 1024,
    architecture: 'x86_64',
  };
  const e = monthlyCost(input, {
    freeTier: false,
    overrides: {
      requestUsdPerMillion: 0.25,
      durationUsdPerGbSecond: { x86_64: 0.00002 },
      asOf: '2026-01-01',
    },
  });
  // 2M × $0.25/M + 200,000 GB-s × $0.00002 = $0.50 + $4.00.
  assert.equal(toCents(e.totalUsd), 4.5);
  assert.equal(e.prices.asOf, '2026-01-01');
  assert.ok(
    e.basis.some((b) => /your overrides: x86_64 duration, requests \(as of 2026-01-01\)/.test(b)),
  );
  // Scaling the first tier scales the others alike.
  const scaled = priceTableFor('us-east-1', {
    durationUsdPerGbSecond: { x86_64: 0.0000166667 * 2 },
  }).table.duration.x86_64;
  assert.ok(Math.abs(scaled[1]!.usdPerGbSecond - 0.00003) < 1e-12);
  const bad = priceTableFor('us-east-1', {
    requestUsdPerMillion: -1,
    ephemeralUsdPerGbSecond: Number.NaN,
    durationUsdPerGbSecond: { arm64: [{ upToGbSeconds: 5, usdPerGbSecond: 1 }] },
  });
  assert.equal(bad.table.requestUsdPerMillion, 0.2);
  assert.equal(bad.basis.filter((b) => /ignored/.test(b)).length, 3);
  const far = priceTableFor('ap-southeast-7');
  assert.equal(far.known, false);
  assert.match(
    far.basis[0]!,
    /no verified price table for ap-southeast-7: using us-east-1 prices as of 2025-08-01/,
  );
  assert.equal(monthlyCost(input, { region: 'ap-southeast-7' }).prices.known, false);
  assert.equal(monthlyCost(input).prices.known, true);
});

test('arm64 provisioned concurrency is marked unverified until both prices are overridden', () => {
  const input: CostInput = {
    requestsPerMonth: 0,
    durationMs: 100,
    memoryMB: 1024,
    architecture: 'arm64',
    provisionedConcurrency: 1,
  };
  assert.match(
    monthlyCost(input).lines.find((l) => l.item === 'provisionedConcurrency')!.basis,
    /unverified/,
  );
  const sure = monthlyCost(input, {
    overrides: {
      provisioned: {
        arm64: { concurrencyUsdPerGbSecond: 0.000003, durationUsdPerGbSecond: 0.000007 },
      },
    },
  });
  assert.doesNotMatch(
    sure.lines.find((l) => l.item === 'provisionedConcurrency')!.basis,
    /unverified/,
  );
  // 1 GB × 730 h × 3,600 s × $0.000003 = $7.88.
  assert.equal(toCents(sure.totalUsd), 7.88);
});

test('cost per 1M requests ignores the free tier and provisioned concurrency; bad inputs throw with the reason', () => {
  // $0.20 + 1M × 0.1 s × 1 GB = 100,000 GB-s × $0.0000166667 = $1.87.
  assert.equal(
    toCents(
      costPerMillion({
        durationMs: 100,
        memoryMB: 1024,
        architecture: 'x86_64',
        provisionedConcurrency: 5,
      }),
    ),
    1.87,
  );
  assert.throws(
    () =>
      monthlyCost({
        requestsPerMonth: -1,
        durationMs: Number.NaN,
        memoryMB: 0,
        architecture: 'sparc' as 'arm64',
      }),
    /requestsPerMonth.*durationMs.*memoryMB.*architecture/,
  );
  assert.throws(
    () =>
      monthlyCost({
        requestsPerMonth: 1,
        durationMs: 1,
        memoryMB: 128,
        architecture: 'x86_64',
        coldStartRate: 2,
      }),
    /coldStartRate must be between 0 and 1/,
  );
});
