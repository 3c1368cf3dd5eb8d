// What the panel's charts are drawn from: histogram bins no finer than the statistics can tell
// apart, each labelled distinctly; colours chosen for contrast with the theme's background.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { ReportStats } from '../../src/core/report/reportStats';
import { durationChart } from '../../src/core/report/durationChart';
import { distinctEdgeLabels } from '../../src/core/estimate/durationLabels';
import { contrastRatio, firstReadable, parseColour } from '../../src/core/estimate/contrast';
import { estimateFunction } from '../../src/core/cost/functionEstimate';
import { estimatePanelModel } from '../../src/core/estimate/panelModel';

function nearlyEqualDurations(): ReportStats {
  const stats = new ReportStats();
  for (let i = 0; i < 200; i++)
    stats.add({
      requestId: String(i),
      durationMs: 0.58 + (i % 5) * 0.01,
      billedDurationMs: 1,
      memorySizeMB: 128,
      maxMemoryUsedMB: 60,
    });
  return stats;
}

test('durations within a few percent make a few bins, not 30 that the statistics cannot tell apart', () => {
  const bins = durationChart(nearlyEqualDurations());
  assert.ok(bins.length >= 1 && bins.length <= 5, `${bins.length} bins`);
  assert.equal(
    bins.reduce((n, b) => n + b.warm + b.cold, 0),
    200,
  );
});

test('bin labels are distinct: as many digits as it takes', () => {
  assert.deepEqual(distinctEdgeLabels([0.58, 0.5915, 0.6033, 0.62]), [
    '0.58',
    '0.59',
    '0.60',
    '0.62',
  ]);
  assert.deepEqual(distinctEdgeLabels([0.58, 0.584, 0.589]), ['0.580', '0.584', '0.589']);
  assert.deepEqual(distinctEdgeLabels([1, 10, 100, 1000, 12_345]), [
    '1.0',
    '10',
    '100',
    '1,000',
    '12,000',
  ]);
  assert.deepEqual(distinctEdgeLabels([5]), ['5.0']);
  const stats = nearlyEqualDurations();
  const summary = stats.summary();
  const model = estimatePanelModel(
    estimateFunction({
      facts: { runtime: 'nodejs20.x', architecture: 'x86_64', memoryMB: 128 },
      observed: summary,
      windowMs: 3600_000,
    }),
    summary,
    durationChart(stats),
    {
      functionName: 'f',
      where: 'Local, us-east-1',
      windowLabel: 'last hour',
      events: 200,
      capped: false,
    },
  );
  const labels = model.durations.table.rows.map((r) => r[0]);
  assert.equal(new Set(labels).size, labels.length, labels.join(' | '));
  assert.ok(
    labels.every((l) => /^[\d.,]+–[\d.,]+ ms$/.test(l!) && !/^(.+)–\1 ms$/.test(l!)),
    labels.join(' | '),
  );
  assert.equal(model.durations.edgesMs.length, model.durations.bins.length + 1);
});

test('contrast: WCAG ratios, alpha laid over the background, the first readable chart colour', () => {
  const white = parseColour('#ffffff')!;
  const dark = parseColour('rgb(31, 31, 31)')!;
  assert.equal(Math.round(contrastRatio(parseColour('#000')!, white)), 21);
  assert.ok(
    contrastRatio(parseColour('rgba(234, 92, 0, 0.33)')!, dark) < 3,
    'the old faint cold series',
  );
  // VS Code's light charts.orange (#d18616) is under 3:1 on white: the next candidate is taken.
  assert.ok(contrastRatio(parseColour('#d18616')!, white) < 3);
  assert.equal(firstReadable(['#d18616', '#e51400'], white), '#e51400');
  assert.equal(firstReadable(['#d18616', '#e51400'], dark), '#d18616');
  assert.equal(
    firstReadable(['not a colour', '#eeeeee'], white),
    '#eeeeee',
    'none readable: the best there is',
  );
  assert.equal(parseColour('var(--x)'), undefined);
});
