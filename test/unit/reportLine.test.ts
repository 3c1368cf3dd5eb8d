import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { isColdStart, parseReportLine } from '../../src/core/report/reportLine';
import { reportLine } from '../../src/core/platformLog';

const ID = '3f2c1a9e-7b7d-4d1e-9f5e-0c0a1b2c3d4e';

test('a cold text REPORT line, as in the AWS docs', () => {
  const r = parseReportLine(
    `REPORT RequestId: ${ID}\tDuration: 8.40 ms\tBilled Duration: 9 ms\tMemory Size: 128 MB\tMax Memory Used: 66 MB\tInit Duration: 170.13 ms\t`,
  );
  assert.deepEqual(r, {
    requestId: ID,
    durationMs: 8.4,
    billedDurationMs: 9,
    memorySizeMB: 128,
    maxMemoryUsedMB: 66,
    initDurationMs: 170.13,
  });
  assert.equal(isColdStart(r!), true);
});

test('a warm line has no Init Duration', () => {
  const r = parseReportLine(
    `REPORT RequestId: ${ID}\tDuration: 1.02 ms\tBilled Duration: 2 ms\tMemory Size: 1024 MB\tMax Memory Used: 80 MB\t`,
  );
  assert.equal(r?.initDurationMs, undefined);
  assert.equal(isColdStart(r!), false);
});

test('time-outs, out-of-memory and SnapStart restores', () => {
  const timeout = parseReportLine(
    `REPORT RequestId: ${ID}\tDuration: 3000.00 ms\tBilled Duration: 3000 ms\tMemory Size: 128 MB\tMax Memory Used: 40 MB\tStatus: timeout`,
  );
  assert.equal(timeout?.status, 'timeout');
  const oom = parseReportLine(
    `REPORT RequestId: ${ID}\tDuration: 512.00 ms\tBilled Duration: 512 ms\tMemory Size: 128 MB\tMax Memory Used: 128 MB\tStatus: error\tError Type: Runtime.OutOfMemory\t`,
  );
  assert.deepEqual([oom?.status, oom?.errorType], ['error', 'Runtime.OutOfMemory']);
  const snap = parseReportLine(
    `REPORT RequestId: ${ID}\tDuration: 20.00 ms\tBilled Duration: 130 ms\tMemory Size: 512 MB\tMax Memory Used: 90 MB\tRestore Duration: 210.55 ms\tBilled Restore Duration: 110 ms\t`,
  );
  assert.equal(snap?.restoreDurationMs, 210.55);
  assert.equal(isColdStart(snap!), true);
});

test('agrees with the lines the local endpoint writes', () => {
  const line = reportLine({
    requestId: ID,
    durationMs: 12.345,
    billedDurationMs: 95,
    memorySizeMB: 256,
    maxMemoryUsedMB: 50,
    initDurationMs: 82.1,
    status: 'success',
  });
  assert.deepEqual(parseReportLine(line), {
    requestId: ID,
    durationMs: 12.35,
    billedDurationMs: 95,
    memorySizeMB: 256,
    maxMemoryUsedMB: 50,
    initDurationMs: 82.1,
  });
});

test('garbage and look-alikes are refused, not half-read', () => {
  for (const line of [
    '',
    'START RequestId: x Version: $LATEST',
    'REPORT',
    `REPORT RequestId: ${ID}\tDuration: abc ms`,
    `xREPORT RequestId: ${ID}\tDuration: 1 ms\tBilled Duration: 1 ms\tMemory Size: 128 MB\tMax Memory Used: 1 MB`,
  ]) {
    assert.equal(parseReportLine(line), undefined, line);
  }
});
