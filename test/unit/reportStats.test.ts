// Streaming REPORT statistics: formats, counts, percentiles within the histogram's error of an
// exact sort, constant memory, malformed lines counted and skipped. One REPORT counts per request
// id and invocation (test/unit/forgedReports.test.ts), so every invocation here has an id of its own.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { ReportStats } from '../../src/core/report/reportStats';
import {
  HISTOGRAM_RELATIVE_ERROR,
  LogHistogram,
  bucketOf,
  bucketTables,
} from '../../src/core/report/logHistogram';
import { classifyReportMessage } from '../../src/core/report/reportMessage';
import { logFileMessageStart } from '../../src/core/report/logFileLine';
import { parsePlatformReport } from '../../src/core/report/platformReport';
import { durationChart } from '../../src/core/report/durationChart';
import { platformReportRecord, reportLine } from '../../src/core/platformLog';
import { seededRandom as random } from '../support/seededRandom';

const ID = '3f2c1a9e-7b7d-4d1e-9f5e-0c0a1b2c3d4e';
let serial = 0;
/** A request id of its own for each call. */
const nextId = () => `${String(serial++).padStart(8, '0')}-7b7d-4d1e-9f5e-0c0a1b2c3d4e`;
const text = (d: number, billed: number, init?: number, extra = '') =>
  `REPORT RequestId: ${nextId()}\tDuration: ${d.toFixed(2)} ms\tBilled Duration: ${billed} ms\tMemory Size: 128 MB\tMax Memory Used: 66 MB\t${init !== undefined ? `Init Duration: ${init.toFixed(2)} ms\t` : ''}${extra}`;

function exactPercentile(sorted: number[], p: number): number {
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

test('hand-computed: 3 warm and 1 cold text lines', () => {
  const stats = new ReportStats();
  for (const line of [text(10, 10), text(20, 20), text(30, 30), text(5, 175, 170)])
    assert.equal(stats.addMessage(line), true);
  const s = stats.summary();
  assert.equal(s.invocations, 4);
  assert.equal(s.coldStarts, 1);
  assert.equal(s.coldStartRate, 0.25);
  assert.equal(s.billed.totalMs, 235);
  assert.equal(s.billed.warmMeanMs, 20);
  assert.equal(s.billed.coldMeanMs, 175);
  assert.ok(Math.abs(s.billed.gbSeconds - 0.235 * 0.125) < 1e-12);
  assert.equal(s.duration!.max, 30);
  assert.equal(s.duration!.min, 5);
  assert.ok(Math.abs(s.duration!.p50 - 10) <= 10 * HISTOGRAM_RELATIVE_ERROR);
  assert.equal(s.initDuration!.count, 1);
  assert.ok(Math.abs(s.initDuration!.p50 - 170) < 1e-9, 'one value: clamped to itself');
  assert.deepEqual([s.memory.sizeMB, s.memory.maxUsedMB], [128, 66]);
  assert.ok(Math.abs(s.memory.maxUsedRatio - 66 / 128) < 1e-12);
  assert.deepEqual([s.malformed, s.ignored, s.timeouts, s.errors], [0, 0, 0, 0]);
});

test('JSON platform.report, SnapStart restores, time-outs, errors and out-of-memory', () => {
  const stats = new ReportStats();
  const at = new Date('2025-01-01T00:00:00Z');
  stats.addMessage(
    platformReportRecord(at, {
      requestId: nextId(),
      durationMs: 1233.96,
      billedDurationMs: 1698,
      memorySizeMB: 256,
      maxMemoryUsedMB: 123,
      initDurationMs: 463.512,
      status: 'success',
    }),
    1000,
  );
  stats.addMessage(
    platformReportRecord(at, {
      requestId: nextId(),
      durationMs: 3000,
      billedDurationMs: 3000,
      memorySizeMB: 256,
      maxMemoryUsedMB: 100,
      status: 'timeout',
    }),
    2000,
  );
  stats.addMessage(
    `REPORT RequestId: ${nextId()}\tDuration: 20.00 ms\tBilled Duration: 130 ms\tMemory Size: 256 MB\tMax Memory Used: 90 MB\tRestore Duration: 210.55 ms\tBilled Restore Duration: 110 ms\t`,
    3000,
  );
  stats.addMessage(
    text(512, 512, undefined, 'Status: error\tError Type: Runtime.OutOfMemory\t'),
    500,
  );
  stats.addMessage(
    JSON.stringify({
      time: 'x',
      type: 'platform.report',
      record: {
        requestId: nextId(),
        status: 'failure',
        metrics: { durationMs: 1, billedDurationMs: 1, memorySizeMB: 256, maxMemoryUsedMB: 1 },
      },
    }),
    4000,
  );
  const s = stats.summary();
  assert.equal(s.invocations, 5);
  assert.equal(s.coldStarts, 2, 'init and restore are cold');
  assert.equal(s.snapStartRestores, 1);
  assert.equal(s.timeouts, 1);
  assert.equal(s.errors, 2);
  assert.equal(s.outOfMemory, 1);
  assert.equal(s.memory.sizeMB, 256, "the newest record's size, not the last one read");
  assert.deepEqual([s.memory.minSizeMB, s.memory.maxSizeMB], [128, 256]);
  assert.deepEqual([s.firstTimestamp, s.lastTimestamp], [500, 4000]);
});

test('malformed REPORT lines are counted and skipped; other lines are ignored', () => {
  const stats = new ReportStats();
  const malformed = [
    `REPORT RequestId: ${ID}\tDuration: abc ms\tBilled Duration: 1 ms\tMemory Size: 128 MB\tMax Memory Used: 1 MB`,
    `REPORT RequestId: ${ID}\tDuration: 1.00 ms`,
    `REPORT RequestId: ${ID}\tDuration: -4.00 ms\tBilled Duration: 1 ms\tMemory Size: 128 MB\tMax Memory Used: 1 MB`,
    `REPORT RequestId: ${ID}\tDuration: 1.00 s\tBilled Duration: 1 ms\tMemory Size: 128 MB\tMax Memory Used: 1 MB`,
    `REPORT RequestId: ${ID}\tDuration: Infinity ms\tBilled Duration: 1 ms\tMemory Size: 128 MB\tMax Memory Used: 1 MB`,
    '{"type":"platform.report","record":{"requestId":"x","metrics":{"durationMs":"12"}}}',
    '{"type":"platform.report", not json',
    '{"type":"platform.report","record":{"requestId":"x","metrics":{"durationMs":1,"billedDurationMs":1,"memorySizeMB":128,"maxMemoryUsedMB":1,"initDurationMs":-1}}}',
  ];
  for (const line of malformed) assert.equal(stats.addMessage(line), false, line);
  for (const line of [
    '',
    'START RequestId: x Version: $LATEST',
    `END RequestId: ${ID}`,
    '2024-01-01T00:00:00Z\tid\tINFO\thello REPORT',
    '{"type":"platform.start"}',
    'say "platform.report" in prose',
  ])
    stats.addMessage(line);
  const s = stats.summary();
  assert.deepEqual([s.invocations, s.malformed, s.ignored], [0, malformed.length, 6]);
  assert.ok(Number.isNaN(s.coldStartRate));
  assert.equal(s.duration, undefined);
});

test("a REPORT counts where the message starts: in a file, after `aws logs tail`'s prefix; nowhere else", () => {
  const tailed = `2024-05-01T10:00:00.000000+00:00 2024/05/01/[$LATEST]abc ${text(1, 1)}`;
  assert.equal(classifyReportMessage(tailed, logFileMessageStart(tailed)).kind, 'report');
  assert.equal(classifyReportMessage(tailed).kind, 'other');
  assert.equal(classifyReportMessage(`x${text(1, 1)}`).kind, 'other');
  assert.equal(parsePlatformReport('[1,2]'), undefined);
});

test('the lines the local endpoint writes round-trip in both formats', () => {
  const m = {
    requestId: ID,
    durationMs: 12.345,
    billedDurationMs: 95,
    memorySizeMB: 256,
    maxMemoryUsedMB: 50,
    initDurationMs: 82.1,
    status: 'timeout' as const,
  };
  const a = classifyReportMessage(reportLine(m));
  const b = classifyReportMessage(platformReportRecord(new Date(), m));
  assert.ok(a.kind === 'report' && b.kind === 'report');
  assert.deepEqual(a.record, b.record);
});

test('percentiles within the histogram error of an exact sort, on random data', () => {
  const next = random(42);
  for (const [name, draw] of [
    [
      'log-normal',
      () =>
        Math.exp(3 + 1.2 * Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next())),
    ],
    ['uniform 0–900 s', () => next() * 900_000],
    ['bimodal', () => (next() < 0.05 ? 800 + next() * 400 : 5 + next() * 20)],
  ] as const) {
    const h = new LogHistogram();
    const values: number[] = [];
    for (let i = 0; i < 100_000; i++) {
      const v = Math.round(draw() * 100) / 100; // REPORT precision
      values.push(v);
      h.add(v);
    }
    values.sort((a, b) => a - b);
    for (const p of [1, 50, 90, 99, 99.9, 100]) {
      const exact = exactPercentile(values, p);
      const got = h.percentile(p);
      const tolerance = Math.max(exact * (HISTOGRAM_RELATIVE_ERROR + 1e-12), 0.01);
      assert.ok(Math.abs(got - exact) <= tolerance, `${name} p${p}: ${got} vs exact ${exact}`);
    }
    assert.equal(h.max, values.at(-1));
    assert.equal(h.min, values[0]);
  }
});

test('constant memory: the accumulator holds the same bytes after 1,000,000 records', () => {
  const stats = new ReportStats();
  const before = stats.byteSize;
  const next = random(7);
  for (let i = 0; i < 1_000_000; i++) {
    const d = next() * 2000;
    stats.add(
      {
        requestId: String(i),
        durationMs: d,
        billedDurationMs: Math.ceil(d),
        memorySizeMB: 1024,
        maxMemoryUsedMB: 100 + next() * 50,
        ...(i % 1000 === 0 ? { initDurationMs: 150 + next() * 100 } : {}),
      },
      i,
    );
  }
  assert.equal(stats.byteSize, before);
  // The histograms (~41 KB) and the window of held reports (~96 KB) that keeps one REPORT per request id.
  assert.ok(before < 160 * 1024, `${before} bytes`);
  const s = stats.summary();
  assert.equal(s.invocations, 1_000_000);
  assert.equal(s.coldStarts, 1000);
  assert.ok(Math.abs(s.duration!.p50 - 1000) < 1000 * 0.02, String(s.duration!.p50));
});

test('merge equals reading everything into one accumulator', () => {
  const lines = [text(10, 10), text(20, 20), text(5, 175, 170), text(40, 40)];
  const one = new ReportStats();
  lines.forEach((l, i) => one.addMessage(l, i));
  const a = new ReportStats();
  const b = new ReportStats();
  lines.slice(0, 2).forEach((l, i) => a.addMessage(l, i));
  lines.slice(2).forEach((l, i) => b.addMessage(l, i + 2));
  a.merge(b);
  assert.deepEqual(a.summary(), one.summary());
});

test('the chart histogram: bounded bins, every invocation counted once, cold ones marked', () => {
  const stats = new ReportStats();
  const next = random(3);
  for (let i = 0; i < 50_000; i++)
    stats.add({
      requestId: String(i),
      durationMs: 1 + next() * 500,
      billedDurationMs: 1,
      memorySizeMB: 128,
      maxMemoryUsedMB: 1,
      ...(i % 50 === 0 ? { initDurationMs: 100 } : {}),
    });
  const bins = durationChart(stats, 20);
  assert.equal(bins.length, 20);
  assert.equal(
    bins.reduce((n, b) => n + b.warm + b.cold, 0),
    50_000,
  );
  assert.equal(
    bins.reduce((n, b) => n + b.cold, 0),
    1000,
  );
  for (let i = 1; i < bins.length; i++)
    assert.ok(Math.abs(bins[i]!.fromMs - bins[i - 1]!.toMs) < 1e-9);
  assert.deepEqual(durationChart(new ReportStats()), []);
});

test('error types are counted by name, bounded in number and length, and merge', () => {
  const stats = new ReportStats();
  const line = (type: string) =>
    `REPORT RequestId: ${nextId()}\tDuration: 5.00 ms\tBilled Duration: 5 ms\tMemory Size: 128 MB\tMax Memory Used: 60 MB\tStatus: error\tError Type: ${type}\t`;
  stats.addMessage(line('Runtime.OutOfMemory'));
  stats.addMessage(line('Runtime.OutOfMemory'));
  for (let i = 0; i < 30; i++) stats.addMessage(line(`Custom.Error${i}`));
  stats.addMessage(line('x'.repeat(5000)));
  const summary = stats.summary();
  assert.deepEqual(summary.errorTypes[0], { type: 'Runtime.OutOfMemory', count: 2 });
  assert.equal(summary.errorTypes.length, 20);
  assert.equal(summary.otherErrorTypes, 31 - 19);
  const other = new ReportStats();
  other.addMessage(line('Runtime.OutOfMemory'));
  stats.merge(other);
  assert.deepEqual(stats.summary().errorTypes[0], { type: 'Runtime.OutOfMemory', count: 3 });
  const long = new ReportStats();
  long.addMessage(line('y'.repeat(5000)));
  assert.equal(long.summary().errorTypes[0]!.type.length, 200);
});

test('add() finds by table the bucket bucketOf() computes: at every edge, its neighbours, and anywhere', () => {
  const { tableBucketOf, edges, buckets } = bucketTables;
  const bits = new DataView(new ArrayBuffer(8));
  const step = (value: number, ulps: number) => {
    bits.setFloat64(0, value);
    bits.setBigUint64(0, bits.getBigUint64(0) + BigInt(ulps));
    return bits.getFloat64(0);
  };
  for (let i = 1; i < buckets; i++) {
    assert.equal(bucketOf(edges[i]!), i, `edge ${i}`);
    assert.equal(bucketOf(step(edges[i]!, -1)), i - 1, `below edge ${i}`);
    for (let ulps = -3; ulps <= 3; ulps++) {
      const value = step(edges[i]!, ulps);
      assert.equal(tableBucketOf(value), bucketOf(value), `${value}`);
    }
  }
  const next = random(5);
  for (let i = 0; i < 300_000; i++) {
    const value = Math.exp(-8 + next() * 30);
    assert.equal(tableBucketOf(value), bucketOf(value), `${value}`);
  }
  for (const value of [
    0,
    5e-324,
    0.005,
    0.01,
    0.010000000000000002,
    1,
    80,
    512,
    1e7,
    1.0199e7,
    1.03e7,
    1e300,
    Number.MAX_VALUE,
  ]) {
    assert.equal(tableBucketOf(value), bucketOf(value), `${value}`);
  }
});
