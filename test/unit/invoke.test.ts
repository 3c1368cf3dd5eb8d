import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { checkPayload } from '../../src/core/invoke/payload';
import { summarizeInvoke } from '../../src/core/invoke/invokeResult';
import {
  lastUsedLabel,
  recentLabel,
  rememberedEventName,
} from '../../src/core/invoke/eventChoiceLabels';

const b64 = (text: string) => Buffer.from(text).toString('base64');
const bytes = (text: string) => new TextEncoder().encode(text);

test('a JSON event passes as its UTF-8 bytes', () => {
  const checked = checkPayload('{"name": "Zoë"}', 'RequestResponse');
  assert.ok(checked.ok);
  assert.deepEqual(checked.bytes, bytes('{"name": "Zoë"}'));
});

test('invalid JSON is refused with its line and column, and the source named', () => {
  const checked = checkPayload('{\n  "a": 1,\n  "b": }\n', 'RequestResponse', 'events/bad.json');
  assert.equal(checked.ok, false);
  assert.ok(!checked.ok);
  assert.deepEqual([checked.line, checked.column], [3, 8]);
  assert.equal(
    checked.message,
    'events/bad.json is not valid JSON: value expected at line 3, column 8. Nothing was sent.',
  );
  const trailing = checkPayload('{"a": 1,}', 'RequestResponse');
  assert.ok(
    !trailing.ok && /line 1, column 9/.test(trailing.message),
    'a trailing comma is not JSON',
  );
  const comment = checkPayload('// note\n{}', 'RequestResponse');
  assert.ok(!comment.ok && /line 1, column 1/.test(comment.message), 'comments are not JSON');
});

test('an empty event is refused with what to write instead', () => {
  const checked = checkPayload('  \n', 'RequestResponse');
  assert.ok(!checked.ok);
  assert.match(checked.message, /is empty: write a JSON event \(for example \{\}\)/);
});

test("payloads over Lambda's limits are refused with the limit named: 6 MB synchronous, 1 MB asynchronous", () => {
  const big = JSON.stringify({ data: 'x'.repeat(6 * 1024 * 1024) });
  const sync = checkPayload(big, 'RequestResponse');
  assert.ok(!sync.ok);
  assert.match(
    sync.message,
    /^The event is 6\.00 MB: Lambda accepts at most 6 MB for a synchronous invoke/,
  );
  const justUnder = JSON.stringify({ d: 'x'.repeat(1024 * 1024 - 10) });
  assert.ok(checkPayload(justUnder, 'RequestResponse').ok);
  const async = checkPayload(JSON.stringify({ d: 'x'.repeat(1024 * 1024) }), 'Event');
  assert.ok(!async.ok);
  assert.match(async.message, /at most 1 MB for an asynchronous \(Event\) invoke/);
});

test("a JSON response is pretty-printed; the tail's REPORT line gives the headline, cold or warm", () => {
  const log =
    'START RequestId: r1 Version: $LATEST\nhello\nEND RequestId: r1\nREPORT RequestId: r1\tDuration: 1.50 ms\tBilled Duration: 2 ms\tMemory Size: 128 MB\tMax Memory Used: 40 MB\tInit Duration: 95.25 ms\t\n';
  const summary = summarizeInvoke({
    statusCode: 200,
    payload: bytes('{"ok":true}'),
    logResult: b64(log),
  });
  assert.equal(summary.responseText, '{\n  "ok": true\n}\n');
  assert.equal(summary.responseIsJson, true);
  assert.equal(summary.failure, undefined);
  assert.equal(summary.log, log);
  assert.equal(
    summary.headline,
    'Duration 1.50 ms · billed 2 ms · memory 40 of 128 MB · cold start, init 95.25 ms',
  );
  const warm = summarizeInvoke({
    payload: bytes('"text"'),
    logResult: b64(log.replace('\tInit Duration: 95.25 ms', '')),
  });
  assert.match(warm.headline!, /· warm$/);
  // The status bar's words: short enough to show whole; the headline goes to its tooltip.
  assert.equal(summary.shortHeadline, '1.50 ms · cold start');
  assert.equal(warm.shortHeadline, '1.50 ms · warm');
});

test("with the JSON log format, the tail's platform.report record gives the headline", () => {
  const report = {
    time: '2026-12-02T00:00:00.000Z',
    type: 'platform.report',
    record: {
      requestId: 'r2',
      status: 'success',
      metrics: { durationMs: 3.5, billedDurationMs: 4, memorySizeMB: 256, maxMemoryUsedMB: 60 },
    },
  };
  const log = `${JSON.stringify({ time: 'x', type: 'platform.start', record: { requestId: 'r2', version: '$LATEST' } })}\n${JSON.stringify(report)}\n`;
  const summary = summarizeInvoke({ payload: bytes('{}'), logResult: b64(log) });
  assert.equal(summary.report?.requestId, 'r2');
  assert.equal(summary.headline, 'Duration 3.50 ms · billed 4 ms · memory 60 of 256 MB · warm');
});

test("the local endpoint's runtime note after REPORT joins the headline; the same words printed before REPORT do not", () => {
  const id = '0f8f8f8f-1111-2222-3333-444455556666';
  const report = `REPORT RequestId: ${id}\tDuration: 1.50 ms\tBilled Duration: 2 ms\tMemory Size: 128 MB\tMax Memory Used: 40 MB\t`;
  const note = 'nodejs22.x ran on Node 20.20.2: no Node 22 found';
  const noted = summarizeInvoke({
    payload: bytes('{}'),
    logResult: b64(
      `START RequestId: ${id} Version: $LATEST\nEND RequestId: ${id}\n${report}\nRUNTIME RequestId: ${id}\t${note}\n`,
    ),
  });
  assert.equal(noted.runtimeNote, note);
  assert.equal(
    noted.headline,
    `Duration 1.50 ms · billed 2 ms · memory 40 of 128 MB · warm · ${note}`,
  );
  const printed = summarizeInvoke({
    payload: bytes('{}'),
    logResult: b64(`RUNTIME RequestId: ${id}\tforged\nEND RequestId: ${id}\n${report}\n`),
  });
  assert.equal(printed.runtimeNote, undefined);
  const json =
    `${JSON.stringify({ time: 'x', type: 'platform.report', record: { requestId: id, status: 'success', metrics: { durationMs: 1, billedDurationMs: 1, memorySizeMB: 128, maxMemoryUsedMB: 40 } } })}\n` +
    `${JSON.stringify({ time: 'x', type: 'lambdaLens.runtimeNote', record: { requestId: id, note } })}\n`;
  assert.equal(summarizeInvoke({ payload: bytes('{}'), logResult: b64(json) }).runtimeNote, note);
});

test('a function error shows its type, message and stack; a text response stays text', () => {
  const failed = summarizeInvoke({
    functionError: 'Unhandled',
    payload: bytes(
      JSON.stringify({
        errorType: 'TypeError',
        errorMessage: 'x is not a function',
        trace: ['TypeError: x is not a function', '    at handler (/var/task/index.js:1:30)'],
      }),
    ),
  });
  assert.deepEqual(failed.failure, {
    errorType: 'TypeError',
    errorMessage: 'x is not a function',
    stack: ['TypeError: x is not a function', '    at handler (/var/task/index.js:1:30)'],
  });
  const python = summarizeInvoke({
    functionError: 'Unhandled',
    payload: bytes(
      JSON.stringify({
        errorType: 'KeyError',
        errorMessage: "'id'",
        stackTrace: ['  File "/var/task/app.py", line 2'],
      }),
    ),
  });
  assert.deepEqual(python.failure?.stack, ['  File "/var/task/app.py", line 2']);
  const bare = summarizeInvoke({ functionError: 'Unhandled', payload: bytes('boom') });
  assert.deepEqual(bare.failure, { errorType: 'Error', errorMessage: 'boom', stack: [] });
  assert.equal(bare.responseText, 'boom');
  assert.equal(bare.responseIsJson, false);
});

test('a log header that is not base64 is not shown, and nothing crashes', () => {
  const summary = summarizeInvoke({ payload: bytes('{}'), logResult: '%%%not base64%%%' });
  assert.match(summary.log, /not base64/);
  assert.equal(summary.report, undefined);
});

test('the Invoke picker names a remembered event once, however often it was chosen again', () => {
  assert.equal(rememberedEventName('Sample: S3 Put'), 'Sample: S3 Put');
  // Chosen as "Recent" for b, then as "Last used" for b, then as "Recent" for c.
  const first = recentLabel('Sample: S3 Put', 'a');
  assert.equal(first, 'Recent: Sample: S3 Put (used with a)');
  const again = recentLabel(lastUsedLabel(first), 'b');
  assert.equal(again, 'Recent: Sample: S3 Put (used with b)');
  assert.equal(lastUsedLabel(recentLabel(again, 'c')), 'Last used: Sample: S3 Put');
  assert.equal(
    rememberedEventName('Saved: events/a (1).json'),
    'Saved: events/a (1).json',
    "a name's own parentheses stay",
  );
});
