// A long stream to a slow reader waits for 'drain' many times: each wait leaves no listener behind
// (a listener per wait piled up on the response of a slow Live Tail reader, and Node warned
// MaxListenersExceededWarning from serve).
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { untilDrained } from '../../src/local/streams/untilDrained';

test('waiting for drain 200 times on a slow writable leaves no listener behind', async () => {
  const slow = new Writable({
    highWaterMark: 16,
    write(_chunk, _encoding, callback) {
      setImmediate(callback);
    },
  });
  const before = ['drain', 'close', 'error'].map((e) => slow.listenerCount(e));
  let waits = 0;
  for (let i = 0; i < 200; i++) {
    if (!slow.write(Buffer.alloc(64))) {
      await untilDrained(slow);
      waits++;
    }
  }
  assert.equal(waits, 200, 'every write waited');
  assert.deepEqual(
    ['drain', 'close', 'error'].map((e) => slow.listenerCount(e)),
    before,
  );
});

test('a writable that closes while waited on settles the wait', async () => {
  const stuck = new Writable({ highWaterMark: 1, write() {} });
  assert.equal(stuck.write(Buffer.alloc(8)), false);
  const waited = untilDrained(stuck);
  stuck.destroy();
  await waited;
  assert.equal(stuck.listenerCount('close'), 0);
});
