// Figures from a handful of samples are blended with their prior by sample size, say what they
// rest on, and the panel shows each of them once computed, wherever it appears.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { blendWithPrior, linearUpTo, weightAgainst } from '../../src/core/estimate/priorBlend';
import {
  ASSUMED_COLD_START_RATE,
  COLD_START_RATE_PRIOR_INVOCATIONS,
  estimateFunction,
} from '../../src/core/cost/functionEstimate';
import { ReportStats } from '../../src/core/report/reportStats';
import { durationChart } from '../../src/core/report/durationChart';
import { estimatePanelModel } from '../../src/core/estimate/panelModel';

const facts = { runtime: 'nodejs20.x', architecture: 'x86_64' as const, memoryMB: 128 };

/** `n` invocations, the first cold (as a new function's first invocation is), with the given Init Duration. */
function reports(n: number, initMs = 55, coldEvery = Infinity): ReportStats {
  const stats = new ReportStats();
  for (let i = 0; i < n; i++) {
    const cold = i === 0 || i % coldEvery === 0;
    stats.add({
      requestId: String(i),
      durationMs: 9.5,
      billedDurationMs: 10,
      memorySizeMB: 128,
      maxMemoryUsedMB: 60,
      ...(cold ? { initDurationMs: initMs } : {}),
    });
  }
  return stats;
}

test('blendWithPrior: the prior alone, a weighted blend that says so, then the observations alone', () => {
  const input = {
    observed: 0.25,
    prior: 0.01,
    weight: weightAgainst(100),
    aloneFrom: 10_000,
    priorName: 'prior',
  };
  assert.deepEqual(blendWithPrior({ ...input, samples: 0 }), {
    value: 0.01,
    source: 'prior',
    samples: 0,
    observedWeight: 0,
    rests: 'prior',
  });
  const few = blendWithPrior({ ...input, samples: 4 });
  assert.equal(few.source, 'blend');
  assert.equal(few.rests, '4 observed + prior');
  assert.ok(
    Math.abs(few.value - (4 * 0.25 + 100 * 0.01) / 104) < 1e-12,
    'the Beta–binomial posterior mean',
  );
  const many = blendWithPrior({ ...input, samples: 12_000 });
  assert.deepEqual([many.value, many.source, many.rests], [0.25, 'observed', '12,000 observed']);
  assert.equal(
    blendWithPrior({ ...input, samples: 3, observed: Number.NaN }).source,
    'prior',
    'nothing observed is not a figure',
  );
  assert.equal(linearUpTo(10)(4), 0.4);
});

test('a cold-start rate from 4 invocations is blended with the assumed 1 %, and a 5M what-if does not bill 1.25M cold starts', () => {
  const summary = reports(4).summary();
  assert.equal(summary.coldStartRate, 0.25);
  const whatIf = estimateFunction({
    facts,
    observed: summary,
    windowMs: 3600_000,
    requestsPerMonth: 5e6,
  });
  const expected =
    (4 * 0.25 + COLD_START_RATE_PRIOR_INVOCATIONS * ASSUMED_COLD_START_RATE) /
    (4 + COLD_START_RATE_PRIOR_INVOCATIONS);
  assert.ok(Math.abs(whatIf.coldStartRate.value - expected) < 1e-12);
  assert.equal(
    whatIf.costInput.coldStartRate,
    whatIf.coldStartRate.value,
    'the cost uses the figure shown',
  );
  assert.equal(whatIf.coldStartRate.rests, '4 observed + prior');
  assert.ok(
    whatIf.cost.coldStartsPerMonth < 5e6 * 0.02,
    `${whatIf.cost.coldStartsPerMonth} cold starts a month`,
  );
  assert.ok(
    whatIf.basis.some((b) =>
      /^cold-start rate: 1 cold start in 4 invocations \(25\.0 %\) weighted 4 : 100 with the assumed 1 %/.test(
        b,
      ),
    ),
    whatIf.basis.join('\n'),
  );
});

test('many invocations: the observed rate alone', () => {
  const summary = reports(10_000, 55, 10).summary();
  const estimate = estimateFunction({ facts, observed: summary, windowMs: 3600_000 });
  assert.equal(estimate.coldStartRate.value, summary.coldStartRate);
  assert.equal(estimate.coldStartRate.source, 'observed');
});

test("INIT is billed at the cold-start figure the headline shows, not at one sample's mean", () => {
  const estimate = estimateFunction({
    facts,
    observed: reports(4, 55).summary(),
    windowMs: 3600_000,
  });
  assert.equal(estimate.coldStart.source, 'blend');
  assert.equal(estimate.costInput.initDurationMs, estimate.coldStart.meanMs);
  assert.notEqual(estimate.coldStart.meanMs, 55);
});

test("the headline and the panel's sections show one cold p50, and say what it rests on", () => {
  const stats = reports(4, 55);
  const summary = stats.summary();
  const estimate = estimateFunction({ facts, observed: summary, windowMs: 3600_000 });
  const model = estimatePanelModel(estimate, summary, durationChart(stats), {
    functionName: 'f',
    where: 'Local, us-east-1',
    windowLabel: 'last hour',
    events: 4,
    capped: false,
  });
  const observed = model.observed.find((f) => f.label === 'Cold start p50')!;
  const cost = model.cost.find((f) => f.label === 'Cold start p50')!;
  assert.equal(observed.value, cost.value);
  assert.ok(
    model.headline.includes(`cold p50 ${observed.value} (1 observed + estimate)`),
    `${model.headline} / ${observed.value}`,
  );
  assert.match(observed.basis!, /^1 observed \+ estimate: /);
  // One Init Duration seen: no percentiles claimed from it.
  assert.ok(!model.observed.some((f) => /Init Duration p50/.test(f.label)));
  assert.equal(
    model.observed.find((f) => f.label === 'Init Duration seen')!.value,
    '55.0 ms (1 cold start)',
  );
  const rate = model.cost.find((f) => f.label === 'Cold-start rate')!;
  assert.match(rate.value, /^1\.92 %$/);
  assert.match(rate.basis!, /^4 observed \+ prior/);
});
