import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { TokenBucket } from '../../src/core/tokenBucket';

test('a burst goes at once, then requests are spaced at the rate', () => {
  const now = 0;
  const bucket = new TokenBucket(15, 15, () => now);
  for (let i = 0; i < 15; i++) assert.equal(bucket.reserve(), 0, `request ${i} of the burst`);
  assert.equal(bucket.reserve(), 67, 'the 16th waits one token (1/15 s)');
  assert.equal(bucket.reserve(), 134, 'the 17th waits two');
});

test('tokens come back with time, never beyond the burst', () => {
  let now = 0;
  const bucket = new TokenBucket(10, 2, () => now);
  bucket.reserve();
  bucket.reserve();
  now += 10_000;
  assert.equal(bucket.reserve(), 0);
  assert.equal(bucket.reserve(), 0);
  assert.equal(bucket.reserve(), 100, 'a long pause refills only the burst');
});

test('a sustained stream averages the rate', () => {
  let now = 0;
  const bucket = new TokenBucket(15, 15, () => now);
  let sent = 0;
  for (let t = 0; t < 10_000; t += 10) {
    now = t;
    // One request offered every 10 ms (100/s); count those allowed without waiting.
    const wait = bucket.reserve();
    if (wait === 0) sent += 1;
    else now += wait; // the caller waits, as the middleware does
  }
  assert.ok(sent <= 15 + 15 * 10 + 1, `at most burst + rate × time went without waiting: ${sent}`);
});
