// The CPU share's figures and wording: Lambda's share for a memory size, capped by the machine's
// cores (and saying so), the per-invoke header checked, and the line after REPORT that is no REPORT.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import {
  cpuShareFor,
  cpuShareLine,
  cpuShareRecord,
  parseCpuShareHeader,
} from '../../src/core/invoke/cpuShare';
import { parseReportLine } from '../../src/core/report/reportLine';

test('the share is memory / 1,769 MB of a vCPU, six at 10,240 MB, capped by the cores', () => {
  assert.deepEqual(cpuShareFor(1769, 2), { lambdaVcpus: 1, vcpus: 1, capped: false });
  assert.ok(Math.abs(cpuShareFor(128, 2).vcpus - 128 / 1769) < 1e-12);
  assert.deepEqual(cpuShareFor(3538, 2), { lambdaVcpus: 2, vcpus: 2, capped: false });
  assert.deepEqual(cpuShareFor(10240, 2), { lambdaVcpus: 6, vcpus: 2, capped: true });
  assert.deepEqual(cpuShareFor(10240, 8), { lambdaVcpus: 6, vcpus: 6, capped: false });
});

test('the header is on or off, any case and spacing; anything else says what is allowed', () => {
  assert.equal(parseCpuShareHeader('on'), true);
  assert.equal(parseCpuShareHeader(' OFF '), false);
  assert.match(String(parseCpuShareHeader('1')), /must be "on" or "off", not "1"/);
  assert.ok(
    String(parseCpuShareHeader('x'.repeat(5000))).length < 200,
    'a long value is not echoed whole',
  );
});

test('the line after REPORT says the share and mechanism, a cap, or off and why; no REPORT reader takes it', () => {
  const id = '8f5bd2a6-6c2b-4d8e-9a43-5c6a7e0b1f22';
  assert.equal(
    cpuShareLine(id, { on: true, mechanism: 'cgroup', figure: cpuShareFor(512, 2), cores: 2 }),
    `CPU_SHARE RequestId: ${id}\tShare: 0.29 vCPU\tMechanism: cgroup\t`,
  );
  assert.equal(
    cpuShareLine(id, { on: true, mechanism: 'duty', figure: cpuShareFor(10240, 2), cores: 2 }),
    `CPU_SHARE RequestId: ${id}\tShare: 2.00 vCPU\tMechanism: duty\tCapped: Lambda gives 6.00 vCPU, this machine has 2 cores\t`,
  );
  const off = cpuShareLine(id, {
    on: false,
    reason: 'Windows cannot stop and continue a process tree, and has no cgroups',
  });
  assert.equal(
    off,
    `CPU_SHARE RequestId: ${id}\tShare: off\tReason: Windows cannot stop and continue a process tree, and has no cgroups\t`,
  );
  assert.equal(parseReportLine(off), undefined);
  const record = JSON.parse(
    cpuShareRecord(new Date(0), id, {
      on: true,
      mechanism: 'cgroup',
      figure: cpuShareFor(10240, 4),
      cores: 4,
    }),
  ) as { type: string; record: Record<string, unknown> };
  assert.equal(record.type, 'lambdaLens.cpuShare');
  assert.deepEqual(record.record, {
    requestId: id,
    share: 'on',
    vcpus: 4,
    lambdaVcpus: 6,
    mechanism: 'cgroup',
    cappedAtCores: 4,
  });
});
