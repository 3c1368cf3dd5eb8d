// Parse and aggregate 1,000,000 REPORT lines (issue 8: at least 1 million lines a second), all in
// this process and run in turn so the machine's noise falls on all of them alike:
//   ours:        ReportStats.addMessage per line (text and JSON formats, constant memory);
//   floor:       a plain split-on-tabs + parseFloat loop that sums durations and nothing else;
//   naive:       a regex per line, every duration kept in an array, sorted for percentiles
//                (what a first version typically does; its memory grows with the lines).
// The stream: 90 % text REPORT lines (1 in 50 cold), 10 % JSON platform.report records.
import { figure, median } from './report.mjs';
import { ReportStats } from '../src/core/report/reportStats.ts';

const LINES = Number(process.env.REPORT_BENCH_LINES ?? 1_000_000);
const ROUNDS = Number(process.env.REPORT_BENCH_ROUNDS ?? 5);

function makeLines(n) {
  let seed = 1;
  const rand = () => (seed = (seed * 1103515245 + 12345) >>> 0) / 4294967296;
  const lines = new Array(n);
  for (let i = 0; i < n; i++) {
    const id = `${((i * 2654435761) >>> 0).toString(16).padStart(8, '0')}-1a2b-4697-b07a-ac58fc914c95`;
    const d = Math.exp(2 + 1.5 * rand());
    const cold = i % 50 === 0;
    const init = 120 + rand() * 200;
    if (i % 10 === 9) {
      lines[i] = JSON.stringify({
        time: '2025-01-01T00:00:00.000Z',
        type: 'platform.report',
        record: {
          requestId: id,
          metrics: {
            durationMs: Math.round(d * 100) / 100,
            billedDurationMs: Math.ceil(d + (cold ? init : 0)),
            memorySizeMB: 512,
            maxMemoryUsedMB: 80,
            ...(cold ? { initDurationMs: Math.round(init * 100) / 100 } : {}),
          },
          status: 'success',
        },
      });
    } else {
      lines[i] =
        `REPORT RequestId: ${id}\tDuration: ${d.toFixed(2)} ms\tBilled Duration: ${Math.ceil(d + (cold ? init : 0))} ms\tMemory Size: 512 MB\tMax Memory Used: 80 MB\t${cold ? `Init Duration: ${init.toFixed(2)} ms\t` : ''}`;
    }
  }
  return lines;
}

function ours(lines) {
  const stats = new ReportStats();
  for (const line of lines) stats.addMessage(line);
  const s = stats.summary();
  return { result: s.duration.p99, invocations: s.invocations, held: stats.byteSize };
}

function floor(lines) {
  let sum = 0;
  let n = 0;
  for (const line of lines) {
    const parts = line.split('\t');
    const d = parseFloat(parts[1]?.slice(10) ?? '');
    if (d === d) {
      sum += d;
      n++;
    }
  }
  return { result: sum / n, invocations: n, held: 0 };
}

const NAIVE =
  /Duration: ([\d.]+) ms.*?Billed Duration: (\d+) ms.*?Memory Size: (\d+) MB.*?Max Memory Used: (\d+) MB(?:.*?Init Duration: ([\d.]+) ms)?/;
function naive(lines) {
  const durations = [];
  const inits = [];
  for (const line of lines) {
    let m = NAIVE.exec(line);
    if (!m && line.startsWith('{')) {
      const r = JSON.parse(line).record?.metrics;
      if (r)
        m = [
          null,
          r.durationMs,
          r.billedDurationMs,
          r.memorySizeMB,
          r.maxMemoryUsedMB,
          r.initDurationMs,
        ];
    }
    if (!m) continue;
    durations.push(Number(m[1]));
    if (m[5] !== undefined) inits.push(Number(m[5]));
  }
  durations.sort((a, b) => a - b);
  inits.sort((a, b) => a - b);
  return {
    result: durations[Math.ceil(0.99 * durations.length) - 1],
    invocations: durations.length,
    held: durations.length * 8 + inits.length * 8,
  };
}

function measure(fn, lines) {
  globalThis.gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  const start = performance.now();
  const out = fn(lines);
  const ms = performance.now() - start;
  const heapAfter = process.memoryUsage().heapUsed;
  return {
    ...out,
    linesPerSecond: lines.length / (ms / 1000),
    heapMB: (heapAfter - heapBefore) / 1e6,
  };
}

// Lines as they reach the statistics: strings from a FilterLogEvents response, i.e. parsed from
// JSON and flat. Built with template literals they would be V8 rope strings, which whoever reads
// them first pays to flatten.
const lines = JSON.parse(JSON.stringify(makeLines(LINES)));
const runs = { ours: [], floor: [], naive: [] };
const contenders = [
  ['ours', ours],
  ['floor', floor],
  ['naive', naive],
];
for (let round = 0; round < ROUNDS; round++) {
  // Each round starts with another contender, so none always runs on a cold cache or heap.
  for (let k = 0; k < contenders.length; k++) {
    const [name, fn] = contenders[(round + k) % contenders.length];
    runs[name].push(measure(fn, lines));
  }
}
const rate = (name) => median(runs[name].map((r) => r.linesPerSecond));
const oursRun = runs.ours.at(-1);
const naiveRun = runs.naive.at(-1);
if (oursRun.invocations !== LINES || naiveRun.invocations !== LINES)
  throw new Error(`counted ${oursRun.invocations} and ${naiveRun.invocations} of ${LINES} lines`);
const p99Error = Math.abs(oursRun.result - naiveRun.result) / naiveRun.result;

figure(
  `report parse+aggregate ${LINES.toLocaleString('en-US')} lines`,
  rate('ours') / 1e6,
  'M lines/s',
  { label: 'split+parseFloat floor', value: rate('floor') / 1e6 },
);
figure('report parse+aggregate vs naive regex+sort', rate('ours') / 1e6, 'M lines/s', {
  label: 'naive',
  value: rate('naive') / 1e6,
});
figure('report accumulator held', oursRun.held / 1024, 'KB', {
  label: 'naive arrays',
  value: naiveRun.held / 1024,
  unit: 'KB',
});
figure('report p99 relative error vs exact sort', p99Error * 100, '%', {
  label: 'histogram bound',
  value: 0.995,
  unit: '%',
});
process.stdout.write(`(target: ≥ 1 M lines/s; ${rate('ours') >= 1e6 ? 'met' : 'NOT met'})\n`);
