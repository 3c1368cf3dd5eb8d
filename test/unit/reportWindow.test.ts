// What users type for a window of logs (CLI) and what the panel's custom range sends.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import {
  customWindowProblem,
  describeWindow,
  MAX_WINDOW_MS,
  parseReportWindow,
  windowRange,
} from '../../src/core/report/reportWindow';

const NOW = Date.UTC(2026, 11, 2, 12, 0, 0);

test('presets stay presets; N minutes, hours, days or weeks end now', () => {
  assert.equal(parseReportWindow('24h', NOW), '24h');
  assert.equal(parseReportWindow(' 7d ', NOW), '7d');
  assert.deepEqual(parseReportWindow('90m', NOW), { startMs: NOW - 90 * 60_000, endMs: NOW });
  assert.deepEqual(parseReportWindow('3d', NOW), { startMs: NOW - 3 * 86_400_000, endMs: NOW });
  assert.deepEqual(parseReportWindow('2w', NOW), { startMs: NOW - 14 * 86_400_000, endMs: NOW });
  assert.deepEqual(windowRange('1h', NOW), { startMs: NOW - 3600_000, endMs: NOW });
});

test('FROM..TO in ISO 8601, UTC unless a zone is given; no TO means now', () => {
  assert.deepEqual(parseReportWindow('2026-11-01..2026-11-08T12:00Z', NOW), {
    startMs: Date.UTC(2026, 10, 1),
    endMs: Date.UTC(2026, 10, 8, 12),
  });
  assert.deepEqual(parseReportWindow('2026-11-01T06:30..2026-11-01T07:00:30.5', NOW), {
    startMs: Date.UTC(2026, 10, 1, 6, 30),
    endMs: Date.UTC(2026, 10, 1, 7, 0, 30, 500),
  });
  assert.deepEqual(parseReportWindow('2026-12-01T00:00+02:00..', NOW), {
    startMs: Date.UTC(2026, 10, 30, 22),
    endMs: NOW,
  });
});

test('anything else is refused with the accepted forms', () => {
  for (const bad of [
    '',
    '0h',
    '2y',
    'fortnight',
    '-3d',
    '3.5h',
    '2026-13-01..',
    '2026-11-08..2026-11-01',
    'yesterday..',
    '2026-11-01',
    '1/2/2026..',
    '99999999m',
  ]) {
    assert.throws(() => parseReportWindow(bad, NOW), RangeError, bad);
  }
  assert.throws(
    () => parseReportWindow('2y', NOW),
    /use 1h, 24h, 7d, any N followed by m, h, d or w/,
  );
  assert.throws(
    () => parseReportWindow('2026-11-08..2026-11-01', NOW),
    /must start before it ends/,
  );
});

test('custom ranges from the panel are checked like typed ones', () => {
  assert.equal(customWindowProblem(1, 2), undefined);
  assert.match(customWindowProblem(2, 1)!, /start before it ends/);
  assert.match(customWindowProblem(Number.NaN, 1)!, /needs a start and an end/);
  assert.match(customWindowProblem('1', 2)!, /needs a start and an end/);
  assert.match(customWindowProblem(0, MAX_WINDOW_MS + 1)!, /ten years/);
  assert.throws(() => windowRange({ startMs: 5, endMs: 5 }), RangeError);
});

test('windows are described in words, custom ones in UTC minutes', () => {
  assert.equal(describeWindow('1h'), 'last hour');
  assert.equal(describeWindow('7d'), 'last 7 days');
  assert.equal(
    describeWindow({ startMs: Date.UTC(2026, 10, 1), endMs: Date.UTC(2026, 10, 8, 12, 5) }),
    '2026-11-01 00:00 to 2026-11-08 12:05 UTC',
  );
});
