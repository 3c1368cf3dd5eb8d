// The estimate panel's measured tuning chart in a real browser (headless Chromium) under the
// panel's own Content-Security-Policy: a real tuning outcome (REPORT lines → per-size figures →
// recommendation → the panel's view) draws its chart and table, marks the recommended size, and
// the panel's Tune Memory… and Apply send their messages.
/* global document, window */
import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { launchBrowser } from '../harness/code-server.mjs';
import { servePanelPage, showModel, THEMES } from '../harness/estimatePanelPage.mjs';
import { ReportStats } from '../../src/core/report/reportStats.ts';
import { durationChart } from '../../src/core/report/durationChart.ts';
import { estimateFunction } from '../../src/core/cost/functionEstimate.ts';
import { estimatePanelModel } from '../../src/core/estimate/panelModel.ts';
import { tuningPanelModel } from '../../src/core/estimate/tuningModel.ts';
import { parseReportLine } from '../../src/core/report/reportLine.ts';
import { summarizeSize } from '../../src/core/tune/tuneStatistics.ts';
import { tuneOutcome } from '../../src/core/tune/tuneOutcome.ts';
import { ROOT } from './workbench.mjs';

/** A CPU-bound function measured at three sizes: twice the memory, about half the time, up to 1,769 MB. */
function modelWithTuning() {
  const traffic = { requestsPerMonth: 1e6, coldStartRate: 0.01, basis: 'assumed' };
  const sizes = [
    [128, 800],
    [512, 200],
    [1769, 60],
  ];
  const results = sizes.map(([memoryMB, warmMs]) => {
    const runs = [0, 1, 2, 3].map((i) => ({
      report: parseReportLine(
        `REPORT RequestId: r${memoryMB}-${i}\tDuration: ${(warmMs * (i === 0 ? 1.5 : 1 + i / 100)).toFixed(2)} ms\tBilled Duration: ${Math.ceil(warmMs * (i === 0 ? 1.5 : 1 + i / 100))} ms\tMemory Size: ${memoryMB} MB\tMax Memory Used: 70 MB\t${i === 0 ? 'Init Duration: 180.00 ms\t' : ''}`,
      ),
    }));
    return summarizeSize(memoryMB, 4, runs, { architecture: 'x86_64', traffic });
  });
  const outcome = tuneOutcome({
    function: 'hello',
    strategy: 'balanced',
    results,
    traffic,
    notes: [],
    restored: {
      memoryMB: 128,
      configuration: 'restored',
      aliasesDeleted: ['lambda-lens-tune-128', 'lambda-lens-tune-512', 'lambda-lens-tune-1769'],
      versionsDeleted: ['1', '2', '3'],
      problems: [],
      complete: true,
    },
  });
  const stats = new ReportStats();
  stats.addMessage(
    'REPORT RequestId: a\tDuration: 800.00 ms\tBilled Duration: 800 ms\tMemory Size: 128 MB\tMax Memory Used: 70 MB\t',
    Date.UTC(2026, 10, 28),
  );
  const summary = stats.summary();
  const estimate = estimateFunction({
    facts: { runtime: 'nodejs20.x', architecture: 'x86_64', memoryMB: 128 },
    observed: summary,
    windowMs: 3600_000,
  });
  return {
    ...estimatePanelModel(estimate, summary, durationChart(stats), {
      functionName: 'hello',
      where: 'Local, us-east-1',
      windowLabel: 'last hour',
      events: 1,
      capped: false,
    }),
    tuning: tuningPanelModel(outcome),
  };
}

let browser;
let server;

before(async () => {
  if (!existsSync(join(ROOT, 'dist', 'media', 'estimate.js')))
    throw new Error('dist/media/estimate.js is missing: run `node esbuild.mjs` first');
  server = await servePanelPage();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

test('the measured tuning chart: drawn, its table, the recommended size, Apply and Tune Memory… send their messages', async () => {
  const model = modelWithTuning();
  assert.equal(model.tuning.recommendedMB, 1769, model.tuning.reason);
  const page = await showModel(browser, server.url, THEMES.dark, model);
  try {
    const seen = await page.evaluate(() => {
      const section = document.querySelector('section.tuning');
      const canvas = section?.querySelector('canvas[role="img"]');
      const pixels = canvas
        ? canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data
        : [];
      let ink = 0;
      for (let i = 3; i < pixels.length; i += 4) if (pixels[i] > 0) ink += 1;
      return {
        heading: section?.querySelector('h2')?.textContent,
        label: canvas?.getAttribute('aria-label'),
        ink,
        rows: [...(section?.querySelectorAll('.chart-row > table tbody tr') ?? [])].map(
          (tr) => tr.firstChild.textContent,
        ),
        legend: [...(section?.querySelectorAll('.u-legend th') ?? [])]
          .map((th) => th.textContent.trim())
          .filter(Boolean),
        options: [...(section?.querySelectorAll('select[name="memoryMB"] option') ?? [])].map(
          (o) => [o.textContent, o.selected],
        ),
        restored: section?.querySelector('.basis-list li')?.textContent,
      };
    });
    assert.match(seen.heading, /^Power Tuning, measured: 3 sizes × 4 invocations \(balanced\)$/);
    assert.equal(seen.label, 'Measured by memory size');
    assert.ok(seen.ink > 1000, `the chart is drawn (${seen.ink} inked pixels)`);
    assert.deepEqual(seen.rows, ['128 MB', '512 MB', '1769 MB (recommended)']);
    for (const series of [
      'Cost per 1M',
      'Warm p50',
      'Warm p90',
      'Warm p99',
      'Cold p50',
      'Recommended: 1769 MB (balanced)',
    ])
      assert.ok(
        seen.legend.some((l) => l.startsWith(series)),
        `${series} in ${seen.legend.join(' | ')}`,
      );
    assert.deepEqual(seen.options, [
      ['128 MB', false],
      ['512 MB', false],
      ['1769 MB (recommended)', true],
    ]);
    assert.match(seen.restored, /^Restored hello: MemorySize 128 MB restored on \$LATEST/);
    assert.deepEqual(page.violations, []);
    await page.click('form.apply-memory button[type="submit"]');
    await page.click('header button');
    const sent = await page.evaluate(() => window.sent.filter((m) => m.type !== 'ready'));
    assert.deepEqual(sent, [{ type: 'applyMemory', memoryMB: 1769 }, { type: 'tune' }]);
  } finally {
    await page.close();
  }
});
