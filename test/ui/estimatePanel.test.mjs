// The estimate panel's webview in a real browser (headless Chromium), in VS Code's light, dark
// and high-contrast themes, under the panel's own Content-Security-Policy: the charts' labels are
// not clipped, every series stands out from the background by 3:1 in the colours actually drawn,
// the histogram's bin labels are distinct, and the headline's cold p50 is the Observed section's.
// The model is the real one: REPORT lines → statistics → estimate → panel model.
/* global document, getComputedStyle, window, requestAnimationFrame */
import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { launchBrowser } from '../harness/code-server.mjs';
import { servePanelPage, showModel, THEMES } from '../harness/estimatePanelPage.mjs';
import { ReportStats } from '../../src/core/report/reportStats.ts';
import { durationChart } from '../../src/core/report/durationChart.ts';
import { estimateFunction } from '../../src/core/cost/functionEstimate.ts';
import { estimatePanelModel } from '../../src/core/estimate/panelModel.ts';
import { contrastRatio, parseColour } from '../../src/core/estimate/contrast.ts';
import { RESULTS, ROOT } from './workbench.mjs';
import { README_IMAGES, screenshot, WALKTHROUGH_IMAGES } from './screenshots.mjs';

/**
 * The first run: 4 invocations of about 0.6 ms, the first cold (Init 55 ms), and a what-if
 * of 50M requests at 120 ms so the cost axis reaches hundreds of dollars ("$565.59").
 */
function firstRunModel() {
  const stats = new ReportStats();
  const t0 = Date.UTC(2026, 10, 28, 10);
  stats.addMessage(
    'REPORT RequestId: a\tDuration: 0.62 ms\tBilled Duration: 56 ms\tMemory Size: 128 MB\tMax Memory Used: 60 MB\tInit Duration: 55.00 ms\t',
    t0,
  );
  for (let i = 0; i < 3; i++)
    stats.addMessage(
      `REPORT RequestId: w${i}\tDuration: 0.5${8 + i} ms\tBilled Duration: 1 ms\tMemory Size: 128 MB\tMax Memory Used: 60 MB\t`,
      t0 + (i + 1) * 1000,
    );
  const summary = stats.summary();
  const estimate = estimateFunction({
    facts: { runtime: 'nodejs20.x', architecture: 'x86_64', memoryMB: 128, timeoutSeconds: 3 },
    observed: summary,
    windowMs: 3600_000,
    requestsPerMonth: 50e6,
    durationMs: 120,
  });
  return estimatePanelModel(estimate, summary, durationChart(stats), {
    functionName: 'hello',
    where: 'Local, us-east-1',
    windowLabel: 'last hour',
    events: 4,
    capped: false,
  });
}

let browser;
let server;
const model = firstRunModel();

before(async () => {
  if (!existsSync(join(ROOT, 'dist', 'media', 'estimate.js')))
    throw new Error('dist/media/estimate.js is missing: run `node esbuild.mjs` first');
  mkdirSync(RESULTS, { recursive: true });
  server = await servePanelPage();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** Per chart: its canvas's box and its section's, the ink on the canvas's outermost pixels, and the colours drawn. */
function inspectCharts() {
  return [...document.querySelectorAll('.chart')].map((chart) => {
    const canvas = chart.querySelector('canvas[role="img"]');
    const { width, height } = canvas;
    const pixels = canvas.getContext('2d').getImageData(0, 0, width, height).data;
    const inkAt = (x, y) => pixels[(y * width + x) * 4 + 3] > 0;
    let edgeInk = 0;
    for (let x = 0; x < width; x++) edgeInk += Number(inkAt(x, 0)) + Number(inkAt(x, height - 1));
    for (let y = 0; y < height; y++) edgeInk += Number(inkAt(0, y)) + Number(inkAt(width - 1, y));
    // The axis-label bands (left of the y axis, under the x axis) hold ink: the labels are drawn.
    const band = (x0, y0, x1, y1) => {
      let n = 0;
      for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) n += Number(inkAt(x, y));
      return n;
    };
    const opaque = new Map();
    for (let i = 0; i < pixels.length; i += 4) {
      if (pixels[i + 3] !== 255) continue;
      const key = `${pixels[i]},${pixels[i + 1]},${pixels[i + 2]}`;
      opaque.set(key, (opaque.get(key) ?? 0) + 1);
    }
    const box = (el) => {
      const r = el.getBoundingClientRect();
      return { left: r.left, top: r.top, right: r.right, bottom: r.bottom };
    };
    const series = [...chart.querySelectorAll('.u-legend .u-series')].slice(1).map((row) => ({
      label: row.querySelector('.u-label')?.textContent ?? '',
      colour: getComputedStyle(row.querySelector('.u-marker')).borderTopColor,
    }));
    return {
      label: canvas.getAttribute('aria-label'),
      canvas: box(canvas),
      section: box(chart.closest('section')),
      edgeInk,
      yLabelInk: band(0, 0, 16, height),
      xLabelInk: band(0, height - 16, width, height),
      colours: [...opaque.entries()].map(([rgb, count]) => ({ rgb, count })),
      series,
    };
  });
}

const near = (a, b) =>
  Math.abs(a.r - b.r) <= 3 && Math.abs(a.g - b.g) <= 3 && Math.abs(a.b - b.b) <= 3;

for (const [name, theme] of Object.entries(THEMES)) {
  test(
    `the panel in the ${name} theme: charts unclipped, series at 3:1 as drawn, distinct bin labels, one cold p50`,
    { timeout: 60_000 },
    async () => {
      const page = await showModel(browser, server.url, theme, model);
      try {
        await page.locator('canvas[role="img"]').nth(2).waitFor();
        assert.deepEqual(page.violations, [], 'the page keeps to its Content-Security-Policy');
        const background = parseColour(theme.tokens['editor-background']);

        const charts = await page.evaluate(inspectCharts);
        assert.deepEqual(
          charts.map((c) => c.label),
          [
            model.costByMemory.table.caption,
            model.durations.table.caption,
            model.coldVsWarm.table.caption,
          ],
        );
        for (const chart of charts) {
          assert.equal(
            chart.edgeInk,
            0,
            `${chart.label}: something is drawn on the canvas's edge (a label cut off)`,
          );
          assert.ok(
            chart.canvas.left >= chart.section.left &&
              chart.canvas.right <= chart.section.right + 0.5,
            `${chart.label}: the chart overflows its section`,
          );
          assert.ok(
            chart.yLabelInk > 0 && chart.xLabelInk > 0,
            `${chart.label}: an axis has no label`,
          );
          assert.ok(chart.series.length >= 2);
          for (const series of chart.series) {
            const colour = parseColour(series.colour);
            assert.ok(colour, `${chart.label} / ${series.label}: ${series.colour}`);
            const ratio = contrastRatio(colour, background);
            assert.ok(
              ratio >= 3,
              `${chart.label} / ${series.label}: ${series.colour} is ${ratio.toFixed(2)}:1 against ${theme.tokens['editor-background']}`,
            );
            const drawn = chart.colours
              .filter((c) => {
                const [r, g, b] = c.rgb.split(',').map(Number);
                return near({ r, g, b }, colour);
              })
              .reduce((n, c) => n + c.count, 0);
            assert.ok(
              drawn >= 10,
              `${chart.label} / ${series.label}: its colour ${series.colour} is not what the canvas shows`,
            );
          }
        }

        // The histogram's bins, as the table and the tooltip name them: distinct, never "0.6 ms–0.6 ms".
        const binLabels = await page
          .locator('table', { hasText: 'Durations (count of invocations)' })
          .locator('tbody tr td:first-child')
          .allTextContents();
        assert.ok(binLabels.length >= 2);
        assert.equal(new Set(binLabels).size, binLabels.length, binLabels.join(' | '));
        assert.ok(
          binLabels.every((l) => !/^(.+)–\1 ms$/.test(l)),
          binLabels.join(' | '),
        );

        // One cold p50: the headline's is the Observed section's and the Cost section's.
        const headline = await page.locator('.headline').textContent();
        const coldP50 = async (section) =>
          await page
            .locator('section', { has: page.locator('h2', { hasText: section }) })
            .locator('dt', { hasText: /^Cold start p50$/ })
            .locator('xpath=following-sibling::dd[1]')
            .evaluate((dd) => dd.firstChild.textContent);
        const observed = await coldP50('Observed');
        assert.equal(await coldP50('Cost'), observed);
        assert.equal(
          /cold p50 (.+?) \(/.exec(headline)?.[1],
          observed,
          `${headline} against Observed ${observed}`,
        );

        // A tooltip over the Power Tuning chart names the point under the cursor.
        const over = page.locator('.chart .u-over').first();
        const box = await over.boundingBox();
        await page.mouse.move(box.x + box.width * 0.02, box.y + box.height / 2);
        assert.match(
          await page.locator('.chart-tooltip').first().textContent(),
          /^128 MB: \$[\d,.]+ a month, [\d.,]+ ms/,
        );

        // The README shows the light and dark pages, the walkthrough the dark Power Tuning chart (screenshots.mjs).
        await screenshot(page.locator('main'), `estimate-panel-${name}.png`, {
          keep: ['light', 'dark'].includes(name) ? [README_IMAGES] : [],
        });
        await screenshot(page.locator('.chart-section').first(), `power-tuning-${name}.png`, {
          keep: name === 'dark' ? [WALKTHROUGH_IMAGES] : [],
        });
      } finally {
        await page.close();
      }
    },
  );
}

test(
  'a theme change redraws the charts in the new colours, keeping what the what-if form holds',
  { timeout: 60_000 },
  async () => {
    const page = await showModel(browser, server.url, THEMES.light, model);
    try {
      await page.locator('input[name="requestsPerMonth"]').fill('123');
      const colourOf = () =>
        page.evaluate(
          () =>
            getComputedStyle(
              document
                .querySelectorAll('.chart')[1]
                .querySelectorAll('.u-legend .u-series')[2]
                .querySelector('.u-marker'),
            ).borderTopColor,
        );
      const light = await colourOf();
      await page.evaluate(({ bodyClass, tokens }) => {
        for (const [name, value] of Object.entries(tokens))
          document.documentElement.style.setProperty(`--vscode-${name}`, value);
        document.body.className = bodyClass;
      }, THEMES.dark);
      await page.waitForFunction(
        (before) =>
          getComputedStyle(
            document
              .querySelectorAll('.chart')[1]
              .querySelectorAll('.u-legend .u-series')[2]
              .querySelector('.u-marker'),
          ).borderTopColor !== before,
        light,
      );
      assert.ok(
        contrastRatio(
          parseColour(await colourOf()),
          parseColour(THEMES.dark.tokens['editor-background']),
        ) >= 3,
      );
      assert.equal(await page.locator('input[name="requestsPerMonth"]').inputValue(), '123');
    } finally {
      await page.close();
    }
  },
);

test(
  'the first frame has the page and its first chart; the charts below come after, in the room kept for them',
  { timeout: 60_000 },
  async () => {
    const page = await showModel(browser, server.url, THEMES.dark, model);
    try {
      const seen = await page.evaluate(
        async (data) => {
          const detailsTop = () =>
            [...document.querySelectorAll('h2')]
              .find((h) => h.textContent === 'Details')
              .getBoundingClientRect().top;
          // What the first frame paints, seen just before it is painted (this callback is the frame's first).
          const firstFrame = new Promise((resolve) =>
            requestAnimationFrame(() =>
              resolve({
                canvases: document.querySelectorAll('canvas[role="img"]').length,
                pending: document.querySelectorAll('.chart-pending').length,
                detailsTop: detailsTop(),
              }),
            ),
          );
          window.dispatchEvent(new MessageEvent('message', { data }));
          const first = await firstFrame;
          for (
            let i = 0;
            i < 100 && document.querySelectorAll('canvas[role="img"]').length < 3;
            i++
          )
            await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
          return {
            first,
            canvases: document.querySelectorAll('canvas[role="img"]').length,
            pending: document.querySelectorAll('.chart-pending').length,
            detailsTop: detailsTop(),
          };
        },
        { type: 'model', model, window: '24h' },
      );
      assert.deepEqual(
        [seen.first.canvases, seen.first.pending],
        [1, 2],
        'one chart at once, two kept for later',
      );
      assert.deepEqual([seen.canvases, seen.pending], [3, 0], 'then all three');
      assert.ok(
        Math.abs(seen.detailsTop - seen.first.detailsTop) <= 1,
        `what follows the charts stays where it was (${seen.first.detailsTop} → ${seen.detailsTop})`,
      );
    } finally {
      await page.close();
    }
  },
);

test(
  "a change of the theme's colours alone (another dark theme) redraws the charts in them",
  { timeout: 60_000 },
  async () => {
    const page = await showModel(browser, server.url, THEMES.dark, model);
    try {
      await page.locator('canvas[role="img"]').nth(2).waitFor();
      const markerColour = () =>
        page.evaluate(
          () =>
            getComputedStyle(
              document
                .querySelectorAll('.chart')[1]
                .querySelectorAll('.u-legend .u-series')[1]
                .querySelector('.u-marker'),
            ).borderTopColor,
        );
      assert.equal(await markerColour(), 'rgb(89, 164, 249)');
      // VS Code sets a new theme's colours on the root element; the body's class stays vscode-dark.
      await page.evaluate(() =>
        document.documentElement.style.setProperty('--vscode-charts-blue', '#40c4ff'),
      );
      await page.waitForFunction(
        () =>
          getComputedStyle(
            document
              .querySelectorAll('.chart')[1]
              .querySelectorAll('.u-legend .u-series')[1]
              .querySelector('.u-marker'),
          ).borderTopColor === 'rgb(64, 196, 255)',
      );
    } finally {
      await page.close();
    }
  },
);
