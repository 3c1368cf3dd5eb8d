// The tuning run's pure parts: the plan's checks, the invocation batches, per-size figures from
// REPORT records (cold and warm apart, exact percentiles, errors, fewer than asked) and the
// recommendation by strategy, where a size that failed never wins.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { checkTunePlan, invocationBatches } from '../../src/core/tune/tunePlan';
import {
  percentileOf,
  summarizeSize,
  type TuneInvocation,
  type SizeContext,
} from '../../src/core/tune/tuneStatistics';
import { recommendSize } from '../../src/core/tune/tuneRecommendation';
import { costPerMillion } from '../../src/core/cost/monthlyCost';
import { parseReportLine } from '../../src/core/report/reportLine';

const CONTEXT: SizeContext = {
  architecture: 'x86_64',
  traffic: { requestsPerMonth: 2_000_000, coldStartRate: 0.01, basis: 'test' },
};

/** An invocation as the Invoke's tail reports it, through the product's REPORT reader. */
function run(
  memoryMB: number,
  durationMs: number,
  options: { initMs?: number; usedMB?: number; functionError?: string } = {},
): TuneInvocation {
  const billed = Math.ceil(durationMs + (options.initMs ?? 0));
  const line = `REPORT RequestId: ${crypto.randomUUID()}\tDuration: ${durationMs.toFixed(2)} ms\tBilled Duration: ${billed} ms\tMemory Size: ${memoryMB} MB\tMax Memory Used: ${options.usedMB ?? 60} MB\t${options.initMs !== undefined ? `Init Duration: ${options.initMs.toFixed(2)} ms\t` : ''}`;
  const report = parseReportLine(line);
  assert.ok(report, line);
  return {
    report,
    ...(options.functionError ? { functionError: { errorType: options.functionError } } : {}),
  };
}

function size(
  memoryMB: number,
  warmMs: number[],
  options: { coldMs?: number; fail?: number; asked?: number } = {},
) {
  const runs = [
    run(memoryMB, options.coldMs ?? warmMs[0]! * 2, { initMs: 150 }),
    ...warmMs.map((d) => run(memoryMB, d)),
  ];
  for (let i = 0; i < (options.fail ?? 0); i++)
    runs.push(run(memoryMB, 5, { functionError: 'RangeError' }));
  return summarizeSize(memoryMB, options.asked ?? runs.length, runs, CONTEXT);
}

test('the plan: sizes sorted and distinct, bounds said by option name, concurrency at most the invocations', () => {
  const ok = checkTunePlan({
    sizes: '1024, 128,512,128',
    invocations: '5',
    concurrency: 9,
    strategy: 'cost',
  });
  assert.deepEqual(ok, {
    ok: true,
    plan: { sizesMB: [128, 512, 1024], invocations: 5, concurrency: 5, strategy: 'cost' },
  });
  const bad = checkTunePlan({
    sizes: '64,abc,10241,',
    invocations: '1.5',
    concurrency: '0',
    strategy: 'cheap',
  });
  assert.equal(bad.ok, false);
  assert.deepEqual(!bad.ok && bad.problems, [
    'memory "64" is not a size Lambda accepts: a whole number of MB from 128 to 10240',
    'memory "abc" is not a size Lambda accepts: a whole number of MB from 128 to 10240',
    'memory "10241" is not a size Lambda accepts: a whole number of MB from 128 to 10240',
    'memory "" is not a size Lambda accepts: a whole number of MB from 128 to 10240',
    'invocations must be a whole number from 1 to 1000, not "1.5"',
    'concurrency must be a whole number from 1 to 100, not "0"',
    'strategy must be one of cost, speed, balanced, not "cheap"',
  ]);
  assert.deepEqual(checkTunePlan({}), {
    ok: true,
    plan: {
      sizesMB: [128, 256, 512, 1024, 1769],
      invocations: 10,
      concurrency: 1,
      strategy: 'balanced',
    },
  });
});

test('batches: the first invocation alone (cold), then C at a time', () => {
  assert.deepEqual(
    invocationBatches({ invocations: 10, concurrency: 1 }),
    [1, 1, 1, 1, 1, 1, 1, 1, 1, 1],
  );
  assert.deepEqual(invocationBatches({ invocations: 10, concurrency: 4 }), [1, 4, 4, 1]);
  assert.deepEqual(invocationBatches({ invocations: 1, concurrency: 1 }), [1]);
});

test('nearest-rank percentiles', () => {
  const values = Array.from({ length: 100 }, (_, i) => i + 1);
  assert.equal(percentileOf(values, 50), 50);
  assert.equal(percentileOf(values, 90), 90);
  assert.equal(percentileOf(values, 99), 99);
  assert.equal(percentileOf([7], 99), 7);
  assert.equal(percentileOf([], 50), null);
});

test('a size: cold and warm apart, billed mean, memory used, cost per 1M from the warm billed duration', () => {
  const r = size(512, [10, 12, 11, 30, 9]);
  assert.equal(r.invocations, 6);
  assert.equal(r.asked, 6);
  assert.equal(r.errors, 0);
  assert.equal(r.complete, true);
  assert.deepEqual(
    { count: r.cold.count, p50: r.cold.p50Ms, init: r.cold.initP50Ms },
    { count: 1, p50: 20, init: 150 },
  );
  assert.deepEqual(
    { count: r.warm.count, p50: r.warm.p50Ms, p90: r.warm.p90Ms, p99: r.warm.p99Ms },
    { count: 5, p50: 11, p90: 30, p99: 30 },
  );
  assert.equal(r.billedMsMean, (170 + 10 + 12 + 11 + 30 + 9) / 6);
  assert.equal(r.maxMemoryUsedMB, 60);
  // The cost model's own figure: warm billed mean, with the traffic's cold starts at this size's INIT.
  assert.equal(
    r.costPer1MUsd,
    costPerMillion({
      durationMs: (10 + 12 + 11 + 30 + 9) / 5,
      memoryMB: 512,
      architecture: 'x86_64',
      coldStartRate: 0.01,
      initDurationMs: 150,
    }),
  );
  assert.ok(r.monthlyUsd! > 0);
  assert.deepEqual(r.notes, []);
});

test('fewer than asked and errors are said, never filled in', () => {
  const r = size(256, [10, 10], { fail: 2, asked: 6 });
  assert.equal(r.invocations, 5);
  assert.equal(r.errors, 2);
  assert.equal(r.complete, false);
  assert.deepEqual(r.errorTypes, [{ type: 'RangeError', count: 2 }]);
  assert.deepEqual(r.notes, [
    '5 of 6 invocations measured (1 not run)',
    '2 of 6 invocations failed (RangeError × 2): not recommended',
  ]);
  const none = summarizeSize(128, 3, [{ callFailure: 'Rate exceeded' }, {}], CONTEXT);
  assert.equal(none.invocations, 0);
  assert.equal(none.errors, 1);
  assert.equal(none.missingReports, 1);
  assert.equal(none.warm.p50Ms, null);
  assert.equal(none.costPer1MUsd, null);
  assert.deepEqual(
    none.notes[0],
    '0 of 3 invocations measured (1 not run) (1 without a REPORT in the log tail)',
  );
});

test('the recommendation by strategy; a failed size never wins, however cheap', () => {
  // A CPU-bound shape: twice the memory, half the time, up to 1,769 MB.
  const results = [
    size(128, [400, 400]),
    size(256, [200, 200]),
    size(512, [100, 100]),
    size(1024, [60, 60]),
    size(1769, [55, 55]),
  ];
  assert.equal(recommendSize(results, 'speed').memoryMB, 1769);
  const cost = recommendSize(results, 'cost');
  // 128, 256 and 512 MB cost the same warm GB-s, but the INIT of the traffic's 1 % cold starts costs
  // more with more memory: 256 MB is within 0.5 % of 128 MB and faster; 512 MB is 0.6 % dearer.
  assert.equal(cost.memoryMB, 256, cost.reason);
  assert.match(
    cost.reason,
    /^256 MB: the lowest cost per 1M invocations \(\$[\d.]+ per 1M, warm p50 200 ms\)$/,
  );
  assert.equal(recommendSize(results, 'balanced').memoryMB, 1024);
  const failing = [size(128, [5, 5], { fail: 1 }), size(1024, [60, 60])];
  const picked = recommendSize(failing, 'cost');
  assert.equal(picked.memoryMB, 1024);
  assert.match(picked.reason, /left out: 128 MB \(1 of 4 failed\)$/);
  assert.deepEqual(recommendSize([size(128, [5], { fail: 1 })], 'speed'), {
    memoryMB: null,
    reason:
      'no size to recommend: none ran all its invocations without an error; left out: 128 MB (1 of 3 failed)',
  });
});

test("the panel's measured chart: a view over the run (figures, recommended size, restored), and Apply only for a size", async () => {
  const { tuningPanelModel } = await import('../../src/core/estimate/tuningModel');
  const { tuneOutcome } = await import('../../src/core/tune/tuneOutcome');
  const { parsePanelMessage } = await import('../../src/core/estimate/panelMessages');
  const outcome = tuneOutcome({
    function: 'fn',
    strategy: 'cost',
    results: [size(128, [400, 400], { fail: 1 }), size(1024, [60, 60])],
    traffic: CONTEXT.traffic,
    notes: ['a note'],
    restored: {
      memoryMB: 256,
      configuration: 'restored',
      aliasesDeleted: ['lambda-lens-tune-128', 'lambda-lens-tune-1024'],
      versionsDeleted: ['3', '4'],
      problems: [],
      complete: true,
    },
  });
  const model = tuningPanelModel(outcome);
  assert.equal(model.recommendedMB, 1024);
  assert.equal(model.currentMB, 256);
  assert.deepEqual(
    model.sizes.map((s) => [s.memoryMB, s.incomplete, s.warmP50Ms]),
    [
      [128, true, 400],
      [1024, false, 60],
    ],
  );
  assert.deepEqual(
    model.table.rows.map((r) => [r[0], r[1], r[2]]),
    [
      ['128 MB', '4/4', '1'],
      ['1024 MB (recommended)', '3/3', '0'],
    ],
  );
  assert.deepEqual(model.restored, [
    'Restored fn: MemorySize 256 MB restored on $LATEST; deleted aliases lambda-lens-tune-128, lambda-lens-tune-1024 and versions 3, 4; nothing of the run is left',
  ]);
  assert.ok(
    model.notes.includes('128 MB: 1 of 4 invocations failed (RangeError × 1): not recommended'),
  );
  assert.deepEqual(parsePanelMessage({ type: 'applyMemory', memoryMB: 1024 }), {
    type: 'applyMemory',
    memoryMB: 1024,
  });
  for (const memoryMB of [64, 1024.5, '1024', 20_000, undefined])
    assert.equal(parsePanelMessage({ type: 'applyMemory', memoryMB }), undefined);
  assert.deepEqual(parsePanelMessage({ type: 'tune' }), { type: 'tune' });
});
