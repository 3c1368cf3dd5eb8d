// The frames of the Runtime API channel between the endpoint and our bootstraps: however the
// bytes arrive, the same frames come out; a body over the limit is dropped, not kept.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { encodeFrame, FrameReader, type Frame } from '../../src/local/runtime/runtimeFrames';

const bytesOf = (head: unknown, body: string) => encodeFrame(head, Buffer.from(body));

test('frames split at every byte, or several in one chunk, read the same', () => {
  const stream = Buffer.concat([
    bytesOf({ id: 1, method: 'GET', path: '/next', headers: {} }, ''),
    bytesOf(
      { id: 2, status: 202, headers: { 'content-type': 'application/json' } },
      '{"status":"OK"}',
    ),
    bytesOf({ id: 3, text: 'café' }, 'x'.repeat(1000)),
  ]);
  const expected = [
    { head: { id: 1, method: 'GET', path: '/next', headers: {} }, body: '', bodyLength: 0 },
    {
      head: { id: 2, status: 202, headers: { 'content-type': 'application/json' } },
      body: '{"status":"OK"}',
      bodyLength: 15,
    },
    { head: { id: 3, text: 'café' }, body: 'x'.repeat(1000), bodyLength: 1000 },
  ];
  for (const chunkSize of [1, 3, 8, 13, 64, stream.length]) {
    const frames: Frame[] = [];
    const reader = new FrameReader(10_000, (frame) => frames.push(frame));
    for (let at = 0; at < stream.length; at += chunkSize)
      reader.push(stream.subarray(at, at + chunkSize));
    assert.deepEqual(
      frames.map((f) => ({ head: f.head, body: f.body?.toString(), bodyLength: f.bodyLength })),
      expected,
      `chunks of ${chunkSize}`,
    );
  }
});

test('a body over the limit is dropped as it arrives and reported by its size; the next frame reads', () => {
  const frames: Frame[] = [];
  const reader = new FrameReader(100, (frame) => frames.push(frame));
  const stream = Buffer.concat([bytesOf({ id: 1 }, 'y'.repeat(5000)), bytesOf({ id: 2 }, 'ok')]);
  for (let at = 0; at < stream.length; at += 700) reader.push(stream.subarray(at, at + 700));
  assert.deepEqual(
    frames.map((f) => [f.head, f.body?.toString(), f.bodyLength]),
    [
      [{ id: 1 }, undefined, 5000],
      [{ id: 2 }, 'ok', 2],
    ],
  );
});

test('a head that is not JSON throws (the channel is then closed)', () => {
  const reader = new FrameReader(100, () => {});
  const bad = Buffer.alloc(8 + 3);
  bad.writeUInt32BE(3, 0);
  bad.write('{{{', 8);
  assert.throws(() => reader.push(bad), SyntaxError);
});
