// The pure parts of live logs: which invocation a line names, the window of events a poll has
// shown, the platform mark's Live Tail header, and how an untrusted line is shown.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { invocationBoundary, requestIdOf } from '../../src/core/logs/requestIdOf';
import { pollStart, SeenEvents } from '../../src/core/logs/seenEvents';
import { platformLinePlaces } from '../../src/core/logs/platformMark';
import { displayLine } from '../../src/core/logs/displayLine';
import { ShownLines } from '../../src/core/logs/shownLines';
import { RedrawPace } from '../../src/core/logs/redrawPace';

const ID = '8f5b6a3e-2c1d-4e0f-9a7b-1c2d3e4f5a6b';

test("the request id of platform lines, both runtimes' text formats, the time-out line and JSON records", () => {
  assert.equal(requestIdOf(`START RequestId: ${ID} Version: $LATEST`), ID);
  assert.equal(requestIdOf(`REPORT RequestId: ${ID}\tDuration: 1.00 ms`), ID);
  assert.equal(requestIdOf(`RUNTIME RequestId: ${ID}\tnodejs22.x ran on Node 20.20.2`), ID);
  assert.equal(
    requestIdOf(`CPU_SHARE RequestId: ${ID}\tShare: 0.07 vCPU\tMechanism: cgroup\t`),
    ID,
  );
  assert.equal(requestIdOf(`2026-12-07T05:19:54.282Z\t${ID}\tINFO\thi`), ID);
  assert.equal(requestIdOf(`[ERROR]\t2026-12-07T05:19:54.282Z\t${ID}\tboom`), ID);
  assert.equal(requestIdOf(`2026-12-07T05:19:54.282Z ${ID} Task timed out after 3.00 seconds`), ID);
  assert.equal(
    requestIdOf(
      `{"timestamp":"2026-12-07T05:19:54.282Z","level":"INFO","requestId":"${ID}","message":"hi"}`,
    ),
    ID,
  );
  assert.equal(
    requestIdOf(
      `{"time":"2026-12-07T05:19:54.282Z","type":"platform.start","record":{"requestId":"${ID}","version":"$LATEST"}}`,
    ),
    ID,
  );
  assert.equal(requestIdOf('a bare line'), undefined);
  assert.equal(requestIdOf(`some text that mentions ${ID} later`), undefined);
});

test('START and REPORT open and close an invocation, in either format', () => {
  assert.equal(invocationBoundary(`START RequestId: ${ID} Version: $LATEST`), 'start');
  assert.equal(invocationBoundary(`REPORT RequestId: ${ID}\tDuration: 1.00 ms`), 'end');
  assert.equal(invocationBoundary(`{"time":"t","type":"platform.report","record":{}}`), 'end');
  assert.equal(invocationBoundary(`END RequestId: ${ID}`), undefined);
});

test('a poll window remembers what it showed, and forgets what no later poll can return', () => {
  const seen = new SeenEvents();
  assert.equal(seen.firstTime('a', 100), true);
  assert.equal(seen.firstTime('a', 100), false);
  assert.equal(seen.firstTime('b', 200), true);
  seen.forgetBefore(150);
  assert.equal(seen.size, 1);
  assert.equal(seen.firstTime('b', 200), false);
  assert.equal(pollStart(1000, 5000, 2000), 3000);
  assert.equal(pollStart(4000, 5000, 2000), 4000);
});

test('the Live Tail platform header lists places; anything malformed marks nothing', () => {
  assert.deepEqual([...platformLinePlaces('0,3,17')], [0, 3, 17]);
  assert.equal(platformLinePlaces(undefined).size, 0);
  assert.equal(platformLinePlaces('1,,2').size, 0);
  assert.equal(platformLinePlaces('-1').size, 0);
  assert.equal(platformLinePlaces('1'.repeat(50)).size, 0);
});

test('a shown line has inert escapes, one line, and a marker where it was cut', () => {
  assert.equal(displayLine('\u001b]0;owned\u0007 title'), '\\u001b]0;owned\\u0007 title');
  assert.equal(displayLine('two\nlines\n'), 'two\\nlines');
  assert.equal(displayLine('tab\tstays'), 'tab\tstays');
  assert.equal(
    displayLine('carriage\rreturn, DEL\u007f and C1\u009b'),
    'carriage\\rreturn, DEL\\u007f and C1\\u009b',
  );
  assert.equal(displayLine('plain text, é and 😀'), 'plain text, é and 😀');
  const long = displayLine('x'.repeat(10_000), 100);
  assert.equal(long, `${'x'.repeat(100)} … [9900 more characters not shown]`);
});

test('shown lines: a re-read shows only what was not shown, identical lines counted', () => {
  const shown = new ShownLines(3);
  const line = (t: number, m: string) => ({ logStreamName: 's', timestamp: t, message: m });
  shown.record([line(1, 'a'), line(1, 'a'), line(2, 'b')]);
  assert.equal(shown.newest, 2);
  assert.deepEqual(
    shown
      .unseen([line(1, 'a'), line(1, 'a'), line(1, 'a'), line(2, 'b'), line(3, 'c')])
      .map((l) => `${l.timestamp}${l.message}`),
    ['1a', '3c'],
  );
  assert.equal(shown.rememberedFrom, -Infinity);
  shown.record([line(3, 'c'), line(4, 'd'), line(5, 'e')]);
  assert.equal(
    shown.rememberedFrom,
    3,
    'past its capacity the earliest are forgotten, and it says from when it knows all',
  );
});

test('shown lines tell lines apart by stream, time and the whole message', () => {
  const shown = new ShownLines();
  const long = 'x'.repeat(100_000);
  const lines = [
    { logStreamName: 's', timestamp: 1, message: `${long}a` },
    { logStreamName: 'ab', timestamp: 1, message: 'c' },
    { logStreamName: 's', timestamp: 2 ** 40 + 1, message: 'm' },
    { logStreamName: 's', timestamp: 1, message: 'é😀' },
  ];
  shown.record(lines);
  const others = [
    { logStreamName: 's', timestamp: 1, message: `${long}b` },
    { logStreamName: 'a', timestamp: 1, message: 'bc' },
    { logStreamName: 't', timestamp: 1, message: 'c' },
    { logStreamName: 's', timestamp: 1, message: 'm' },
    { logStreamName: 's', timestamp: 2 ** 41 + 1, message: 'm' },
    { logStreamName: 's', timestamp: 1, message: 'é😁' },
  ];
  assert.deepEqual(shown.unseen([...lines, ...others]), others, 'only the lines shown are known');
  // Many lines, none mistaken for another.
  const many = Array.from({ length: 20_000 }, (_, i) => ({
    logStreamName: `s${i % 7}`,
    timestamp: 1_765_000_000_000 + (i >> 4),
    message: `line ${i} of many`,
  }));
  const fresh = new ShownLines();
  fresh.record(many.filter((_, i) => i % 2 === 0));
  assert.deepEqual(
    fresh.unseen(many),
    many.filter((_, i) => i % 2 === 1),
  );
});

test('a redraw the window took long to apply is followed by as long a pause; a quick one by the minimum', () => {
  const pace = new RedrawPace(100);
  assert.equal(pace.waitFor('a', 0), 0, 'a document never drawn draws now');
  pace.sentAt('a', 1000);
  assert.equal(pace.waitFor('a', 1050), 50, 'the minimum interval, even before the answer');
  pace.applied('a', 1030);
  assert.equal(pace.waitFor('a', 1030), 100, 'applied in 30 ms: the minimum interval');
  pace.sentAt('a', 2000);
  pace.applied('a', 2600);
  assert.equal(pace.waitFor('a', 2600), 600, 'applied in 600 ms: as long again');
  assert.equal(pace.waitFor('a', 3200), 0);
  assert.equal(pace.waitFor('b', 2600), 0, 'each document has its own pace');
  pace.sentAt('a', 4000);
  pace.unanswered('a');
  pace.applied('a', 5000);
  assert.equal(pace.waitFor('a', 5000), 0, 'an unanswered redraw (unchanged text) adds no pause');
  pace.sentAt('a', 6000);
  pace.forget('a');
  assert.equal(pace.waitFor('a', 6000), 0, 'a closed document starts afresh');
});
