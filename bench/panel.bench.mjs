// The estimate panel's first render with 100,000 invocations, in its parts: the host reading the
// 100,000 REPORT lines into the statistics (in the panel this happens page by page as the logs
// arrive, under a progress line), the host's models (summary, cost and cold-start models, chart
// bins, the panel model: what the webview receives, a few KB whatever the count), and the webview
// (the real dist/media/estimate.js with its chart library, uPlot, in headless Chromium under the
// panel's CSP) to its first painted frame, then to its last chart drawn (the charts below the
// first are drawn after the first frame). Target: under 300 ms for reading, models and first
// frame together. Median of 5 rounds. Also printed: the webview bundle and the chart library's share.
// The functions passed to page.evaluate run in the browser.
/* global window, document, requestAnimationFrame */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { launchBrowser } from '../test/harness/code-server.mjs';
import { servePanelPage, THEMES } from '../test/harness/estimatePanelPage.mjs';
import { ReportStats } from '../src/core/report/reportStats.ts';
import { durationChart } from '../src/core/report/durationChart.ts';
import { estimateFunction } from '../src/core/cost/functionEstimate.ts';
import { estimatePanelModel } from '../src/core/estimate/panelModel.ts';
import { figure, median } from './report.mjs';

const INVOCATIONS = 100_000;
const ROUNDS = 5;
const TARGET_MS = 300;
const root = join(import.meta.dirname, '..');

function reportLines() {
  let seed = 7;
  const rand = () => (seed = (seed * 1103515245 + 12345) >>> 0) / 4294967296;
  const lines = [];
  for (let i = 0; i < INVOCATIONS; i++) {
    const d = Math.exp(1.5 + 2 * rand());
    const cold = i % 40 === 0;
    const init = 150 + rand() * 250;
    lines.push(
      `REPORT RequestId: ${String(i).padStart(8, '0')}-1a2b-4697-b07a-ac58fc914c95\tDuration: ${d.toFixed(2)} ms\tBilled Duration: ${Math.ceil(d + (cold ? init : 0))} ms\tMemory Size: 512 MB\tMax Memory Used: ${60 + (i % 40)} MB\t${cold ? `Init Duration: ${init.toFixed(2)} ms\t` : ''}`,
    );
  }
  return lines;
}

function hostModel(lines) {
  const started = performance.now();
  const stats = new ReportStats();
  const t0 = Date.UTC(2026, 10, 27);
  lines.forEach((line, i) => stats.addMessage(line, t0 + i * 800));
  const read = performance.now();
  const summary = stats.summary();
  const estimate = estimateFunction({
    facts: { runtime: 'nodejs20.x', architecture: 'x86_64', memoryMB: 512, timeoutSeconds: 30 },
    observed: summary,
    windowMs: 24 * 3600_000,
  });
  const model = estimatePanelModel(estimate, summary, durationChart(stats), {
    functionName: 'orders-api',
    where: 'Local, us-east-1',
    windowLabel: 'last 24 hours',
    events: lines.length,
    capped: false,
  });
  return { model, readMs: read - started, modelMs: performance.now() - read };
}

/**
 * In the page: the model's message as the webview receives it, then the time to the first frame
 * painted (a frame callback registered before the message runs first in that frame) and to all
 * three charts drawn.
 */
async function renderInPage(data) {
  const started = performance.now();
  const firstFrame = new Promise((resolve) =>
    requestAnimationFrame(() => setTimeout(() => resolve(performance.now() - started), 0)),
  );
  window.dispatchEvent(new MessageEvent('message', { data }));
  const firstFrameMs = await firstFrame;
  for (;;) {
    if (document.querySelectorAll('canvas[role="img"]').length === 3) break;
    if (performance.now() - started > 10_000)
      throw new Error('the panel did not draw its three charts');
    await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
  }
  return { firstFrameMs, allChartsMs: performance.now() - started };
}

/** uPlot alone, minified as the production build minifies it: what the chart library adds to the webview. */
async function chartLibraryBytes() {
  const out = await build({
    stdin: { contents: "import uPlot from 'uplot'; globalThis.uPlot = uPlot;", resolveDir: root },
    bundle: true,
    minify: true,
    format: 'iife',
    write: false,
    logLevel: 'silent',
  });
  return (
    out.outputFiles[0].contents.byteLength +
    statSync(join(root, 'node_modules', 'uplot', 'dist', 'uPlot.min.css')).size
  );
}

export async function run() {
  const lines = reportLines();
  const browser = await launchBrowser();
  const server = await servePanelPage();
  const reading = [];
  const models = [];
  const firstFrames = [];
  const allCharts = [];
  try {
    for (let round = 0; round < ROUNDS; round++) {
      const { model, readMs, modelMs } = hostModel(lines);
      reading.push(readMs);
      models.push(modelMs);
      const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
      await page.goto(server.url);
      await page.evaluate(({ tokens, bodyClass }) => {
        for (const [name, value] of Object.entries(tokens))
          document.documentElement.style.setProperty(`--vscode-${name}`, value);
        document.body.className = bodyClass;
      }, THEMES.dark);
      // The model crosses to the page as the webview would receive it (structured clone of JSON data).
      const { firstFrameMs, allChartsMs } = await page.evaluate(renderInPage, {
        type: 'model',
        model,
        window: '24h',
      });
      firstFrames.push(firstFrameMs);
      allCharts.push(allChartsMs);
      await page.close();
    }
  } finally {
    await browser.close();
    await server.close();
  }
  const n = (count) => count.toLocaleString('en-US');
  const target = { label: 'target for the whole render', value: TARGET_MS };
  figure(
    `panel first render, ${n(INVOCATIONS)} invocations: host reading the REPORT lines into the statistics`,
    median(reading),
    'ms',
    target,
  );
  figure(
    `panel first render, ${n(INVOCATIONS)} invocations: host models (summary, estimate, chart bins, panel model)`,
    median(models),
    'ms',
    target,
  );
  figure(
    `panel first render, ${n(INVOCATIONS)} invocations: webview to the first frame (Chromium)`,
    median(firstFrames),
    'ms',
    target,
  );
  figure(
    `panel first render, ${n(INVOCATIONS)} invocations: webview to the last chart drawn`,
    median(allCharts),
    'ms',
    target,
  );
  figure(
    `panel first render, ${n(INVOCATIONS)} invocations: total (reading, models, first frame)`,
    median(reading) + median(models) + median(firstFrames),
    'ms',
    { label: 'target', value: TARGET_MS },
  );
  figure(
    `panel first render, ${n(INVOCATIONS)} invocations: total to the last chart`,
    median(reading) + median(models) + median(allCharts),
    'ms',
    { label: 'target', value: TARGET_MS },
  );
  const bundle = statSync(join(root, 'dist', 'media', 'estimate.js')).size;
  const library = await chartLibraryBytes();
  figure('panel webview bundle (dist/media/estimate.js)', bundle / 1024, 'KB', {
    label: 'of which the chart library (uPlot, minified, with its CSS)',
    value: library / 1024,
    unit: 'KB',
  });
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
