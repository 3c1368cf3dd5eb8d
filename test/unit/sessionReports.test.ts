// The REPORT records of this session's invokes, added to a read of the logs that lacks them.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { reportRequestId, SessionReports, SESSION_REPORTS_PER_FUNCTION } from '../../src/core/report/sessionReports';
import type { ReportRecord } from '../../src/core/report/reportLine';

const record = (requestId: string): ReportRecord => ({ requestId, durationMs: 2, billedDurationMs: 2, memorySizeMB: 128, maxMemoryUsedMB: 40 });

test('the request ID of a text REPORT line and of a JSON platform.report record; nothing from other lines', () => {
  assert.equal(reportRequestId('REPORT RequestId: 6f1c2d3e-1a2b-4697-b07a-ac58fc914c95\tDuration: 1.00 ms\t'), '6f1c2d3e-1a2b-4697-b07a-ac58fc914c95');
  assert.equal(reportRequestId('REPORT RequestId: r1'), 'r1');
  assert.equal(reportRequestId(JSON.stringify({ type: 'platform.report', record: { requestId: 'r2', metrics: {} } })), 'r2');
  assert.equal(reportRequestId(JSON.stringify({ type: 'platform.start', record: { requestId: 'r3' } })), undefined);
  assert.equal(reportRequestId('START RequestId: r4 Version: $LATEST'), undefined);
  assert.equal(reportRequestId('REPORT RequestId: \t'), undefined);
  assert.equal(reportRequestId('{"type":"platform.report","record":{"requestId":"'), undefined, 'a torn record gives nothing');
});

test('only the records the read did not see, within its window, are added', () => {
  const session = new SessionReports();
  session.add('fn', record('a'), 1000);
  session.add('fn', record('b'), 2000);
  session.add('fn', record('c'), 9000);
  session.add('other', record('d'), 1500);
  assert.deepEqual([...session.requestIds('fn')].sort(), ['a', 'b', 'c']);
  const unseen = session.unseen('fn', new Set(['a']), 0, 5000);
  assert.deepEqual(unseen.map((r) => [r.record.requestId, r.timestamp]), [['b', 2000]]);
  assert.deepEqual(session.unseen('nothing', new Set(), 0, 1e12), []);
});

test('each function keeps at most its bound, the newest', () => {
  const session = new SessionReports();
  for (let i = 0; i < SESSION_REPORTS_PER_FUNCTION + 25; i++) session.add('fn', record(`r${i}`), i);
  const ids = session.requestIds('fn');
  assert.equal(ids.size, SESSION_REPORTS_PER_FUNCTION);
  assert.ok(!ids.has('r0') && ids.has(`r${SESSION_REPORTS_PER_FUNCTION + 24}`));
});
