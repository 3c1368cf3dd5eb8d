// REPORT data through the cloud layer against the real local endpoint: invoke cold and warm, then
// fetchReportData (FilterLogEvents with the server-side pattern) gives the right counts, cold
// starts and percentiles, in both log formats, with the cap, progress and cancel.
import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { startTestEndpoint, type TestEndpoint } from './endpoint';
import { createFunction, filterEvents, invoke, parseReport, waitFor } from './invokeKit';
import { fetchReportData, functionFacts, REPORT_FILTER_PATTERN } from '../../src/cloud/index';
import { estimateFunction } from '../../src/core/cost/functionEstimate';

let t: TestEndpoint;
before(async () => {
  t = await startTestEndpoint();
});
after(async () => {
  await t.close();
});

const HANDLER =
  "exports.handler = async (event) => { console.log('REPORT-looking output is not a report', event.n); await new Promise((r) => setTimeout(r, event.ms ?? 0)); return 'ok'; };\n";

test('text format: counts, cold starts and percentiles match the REPORT lines', async () => {
  await createFunction(t, 'est-text', { 'index.js': HANDLER }, { memorySize: 256 });
  for (let i = 0; i < 6; i++) await invoke(t, 'est-text', { n: i, ms: i * 10 });
  const reports = await waitFor('6 REPORT lines', async () => {
    const found = await filterEvents(t, 'est-text', '"REPORT RequestId"');
    return found.length === 6 ? found.map((e) => parseReport(e.message!)) : undefined;
  });
  const progress: number[] = [];
  const data = await fetchReportData(t.logs, 'est-text', {
    window: '1h',
    onProgress: (p) => progress.push(p.events),
  });
  const s = data.stats.summary();
  assert.equal(data.logGroupFound, true);
  assert.equal(data.capped, false);
  assert.equal(data.events, 6, 'only REPORT lines cross the wire');
  assert.ok(data.pages >= 1 && data.bytes > 0 && progress.at(-1) === 6);
  assert.equal(s.invocations, 6);
  assert.equal(s.coldStarts, 1);
  assert.equal(s.malformed, 0);
  assert.equal(s.memory.sizeMB, 256);
  const durations = reports.map((r) => r.durationMs).sort((a, b) => a - b);
  assert.equal(s.duration!.max, durations.at(-1));
  assert.equal(s.duration!.min, durations[0]);
  const exactP50 = durations[Math.ceil(0.5 * durations.length) - 1]!;
  assert.ok(
    Math.abs(s.duration!.p50 - exactP50) <= exactP50 * 0.01 + 0.01,
    `${s.duration!.p50} vs ${exactP50}`,
  );
  const cold = reports.find((r) => r.initDurationMs !== undefined)!;
  assert.equal(s.initDuration!.max, cold.initDurationMs);
  assert.equal(
    s.billed.totalMs,
    reports.reduce((n, r) => n + r.billedDurationMs, 0),
  );

  // The facts and the estimate the panel would show.
  const { facts } = await functionFacts(t.lambda, 'est-text');
  assert.deepEqual(
    [facts.runtime, facts.memoryMB, facts.architecture],
    ['nodejs20.x', 256, 'x86_64'],
  );
  const estimate = estimateFunction({ facts, observed: s, windowMs: data.endMs - data.startMs });
  assert.equal(estimate.coldStart.source, 'blend');
  assert.match(estimate.headline, /cold p50 \d+ ms \(1 observed \+ estimate\)/);
});

test('JSON format: platform.report records are read the same way', async () => {
  await createFunction(t, 'est-json', { 'index.js': HANDLER }, { logFormat: 'JSON' });
  for (let i = 0; i < 3; i++) await invoke(t, 'est-json', { n: i });
  await waitFor('3 reports', async () =>
    (await filterEvents(t, 'est-json', REPORT_FILTER_PATTERN)).length === 3 ? true : undefined,
  );
  const s = (await fetchReportData(t.logs, 'est-json', { window: '1h' })).stats.summary();
  assert.deepEqual([s.invocations, s.coldStarts, s.malformed], [3, 1, 0]);
  assert.ok(s.initDuration!.p50 > 0);
});

test("the request IDs of this session's invokes are looked out for, in both formats", async () => {
  const texts = await filterEvents(t, 'est-text', '"REPORT RequestId"');
  const jsons = await filterEvents(t, 'est-json', REPORT_FILTER_PATTERN);
  const textId = parseReport(texts[0]!.message!).requestId;
  const jsonId = (JSON.parse(jsons[0]!.message!) as { record: { requestId: string } }).record
    .requestId;
  const watch = new Set([textId, jsonId, 'not-in-the-logs']);
  const text = await fetchReportData(t.logs, 'est-text', { window: '1h', watchRequestIds: watch });
  const json = await fetchReportData(t.logs, 'est-json', { window: '1h', watchRequestIds: watch });
  assert.deepEqual([...text.seenRequestIds], [textId]);
  assert.deepEqual([...json.seenRequestIds], [jsonId]);
});

test('the cap stops reading and says so; a raised cap reads everything', async () => {
  await createFunction(t, 'est-cap', { 'index.js': HANDLER });
  for (let i = 0; i < 5; i++) await invoke(t, 'est-cap', { n: i });
  await waitFor('5 reports', async () =>
    (await filterEvents(t, 'est-cap', '"REPORT RequestId"')).length === 5 ? true : undefined,
  );
  const capped = await fetchReportData(t.logs, 'est-cap', { window: '1h', cap: 2 });
  assert.deepEqual([capped.events, capped.capped, capped.stats.count], [2, true, 2]);
  const all = await fetchReportData(t.logs, 'est-cap', { window: '1h', cap: 5 });
  assert.deepEqual([all.events, all.capped], [5, false]);
  // A window that ends before the invocations holds none of them.
  const before = await fetchReportData(t.logs, 'est-cap', { window: { startMs: 0, endMs: 1000 } });
  assert.equal(before.events, 0);
});

test('a function never invoked has no log group: empty statistics, not an error; cancel rejects', async () => {
  const none = await fetchReportData(t.logs, 'never-invoked', { window: '7d' });
  assert.deepEqual([none.logGroupFound, none.stats.count], [false, 0]);
  const controller = new AbortController();
  controller.abort(new Error('cancelled by the user'));
  await assert.rejects(
    fetchReportData(t.logs, 'est-cap', { signal: controller.signal }),
    /cancelled by the user/,
  );
});
