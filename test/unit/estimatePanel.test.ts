import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { estimateFunction } from '../../src/core/cost/functionEstimate';
import { ReportStats } from '../../src/core/report/reportStats';
import { durationChart } from '../../src/core/report/durationChart';
import { estimatePanelModel, usd } from '../../src/core/estimate/panelModel';
import { parsePanelMessage } from '../../src/core/estimate/panelMessages';

function stats(): ReportStats {
  const s = new ReportStats();
  const t0 = Date.UTC(2026, 10, 28, 10);
  s.addMessage(
    'REPORT RequestId: a\tDuration: 120.00 ms\tBilled Duration: 121 ms\tMemory Size: 512 MB\tMax Memory Used: 80 MB\tInit Duration: 300.00 ms\t',
    t0,
  );
  for (let i = 0; i < 99; i++)
    s.addMessage(
      `REPORT RequestId: w${i}\tDuration: ${(20 + (i % 10)).toFixed(2)} ms\tBilled Duration: ${21 + (i % 10)} ms\tMemory Size: 512 MB\tMax Memory Used: 82 MB\t`,
      t0 + (i + 1) * 36_000,
    );
  return s;
}

test('the panel model carries observed figures, the cost by item and by memory, and tables beside the charts', () => {
  const s = stats();
  const summary = s.summary();
  const estimate = estimateFunction({
    facts: { runtime: 'nodejs20.x', architecture: 'x86_64', memoryMB: 512, timeoutSeconds: 30 },
    observed: summary,
    windowMs: 3600_000,
    serverMonthlyUsd: 20,
  });
  const model = estimatePanelModel(estimate, summary, durationChart(s), {
    functionName: 'orders',
    where: 'Local, us-east-1',
    windowLabel: 'last hour',
    events: 100,
    capped: false,
  });
  assert.equal(model.title, 'orders: cost and cold starts');
  const observed = Object.fromEntries(model.observed.map((f) => [f.label, f.value]));
  assert.equal(observed.Invocations, '100');
  assert.equal(observed['Cold starts'], '1 (1.00 %)');
  assert.equal(observed['Init Duration seen'], '300 ms (1 cold start)');
  assert.equal(
    observed['Cold start p50'],
    model.cost.find((f) => f.label === 'Cold start p50')!.value,
  );
  assert.equal(
    model.cost.find((f) => f.label === 'Monthly cost')!.value,
    usd(estimate.cost.totalUsd),
  );
  assert.deepEqual(model.costTable.columns, ['Item', 'Quantity', 'Cost', 'Basis']);
  assert.equal(model.costTable.rows.length, estimate.cost.lines.length);
  assert.equal(model.costByMemory.points.length, estimate.memory.options.length);
  assert.equal(model.costByMemory.table.rows.length, model.costByMemory.points.length);
  assert.equal(
    model.durations.table.rows.reduce(
      (n, r) => n + Number(r[1]!.replace(/,/g, '')) + Number(r[2]!.replace(/,/g, '')),
      0,
    ),
    100,
    'every invocation is in the histogram',
  );
  assert.deepEqual(
    model.coldVsWarm.groups.map((g) => g.label),
    ['warm', 'cold (init + handler)'],
  );
  assert.match(model.timeoutTable!.caption, /^Timeout 30 s: 3\.33 % of Lambda's 15-minute limit$/);
  assert.ok(
    model.timeoutTable!.rows.some(
      (r) => r[0] === 'Azure Functions (Premium, Flex)' && r[1] === 'unbounded',
    ),
    'Infinity is written, not sent as null',
  );
  assert.ok(model.breakEven?.value);
  assert.doesNotThrow(() => JSON.stringify(model));
});

test('with no REPORT lines the panel says its figures are estimates', () => {
  const estimate = estimateFunction({
    facts: { runtime: 'python3.12', architecture: 'arm64', memoryMB: 128 },
  });
  const model = estimatePanelModel(estimate, undefined, [], {
    functionName: 'f',
    where: 'x',
    windowLabel: 'last 24 hours',
    events: 0,
    capped: false,
  });
  assert.deepEqual(model.observed, [
    {
      label: 'Invocations',
      value: '0',
      basis: 'no REPORT lines last 24 hours: the figures below are estimates',
    },
  ]);
  assert.deepEqual(model.coldVsWarm.groups, []);
  assert.match(model.headline, /estimated/);
});

test('webview messages are checked: unknown ones and bad values are dropped', () => {
  assert.deepEqual(parsePanelMessage({ type: 'ready' }), { type: 'ready' });
  assert.deepEqual(parsePanelMessage({ type: 'window', window: '7d' }), {
    type: 'window',
    window: '7d',
  });
  assert.equal(parsePanelMessage({ type: 'window', window: '1y' }), undefined);
  assert.deepEqual(
    parsePanelMessage({ type: 'window', window: { startMs: 1000, endMs: 2000, extra: 'x' } }),
    { type: 'window', window: { startMs: 1000, endMs: 2000 } },
  );
  assert.equal(
    parsePanelMessage({ type: 'window', window: { startMs: 2000, endMs: 1000 } }),
    undefined,
    'a reversed range',
  );
  assert.equal(
    parsePanelMessage({ type: 'window', window: { startMs: '1000', endMs: 2000 } }),
    undefined,
    'a string is not a time',
  );
  assert.equal(parsePanelMessage({ type: 'window', window: null }), undefined);
  assert.deepEqual(
    parsePanelMessage({ type: 'readMore', cap: 1e12 }),
    { type: 'readMore' },
    'the host decides how much more',
  );
  assert.equal(parsePanelMessage({ type: 'eval', code: 'x' }), undefined);
  assert.equal(parsePanelMessage('ready'), undefined);
  assert.equal(parsePanelMessage(null), undefined);
  assert.deepEqual(
    parsePanelMessage({
      type: 'whatIf',
      values: {
        memoryMB: 1024,
        durationMs: -5,
        requestsPerMonth: '9',
        architecture: 'sparc',
        serverMonthlyUsd: 12.5,
        __proto__: { x: 1 },
      },
    }),
    { type: 'whatIf', values: { memoryMB: 1024, serverMonthlyUsd: 12.5 } },
  );
});
