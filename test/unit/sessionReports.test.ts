// The REPORT records of this session's invokes, added to a read of the logs that lacks them.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { SessionReports, SESSION_REPORTS_PER_FUNCTION } from '../../src/core/report/sessionReports';
import type { ReportRecord } from '../../src/core/report/reportLine';

const record = (requestId: string): ReportRecord => ({
  requestId,
  durationMs: 2,
  billedDurationMs: 2,
  memorySizeMB: 128,
  maxMemoryUsedMB: 40,
});

test('only the records the read did not see, within its window, are added', () => {
  const session = new SessionReports();
  session.add('fn', record('a'), 1000);
  session.add('fn', record('b'), 2000);
  session.add('fn', record('c'), 9000);
  session.add('other', record('d'), 1500);
  assert.deepEqual([...session.requestIds('fn')].sort(), ['a', 'b', 'c']);
  const unseen = session.unseen('fn', new Set(['a']), 0, 5000);
  assert.deepEqual(
    unseen.map((r) => [r.record.requestId, r.timestamp]),
    [['b', 2000]],
  );
  assert.deepEqual(session.unseen('nothing', new Set(), 0, 1e12), []);
});

test('each function keeps at most its bound, the newest', () => {
  const session = new SessionReports();
  for (let i = 0; i < SESSION_REPORTS_PER_FUNCTION + 25; i++) session.add('fn', record(`r${i}`), i);
  const ids = session.requestIds('fn');
  assert.equal(ids.size, SESSION_REPORTS_PER_FUNCTION);
  assert.ok(!ids.has('r0') && ids.has(`r${SESSION_REPORTS_PER_FUNCTION + 24}`));
});
