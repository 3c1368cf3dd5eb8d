// REPORT lines a function forges, by printing `REPORT RequestId: …` itself: a platform REPORT is
// recognised only where a message starts; from the local endpoint only lines it marked count;
// elsewhere one REPORT per request id and invocation, the platform's own preferred; every line
// discarded is counted and said in the basis.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { ReportStats } from '../../src/core/report/reportStats';
import { SAME_INVOCATION_SLACK_MS } from '../../src/core/report/sameInvocation';
import { HELD_REPORTS } from '../../src/core/report/heldReports';
import { classifyReportMessage } from '../../src/core/report/reportMessage';
import { logFileMessageStart } from '../../src/core/report/logFileLine';
import { discardedReportsBasis } from '../../src/core/report/discardedReports';
import { distinctInvocations } from '../../src/core/report/distinctInvocations';
import { platformReportRecord } from '../../src/core/platformLog';
import { estimateFunction } from '../../src/core/cost/functionEstimate';
import { estimatePanelModel } from '../../src/core/estimate/panelModel';
import { summarizeInvoke } from '../../src/core/invoke/invokeResult';
import { seededRandom as random } from '../support/seededRandom';

const id = (n: number) => `${String(n).padStart(8, '0')}-1a2b-4697-b07a-ac58fc914c95`;
const real = (n: number, durationMs = 12.5) =>
  `REPORT RequestId: ${id(n)}\tDuration: ${durationMs.toFixed(2)} ms\tBilled Duration: ${Math.ceil(durationMs)} ms\tMemory Size: 128 MB\tMax Memory Used: 60 MB\t`;
const forged = (n: number) =>
  `REPORT RequestId: ${id(n)}\tDuration: 900000.00 ms\tBilled Duration: 900000 ms\tMemory Size: 10240 MB\tMax Memory Used: 10240 MB\t`;
/** Node's console.log in Lambda's text format: timestamp, request id, level, then the message. */
const consoleLogged = (n: number) => `2025-01-01T00:00:00.000Z\t${id(n)}\tINFO\t${forged(n)}`;
const FACTS = { runtime: 'nodejs20.x', architecture: 'x86_64' as const, memoryMB: 128 };

test('a REPORT is recognised only where the message starts, never inside another line', () => {
  assert.equal(classifyReportMessage(real(1)).kind, 'report');
  for (const line of [
    consoleLogged(1),
    ` ${real(1)}`,
    `\t${real(1)}`,
    `2024-05-01T10:00:00 stream ${real(1)}`,
    `note: ${real(1)}`,
  ]) {
    assert.equal(classifyReportMessage(line).kind, 'other', JSON.stringify(line));
  }
  const record = platformReportRecord(new Date(0), {
    requestId: id(1),
    durationMs: 2,
    billedDurationMs: 2,
    memorySizeMB: 128,
    maxMemoryUsedMB: 50,
    status: 'success',
  });
  assert.equal(classifyReportMessage(record).kind, 'report');
  for (const line of [
    ` ${record}`,
    `{"level":"INFO","message":${JSON.stringify(record)}}`,
    `{"level":"INFO","message":${record}}`,
    `x${record}`,
  ]) {
    assert.equal(classifyReportMessage(line).kind === 'report', false, line);
  }
});

test("a log file's line: the message starts after `aws logs tail`'s timestamp and stream, nowhere else", () => {
  const stream = '2025/01/01/[$LATEST]0123456789abcdef0123456789abcdef';
  const cases: [string, number][] = [
    [real(1), 0],
    [`2025-01-01T00:00:00.123000+00:00 ${stream} ${real(1)}`, 33 + stream.length + 1],
    [`2025-01-01T00:00:00.123000+00:00 ${real(1)}`, 33],
    ['2024-05-01T10:00:00 stream x', 20], // `--format short`: no stream, the message follows the time
    [`2025-01-01T00:00:00Z ${stream} x`, 22 + stream.length],
  ];
  for (const [line, start] of cases) assert.equal(logFileMessageStart(line), start, line);
  // A console.log line in `aws logs tail --format short`: the message is the whole of the rest.
  const short = `2025-01-01T00:00:00.123000+00:00 ${consoleLogged(1)}`;
  assert.equal(classifyReportMessage(short, logFileMessageStart(short)).kind, 'other');
  const printed = `2025-01-01T00:00:00.123000+00:00 ${stream} say ${real(1)}`;
  assert.equal(classifyReportMessage(printed, logFileMessageStart(printed)).kind, 'other');
});

test('from the local endpoint, a line it did not mark is discarded whatever it says, and counted', () => {
  const stats = new ReportStats();
  for (let n = 0; n < 3; n++) {
    stats.addFunctionOutput(forged(n));
    stats.addFunctionOutput(consoleLogged(n));
    stats.addFunctionOutput('hello');
    stats.addMessage(real(n), 1000 * n);
  }
  const s = stats.summary();
  assert.deepEqual([s.invocations, s.memory.maxUsedMB, s.memory.sizeMB], [3, 60, 128]);
  assert.deepEqual(s.discarded, { duplicateRequestIds: 0, writtenByFunction: 3 });
  assert.equal(s.ignored, 6);
  assert.deepEqual(discardedReportsBasis(s), [
    '3 REPORT lines discarded: written by the function, not by the local endpoint',
  ]);
});

test("elsewhere, one REPORT per request id: the platform's, which comes last, replaces one printed during the invocation", () => {
  const stats = new ReportStats();
  for (let n = 0; n < 3; n++) {
    const end = 10_000 * (n + 1);
    stats.addMessage(consoleLogged(n), end - 5);
    stats.addMessage(forged(n), end - 4);
    stats.addMessage(real(n), end);
  }
  const s = stats.summary();
  assert.deepEqual(
    [s.invocations, s.memory.maxUsedMB, s.memory.sizeMB, s.billed.totalMs],
    [3, 60, 128, 39],
  );
  assert.deepEqual(s.discarded, { duplicateRequestIds: 3, writtenByFunction: 0 });
  assert.deepEqual(discardedReportsBasis(s), ['3 REPORT lines discarded: duplicate request ids']);
});

test('read out of order, the later REPORT still wins; without timestamps, the one read last', () => {
  const stats = new ReportStats();
  stats.addMessage(real(1), 5000);
  stats.addMessage(forged(1), 4990);
  const untimed = new ReportStats();
  untimed.addMessage(forged(2));
  untimed.addMessage(real(2));
  for (const s of [stats.summary(), untimed.summary()]) {
    assert.deepEqual(
      [s.invocations, s.memory.maxUsedMB, s.discarded.duplicateRequestIds],
      [1, 60, 1],
    );
  }
});

test('a retry keeps its request id but is an invocation of its own: both count', () => {
  // Lambda retries a failed asynchronous event a minute later with the same request id.
  const stats = new ReportStats();
  stats.addMessage(`${real(1, 3000)}Status: error\tError Type: Runtime.ExitError\t`, 100_000);
  stats.addMessage(real(1, 20), 100_000 + 60_000 + 20);
  const s = stats.summary();
  assert.deepEqual([s.invocations, s.errors, s.discarded.duplicateRequestIds], [2, 1, 0]);
});

test('the window of held REPORTs is bounded: memory stays constant, and every report counts once', () => {
  const stats = new ReportStats();
  const before = stats.byteSize;
  const total = HELD_REPORTS * 3 + 7;
  for (let n = 0; n < total; n++) {
    stats.addMessage(real(n), n * 100);
    if (n % 10 === 0) stats.addMessage(forged(n), n * 100 - 1);
  }
  assert.equal(stats.byteSize, before);
  assert.equal(stats.count, total);
  const s = stats.summary();
  assert.equal(s.invocations, total);
  assert.equal(s.memory.maxUsedMB, 60, 'no forged figure got in');
  assert.equal(s.discarded.duplicateRequestIds, Math.ceil(total / 10));
});

test('a summary mid-read changes nothing; merge carries held reports and discards', () => {
  const a = new ReportStats();
  a.addMessage(forged(1), 1);
  const early = a.summary();
  assert.equal(early.invocations, 1);
  a.addMessage(real(1), 2);
  assert.deepEqual([a.summary().invocations, a.summary().memory.maxUsedMB], [1, 60]);
  const b = new ReportStats();
  b.addMessage(forged(2), 1);
  b.addMessage(real(2), 2);
  b.addFunctionOutput(forged(3));
  a.merge(b);
  const s = a.summary();
  assert.deepEqual([s.invocations, s.memory.maxUsedMB], [2, 60]);
  assert.deepEqual(s.discarded, { duplicateRequestIds: 2, writtenByFunction: 1 });
});

test('the basis of the estimate, the panel and the lens says what was discarded and why', () => {
  const stats = new ReportStats();
  for (let n = 0; n < 3; n++) {
    stats.addMessage(forged(n), n * 10_000);
    stats.addMessage(real(n), n * 10_000 + 10);
  }
  stats.addFunctionOutput(forged(9));
  const observed = stats.summary();
  const estimate = estimateFunction({ facts: FACTS, observed, windowMs: 3600_000 });
  assert.ok(
    estimate.basis.includes('3 REPORT lines discarded: duplicate request ids'),
    estimate.basis.join('; '),
  );
  assert.ok(
    estimate.basis.includes(
      '1 REPORT line discarded: written by the function, not by the local endpoint',
    ),
  );
  assert.ok(estimate.perMillionUsd < 1, `${estimate.perMillionUsd} per 1M`);
  const panel = estimatePanelModel(estimate, observed, [], {
    functionName: 'f',
    where: 'Local',
    windowLabel: 'last hour',
    events: 7,
    capped: false,
  });
  const row = panel.observed.find((f) => f.label === 'Discarded REPORT lines');
  assert.deepEqual(row, {
    label: 'Discarded REPORT lines',
    value: '4',
    basis:
      '3 REPORT lines discarded: duplicate request ids; 1 REPORT line discarded: written by the function, not by the local endpoint',
  });
  const clean = new ReportStats();
  clean.addMessage(real(1), 1);
  assert.deepEqual(discardedReportsBasis(clean.summary()), []);
  assert.equal(
    estimateFunction({ facts: FACTS, observed: clean.summary(), windowMs: 3600_000 }).basis.some(
      (b) => b.includes('discarded'),
    ),
    false,
  );
});

test("an invoke's log tail: the platform's REPORT, never one the function printed", () => {
  const tail = [
    'START RequestId: r Version: $LATEST',
    forged(1),
    consoleLogged(1),
    'END RequestId: r',
    real(1),
    '',
  ].join('\n');
  const summary = summarizeInvoke({ logResult: Buffer.from(tail).toString('base64') });
  assert.equal(summary.report?.memorySizeMB, 128);
  assert.equal(summary.report?.maxMemoryUsedMB, 60);
  const onlyForged = summarizeInvoke({
    logResult: Buffer.from(`${consoleLogged(1)}\n`).toString('base64'),
  });
  assert.equal(onlyForged.report, undefined);
});

test('the window agrees with a plain model of its rules on 60,000 random reports', () => {
  const next = random(17);
  interface Held {
    id: string;
    at: number;
    ran: number;
    line: string;
  }
  // The rules, with a Map and an array: what is counted, and how many are discarded.
  const held = new Map<string, Held>();
  const order: string[] = [];
  const counted: { line: string; at: number }[] = [];
  let discarded = 0;
  const same = (earlierAt: number, later: Held) =>
    !(later.at - earlierAt > later.ran + SAME_INVOCATION_SLACK_MS);
  const stats = new ReportStats();
  let now = 1_000_000;
  for (let i = 0; i < 60_000; i++) {
    now += Math.floor(next() * 40);
    // Ids repeat near (a forged copy), far beyond the window, and rarely in a crowd of the same home.
    const n = next() < 0.2 ? Math.max(0, i - Math.floor(next() * 3000)) : i;
    const durationMs = next() < 0.9 ? Math.round(next() * 5000) / 100 : Math.round(next() * 90_000);
    const at = next() < 0.05 ? now - Math.floor(next() * 200) : now; // sometimes read out of order
    const line = `REPORT RequestId: ${id(n)}\tDuration: ${durationMs.toFixed(2)} ms\tBilled Duration: ${Math.ceil(durationMs)} ms\tMemory Size: ${128 + (i % 7)} MB\tMax Memory Used: ${i % 100} MB\t`;
    stats.addMessage(line, at);
    const report: Held = { id: id(n), at, ran: durationMs, line };
    if (order.length === HELD_REPORTS) {
      const oldest = held.get(order.shift()!)!;
      held.delete(oldest.id);
      counted.push(oldest);
    }
    const previous = held.get(report.id);
    if (!previous) {
      held.set(report.id, report);
      order.push(report.id);
    } else if (!(report.at < previous.at)) {
      if (same(previous.at, report)) discarded++;
      else counted.push(previous);
      held.set(report.id, report);
    } else if (same(report.at, previous)) {
      discarded++;
    } else {
      counted.push(report);
    }
  }
  for (const key of order) counted.push(held.get(key)!);
  // The model's reports, each under an id of its own so that nothing more is discarded.
  const expected = new ReportStats();
  counted.forEach((r, k) =>
    expected.addMessage(r.line.replace(/RequestId: [^\t]+/, `RequestId: model-${k}`), r.at),
  );
  const got = stats.summary();
  assert.equal(got.discarded.duplicateRequestIds, discarded);
  assert.ok(discarded > 500, `only ${discarded} discarded`);
  assert.deepStrictEqual(
    { ...got, discarded: undefined },
    { ...expected.summary(), discarded: undefined },
  );
});

test("the explorer's recent invocations: one per request id and invocation, the later kept, retries kept", () => {
  const record = (n: number, durationMs: number, timestamp: number, maxMemoryUsedMB = 60) => ({
    requestId: id(n),
    durationMs,
    billedDurationMs: Math.ceil(durationMs),
    memorySizeMB: 128,
    maxMemoryUsedMB,
    timestamp,
  });
  const kept = distinctInvocations([
    record(1, 12.5, 1000),
    record(1, 900_000, 990, 10240), // printed during invocation 1, read after its REPORT
    record(2, 900_000, 1990, 10240),
    record(2, 12.5, 2000),
    record(3, 3000, 10_000),
    record(3, 20, 80_000), // the retry of 3, a minute later
  ]);
  assert.deepEqual(
    kept.map((r) => [r.requestId, r.timestamp, r.maxMemoryUsedMB]),
    [
      [id(1), 1000, 60],
      [id(2), 2000, 60],
      [id(3), 10_000, 60],
      [id(3), 80_000, 60],
    ],
  );
});

test('the request id the session watches for: that of the REPORT the statistics just read', () => {
  const stats = new ReportStats();
  assert.equal(stats.addMessage(real(1), 1), true);
  assert.equal(stats.lastRequestId, id(1));
  const record = platformReportRecord(new Date(0), {
    requestId: id(2),
    durationMs: 2,
    billedDurationMs: 2,
    memorySizeMB: 128,
    maxMemoryUsedMB: 50,
    status: 'success',
  });
  assert.equal(stats.addMessage(record, 2), true);
  assert.equal(stats.lastRequestId, id(2));
  for (const other of [
    consoleLogged(3),
    `{"level":"INFO","requestId":"${id(3)}","message":"platform.report"}`,
  ])
    assert.equal(stats.addMessage(other, 3), false);
});
