// The models on top of the price: memory recommendation (CPU scaling), break-even against a
// server, the cold-start estimate and its merge with observations, timeouts beside other platforms,
// and the one call the panel and CodeLens make.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import {
  cpuBoundFractionFrom,
  scaledDurationMs,
  usableCpu,
  vcpusAt,
} from '../../src/core/cost/cpuScaling';
import { recommendMemory } from '../../src/core/cost/memoryRecommendation';
import { breakEven } from '../../src/core/cost/breakEven';
import { monthlyCost, type CostInput } from '../../src/core/cost/monthlyCost';
import { estimateColdStart } from '../../src/core/coldStart/coldStartEstimate';
import { mergeColdStart, MIN_OBSERVED_COLD_STARTS } from '../../src/core/coldStart/mergeColdStart';
import { compareTimeout } from '../../src/core/timeoutComparison';
import { estimateFunction } from '../../src/core/cost/functionEstimate';
import { ReportStats } from '../../src/core/report/reportStats';
import type { Distribution } from '../../src/core/report/logHistogram';

test('CPU scales with memory: 1 vCPU at 1,769 MB, 6 at 10,240 MB; single-threaded code stops at one', () => {
  assert.equal(vcpusAt(1769), 1);
  assert.ok(Math.abs(vcpusAt(128) - 128 / 1769) < 1e-12);
  assert.equal(vcpusAt(10_240), 6);
  assert.equal(usableCpu(4096), 1);
  assert.ok(Math.abs(usableCpu(3538, 2) - 2) < 1e-12);
  // Fully CPU-bound: 1,000 ms at 128 MB → 1000 × 128 / 1769 at one vCPU.
  assert.ok(Math.abs(scaledDurationMs(1000, 128, 1769, 1) - (1000 * 128) / 1769) < 1e-9);
  assert.equal(scaledDurationMs(1000, 128, 1769, 0), 1000);
  // 1,000 ms at 128 MB, 600 ms at 256 MB: 80 % CPU-bound.
  assert.ok(
    Math.abs(
      cpuBoundFractionFrom(
        { memoryMB: 128, durationMs: 1000 },
        { memoryMB: 256, durationMs: 600 },
      )! - 0.8,
    ) < 1e-12,
  );
  assert.equal(
    cpuBoundFractionFrom({ memoryMB: 2048, durationMs: 10 }, { memoryMB: 4096, durationMs: 10 }),
    undefined,
  );
});

test('memory recommendation: I/O-bound → the smallest size is cheapest and as fast; CPU-bound → 1,769 MB is fastest', () => {
  const base: CostInput = {
    requestsPerMonth: 1e6,
    durationMs: 1000,
    memoryMB: 1024,
    architecture: 'x86_64',
  };
  const io = recommendMemory({ ...base, cpuBoundFraction: 0 });
  assert.equal(io.cheapest.memoryMB, 128);
  assert.equal(io.fastest.memoryMB, 128);
  assert.match(io.basis[0]!, /0 % CPU-bound, using 1 vCPU/);
  const cpu = recommendMemory({ ...base, memoryMB: 512, cpuBoundFraction: 1 });
  assert.equal(cpu.fastest.memoryMB, 1769);
  assert.ok(cpu.fastest.durationMs < cpu.current.durationMs);
  // Fully CPU-bound below one vCPU costs the same GB-s at any size: cheapest is then the fastest of the ties.
  assert.ok(cpu.cheapest.perMillionUsd <= cpu.current.perMillionUsd * 1.005);
  const threads = recommendMemory({ ...base, cpuBoundFraction: 1, threads: 6 });
  assert.equal(threads.fastest.memoryMB, 10_240);
  const half = recommendMemory({ ...base, maxMemoryUsedMB: 300 });
  assert.match(half.basis.join(' '), /assumed; measure two sizes/);
  assert.ok(
    half.options.every((o) => o.memoryMB >= 360 || o.memoryMB === 1024),
    'no size below observed use + 20 %',
  );
});

test('break-even: where a $50/month server becomes cheaper, by bisection on the real cost', () => {
  const input: CostInput = {
    requestsPerMonth: 1e6,
    durationMs: 100,
    memoryMB: 1024,
    architecture: 'x86_64',
  };
  // No free tier: $0.20/M + 0.1 GB-s × $0.0000166667 = $1.86667 per 1M → 50 / 1.86667e-6 requests.
  const flat = breakEven(input, 50, { freeTier: false });
  const expected = 50 / (0.2e-6 + 0.1 * 0.0000166667);
  assert.ok(
    Math.abs(flat.breakEvenRequestsPerMonth! - expected) <= 2,
    `${flat.breakEvenRequestsPerMonth} vs ${expected}`,
  );
  assert.equal(flat.serverCheaper, false);
  assert.match(
    flat.message,
    /above 26\.79M requests\/month \(≈ 10\.2 requests\/s steady\) a \$50\.00\/month server is cheaper/,
  );
  // With the free tier the first 1M requests and 400,000 GB-s are free: $0.20 + $6.67 later.
  const free = breakEven(input, 50);
  assert.ok(
    Math.abs(
      free.breakEvenRequestsPerMonth! -
        (50 + 0.2 + 400_000 * 0.0000166667) / (0.2e-6 + 0.1 * 0.0000166667),
    ) <= 2,
  );
  const now = breakEven({ ...input, requestsPerMonth: 100e6 }, 50);
  assert.equal(now.serverCheaper, true);
  assert.match(now.message, /server is cheaper now/);
  assert.equal(breakEven({ ...input, provisionedConcurrency: 10 }, 5).breakEvenRequestsPerMonth, 0);
  const never = breakEven(input, 1e12);
  assert.equal(never.breakEvenRequestsPerMonth, undefined);
  assert.match(never.message, /stays cheaper/);
  assert.ok(
    Math.abs(
      monthlyCost(
        { ...input, requestsPerMonth: flat.breakEvenRequestsPerMonth! },
        { freeTier: false },
      ).totalUsd - 50,
    ) < 0.01,
  );
});

test('cold-start estimate: published baselines, cited', () => {
  const node = estimateColdStart({ runtime: 'nodejs20.x', architecture: 'x86_64', memoryMB: 128 });
  assert.equal(node.initMs, 138);
  assert.match(node.basis, /nodejs20\.x x86_64 hello-world 138 ms \(maxday\/lambda-perf/);
  assert.equal(
    estimateColdStart({ runtime: 'nodejs20.x', architecture: 'arm64', memoryMB: 2048 }).initMs,
    123,
  );
  assert.equal(
    estimateColdStart({ runtime: 'nodejs22.x', architecture: 'x86_64', memoryMB: 4096 }).initMs,
    140,
  );
  // Python at 512 MB: two thirds of the way (log scale) from 85 ms (128 MB) to 81 ms (1,024 MB).
  assert.ok(
    Math.abs(
      estimateColdStart({ runtime: 'python3.12', architecture: 'x86_64', memoryMB: 512 }).initMs -
        (85 - 4 * (2 / 3)),
    ) < 1e-9,
  );
  assert.match(
    estimateColdStart({ runtime: 'nodejs18.x', architecture: 'x86_64', memoryMB: 128 }).basis,
    /standing in for nodejs18\.x/,
  );
  assert.match(
    estimateColdStart({ runtime: 'ruby3.3', architecture: 'x86_64', memoryMB: 128 }).basis,
    /no published figure/,
  );
  assert.equal(
    estimateColdStart({
      runtime: 'provided.al2023',
      architecture: 'arm64',
      memoryMB: 128,
      language: 'rust',
    }).initMs,
    14,
  );
  assert.match(
    estimateColdStart({ runtime: 'provided.al2023', architecture: 'x86_64', memoryMB: 128 }).basis,
    /assuming Go/,
  );
});

test('cold-start estimate: image, package size and imports, with the assumptions in the basis', () => {
  const e = estimateColdStart({
    runtime: 'nodejs20.x',
    architecture: 'x86_64',
    memoryMB: 128,
    packageType: 'Image',
    packageBytes: 4096 + 5 * 1024 * 1024,
    topLevelImports: 4,
  });
  assert.deepEqual(e.parts, { baselineMs: 276, packageMs: 50, importsMs: 60 });
  assert.equal(e.initMs, 386);
  assert.match(
    e.basis,
    /× 2 for a container image \+ 50 ms for 5\.0 MB of package \(assumed 10 ms\/MB\) \+ 60 ms for 4 top-level imports \(assumed 15 ms each\)/,
  );
  assert.equal(
    estimateColdStart({
      runtime: 'java21',
      architecture: 'x86_64',
      memoryMB: 128,
      topLevelImports: 30,
    }).parts.importsMs,
    0,
  );
});

test('merge: the estimate alone, then a weighted blend, then observed from 10 cold starts', () => {
  const estimate = estimateColdStart({
    runtime: 'nodejs20.x',
    architecture: 'x86_64',
    memoryMB: 128,
  });
  const observed = (count: number, mean: number): Distribution => ({
    count,
    min: mean,
    max: mean * 2,
    mean,
    p50: mean,
    p90: mean * 1.5,
    p99: mean * 1.9,
  });
  assert.deepEqual(mergeColdStart(estimate, undefined).source, 'estimate');
  const blend = mergeColdStart(estimate, observed(5, 238));
  assert.equal(blend.source, 'blend');
  assert.equal(blend.p50Ms, 0.5 * 238 + 0.5 * 138);
  assert.equal(blend.p90Ms, undefined);
  const seen = mergeColdStart(estimate, observed(MIN_OBSERVED_COLD_STARTS, 200));
  assert.deepEqual(
    [seen.source, seen.p50Ms, seen.p90Ms, seen.p99Ms],
    ['observed', 200, 300, undefined],
  );
  assert.equal(mergeColdStart(estimate, observed(100, 200)).p99Ms, 380);
});

test('timeout beside the 15-minute limit, Google Cloud Functions and Azure Functions', () => {
  const t = compareTimeout(600);
  assert.ok(Math.abs(t.shareOfLambdaLimit - 2 / 3) < 1e-12);
  const fits = Object.fromEntries(t.platforms.map((p) => [p.platform, p.fits]));
  assert.deepEqual(fits, {
    'AWS Lambda': true,
    'Google Cloud Functions (1st gen)': false,
    'Google Cloud Functions (2nd gen, HTTP)': true,
    'Google Cloud Functions (2nd gen, event-driven)': false,
    'Azure Functions (Consumption)': true,
    'Azure Functions (Premium, Flex)': true,
  });
  assert.equal(compareTimeout(900).platforms.filter((p) => p.fits).length, 3);
  assert.throws(() => compareTimeout(0));
});

test('estimateFunction: estimated with no data, observed with data, what-if overrides both', () => {
  const facts = {
    runtime: 'nodejs20.x',
    architecture: 'x86_64' as const,
    memoryMB: 128,
    timeoutSeconds: 3,
  };
  const none = estimateFunction({ facts });
  assert.equal(none.coldStart.source, 'estimate');
  assert.match(none.headline, /^≈ \$[\d.]+ per 1M · cold p50 138 ms \(estimated\)$/);
  assert.ok(none.basis.includes('requests/month: assumed 1M'));
  assert.equal(none.timeout?.timeoutSeconds, 3);

  const stats = new ReportStats();
  for (let i = 0; i < 100; i++)
    stats.add({
      requestId: String(i),
      durationMs: 9.5,
      billedDurationMs: i % 10 === 0 ? 210 : 10,
      memorySizeMB: 128,
      maxMemoryUsedMB: 60,
      ...(i % 10 === 0 ? { initDurationMs: 200 } : {}),
    });
  const seen = estimateFunction({
    facts,
    observed: stats.summary(),
    windowMs: 3600_000,
    serverMonthlyUsd: 20,
  });
  assert.equal(seen.coldStart.source, 'observed');
  assert.ok(Math.abs(seen.coldStart.p50Ms - 200) <= 2);
  // 100 invocations in an hour → 73,000 a month; warm billed mean 10 ms; 10 % cold seen.
  assert.equal(Math.round(seen.costInput.requestsPerMonth), 73_000);
  assert.equal(seen.costInput.durationMs, 10);
  // 10 cold starts in 100 invocations, weighted 100 : 100 with the assumed 1 %.
  assert.equal(seen.costInput.coldStartRate, (10 + 1) / 200);
  assert.match(seen.headline, /cold p50 200 ms \(10 observed\)/);
  assert.ok(seen.breakEven && !seen.breakEven.serverCheaper);
  const whatIf = estimateFunction({
    facts,
    observed: stats.summary(),
    windowMs: 3600_000,
    requestsPerMonth: 5e6,
    memoryMB: 1024,
  });
  assert.equal(whatIf.costInput.requestsPerMonth, 5e6);
  assert.equal(
    whatIf.coldStart.source,
    'estimate',
    'observed cold starts were at another memory size',
  );
  assert.ok(whatIf.basis.includes('requests/month: what-if'));
});
