// The lines Lambda writes around each invocation (see aws-facts.md, "The REPORT line"), and
// Billed Duration.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import {
  billedDurationMs,
  debugLine,
  debugRecord,
  endLine,
  initReportLine,
  platformInitReportRecord,
  platformReportRecord,
  platformRuntimeDoneRecord,
  platformStartRecord,
  reportLine,
  startLine,
  timeoutLine,
  type InvocationMetrics,
} from '../../src/core/platformLog';
import { classifyReportMessage } from '../../src/core/report/reportMessage';
import { ReportStats } from '../../src/core/report/reportStats';
import { summarizeInvoke } from '../../src/core/invoke/invokeResult';

const ID = '8f507cfc-1a2b-4697-b07a-ac58fc914c95';
const warm: InvocationMetrics = {
  requestId: ID,
  durationMs: 8.4,
  billedDurationMs: 9,
  memorySizeMB: 128,
  maxMemoryUsedMB: 66,
  status: 'success',
};

test('START and END lines', () => {
  assert.equal(startLine(ID, '$LATEST'), `START RequestId: ${ID} Version: $LATEST`);
  assert.equal(startLine(ID, '3'), `START RequestId: ${ID} Version: 3`);
  assert.equal(endLine(ID), `END RequestId: ${ID}`);
});

test('REPORT, warm: tab-separated, two decimals, a trailing tab, no Init Duration', () => {
  assert.equal(
    reportLine(warm),
    `REPORT RequestId: ${ID}\tDuration: 8.40 ms\tBilled Duration: 9 ms\tMemory Size: 128 MB\tMax Memory Used: 66 MB\t`,
  );
});

test('REPORT, cold: Init Duration after Max Memory Used', () => {
  assert.equal(
    reportLine({ ...warm, initDurationMs: 170.13, billedDurationMs: 179 }),
    `REPORT RequestId: ${ID}\tDuration: 8.40 ms\tBilled Duration: 179 ms\tMemory Size: 128 MB\tMax Memory Used: 66 MB\tInit Duration: 170.13 ms\t`,
  );
});

test('REPORT of a time-out and of an out-of-memory invocation', () => {
  assert.equal(
    reportLine({ ...warm, durationMs: 1000.004, billedDurationMs: 1000, status: 'timeout' }),
    `REPORT RequestId: ${ID}\tDuration: 1000.00 ms\tBilled Duration: 1000 ms\tMemory Size: 128 MB\tMax Memory Used: 66 MB\tStatus: timeout\t`,
  );
  assert.equal(
    reportLine({
      ...warm,
      maxMemoryUsedMB: 128,
      status: 'error',
      errorType: 'Runtime.OutOfMemory',
    }),
    `REPORT RequestId: ${ID}\tDuration: 8.40 ms\tBilled Duration: 9 ms\tMemory Size: 128 MB\tMax Memory Used: 128 MB\tStatus: error\tError Type: Runtime.OutOfMemory\t`,
  );
});

test('the task time-out line and the INIT_REPORT of a failed init', () => {
  assert.equal(
    timeoutLine(new Date('2024-05-01T10:00:03.004Z'), ID, 3),
    `2024-05-01T10:00:03.004Z ${ID} Task timed out after 3.00 seconds`,
  );
  assert.equal(
    initReportLine(206.724, 'Runtime.ExitError'),
    'INIT_REPORT Init Duration: 206.72 ms\tPhase: init\tStatus: error\tError Type: Runtime.ExitError',
  );
});

test('billedDurationMs: per 1 ms rounded up, INIT included on a cold start, at least 1 ms', () => {
  assert.equal(billedDurationMs(8.4), 9);
  assert.equal(billedDurationMs(9), 9);
  assert.equal(billedDurationMs(8.4, 170.13), 179); // 178.53 → 179
  assert.equal(billedDurationMs(1233.96, 463.512), 1698); // the JSON example in aws-facts.md
  assert.equal(billedDurationMs(0.2), 1);
  assert.equal(billedDurationMs(0), 1);
});

test('billedDurationMs agrees with the durations as printed (to 0.01 ms)', () => {
  // 10.004 prints as 10.00: billing 11 ms for a line that says 10.00 would not add up.
  assert.equal(billedDurationMs(10.004), 10);
  assert.equal(billedDurationMs(10.006), 11);
  // Two values that each print with two decimals add up exactly (no 0.1 + 0.2 drift).
  assert.equal(billedDurationMs(0.1, 0.2), 1);
  assert.equal(billedDurationMs(4.3, 5.7), 10);
  assert.equal(billedDurationMs(4.31, 5.7), 11);
});

test('JSON format records', () => {
  const at = new Date('2024-05-01T10:00:00.000Z');
  assert.deepEqual(JSON.parse(platformStartRecord(at, ID, '$LATEST')), {
    time: '2024-05-01T10:00:00.000Z',
    type: 'platform.start',
    record: { requestId: ID, version: '$LATEST' },
  });
  const cold = {
    ...warm,
    durationMs: 1233.964,
    billedDurationMs: 1698,
    memorySizeMB: 256,
    maxMemoryUsedMB: 123,
    initDurationMs: 463.512,
  };
  assert.deepEqual(JSON.parse(platformReportRecord(at, cold)), {
    time: '2024-05-01T10:00:00.000Z',
    type: 'platform.report',
    record: {
      requestId: ID,
      metrics: {
        durationMs: 1233.96,
        billedDurationMs: 1698,
        memorySizeMB: 256,
        maxMemoryUsedMB: 123,
        initDurationMs: 463.51,
      },
      status: 'success',
    },
  });
  assert.deepEqual(JSON.parse(platformReportRecord(at, warm)).record.metrics, {
    durationMs: 8.4,
    billedDurationMs: 9,
    memorySizeMB: 128,
    maxMemoryUsedMB: 66,
  });
  assert.deepEqual(
    JSON.parse(
      platformReportRecord(at, { ...warm, status: 'error', errorType: 'Runtime.OutOfMemory' }),
    ).record.errorType,
    'Runtime.OutOfMemory',
  );
  assert.deepEqual(JSON.parse(platformRuntimeDoneRecord(at, warm)), {
    time: '2024-05-01T10:00:00.000Z',
    type: 'platform.runtimeDone',
    record: { requestId: ID, status: 'success', metrics: { durationMs: 8.4 } },
  });
  assert.deepEqual(JSON.parse(platformInitReportRecord(at, 206.724, 'Runtime.ExitError')).record, {
    initializationType: 'on-demand',
    phase: 'init',
    status: 'error',
    errorType: 'Runtime.ExitError',
    metrics: { durationMs: 206.72 },
  });
});

test("a debug invocation's DEBUG line and record: REPORT-like figures, yet no reader takes them for a report", () => {
  const debug: InvocationMetrics = {
    ...warm,
    durationMs: 8123.456,
    initDurationMs: 4000.5,
    maxMemoryUsedMB: 190,
  };
  const line = debugLine(debug);
  assert.equal(
    line,
    `DEBUG RequestId: ${ID}\tDuration: 8123.46 ms\tInit Duration: 4000.50 ms\tMemory Size: 128 MB\tMax Memory Used: 190 MB\t`,
  );
  assert.equal(
    debugLine({ ...debug, status: 'error', errorType: 'Runtime.DebuggerNotAttached' }).endsWith(
      '\tStatus: error\tError Type: Runtime.DebuggerNotAttached\t',
    ),
    true,
  );
  const record = debugRecord(new Date('2026-11-28T10:00:00Z'), debug);
  assert.deepEqual(JSON.parse(record), {
    time: '2026-11-28T10:00:00.000Z',
    type: 'lambdaLens.debugReport',
    record: {
      requestId: ID,
      metrics: {
        durationMs: 8123.46,
        initDurationMs: 4000.5,
        memorySizeMB: 128,
        maxMemoryUsedMB: 190,
      },
      status: 'success',
    },
  });
  for (const message of [line, record, `2026-11-28T10:00:00.000Z ${line}`]) {
    assert.equal(classifyReportMessage(message).kind, 'other', message);
  }
  // `lambda-lens report` and the panel read lines into ReportStats: a debug invocation counts in nothing.
  const stats = new ReportStats();
  for (const message of [startLine(ID, '$LATEST'), endLine(ID), line, record, reportLine(warm)])
    stats.addMessage(message);
  assert.equal(stats.summary().invocations, 1);
  assert.equal(stats.summary().malformed, 0);
  const tail = Buffer.from(`${startLine(ID, '$LATEST')}\n${endLine(ID)}\n${line}\n`).toString(
    'base64',
  );
  assert.equal(
    summarizeInvoke({ payload: new TextEncoder().encode('{}'), logResult: tail }).report,
    undefined,
  );
});
