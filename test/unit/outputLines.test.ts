// OutputLines: a function's output, as it arrives in chunks, into log event messages: whole lines,
// long ones cut at the limit (never inside a surrogate pair), and a bounded remainder.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { OutputLines } from '../../src/core/logs/outputLines';

function run(
  chunks: string[],
  limit: number,
): { lines: string[]; flushed: string[]; maxHeld: number } {
  const splitter = new OutputLines(limit);
  const lines: string[] = [];
  let maxHeld = 0;
  for (const chunk of chunks) {
    splitter.push(chunk, lines);
    maxHeld = Math.max(maxHeld, splitter.heldChars);
  }
  const flushed: string[] = [];
  splitter.flush(flushed);
  return { lines, flushed, maxHeld };
}

test('lines split across chunks come out whole; an empty line is an event; the rest waits for flush', () => {
  const { lines, flushed } = run(['one\ntw', 'o\n\nthr', 'ee'], 100);
  assert.deepEqual(lines, ['one', 'two', '']);
  assert.deepEqual(flushed, ['three']);
});

test('a line longer than the limit becomes pieces of the limit, the last one shorter', () => {
  const { lines, flushed } = run(['a'.repeat(25), 'b'.repeat(5), '\nc'], 10);
  assert.deepEqual(lines, ['a'.repeat(10), 'a'.repeat(10), 'aaaaabbbbb']);
  assert.deepEqual(flushed, ['c']);
  // Exactly the limit, then a newline: one event, not an empty one after it.
  assert.deepEqual(run(['x'.repeat(10), '\n'], 10).lines, ['x'.repeat(10)]);
});

test('100 MB without a newline, in 64 KB chunks: pieces of the limit, never more than the limit held', () => {
  const limit = 262_118;
  const chunk = 'x'.repeat(64 * 1024);
  const splitter = new OutputLines(limit);
  const lines: string[] = [];
  let maxHeld = 0;
  let total = 0;
  for (let sent = 0; sent < 100 * 1024 * 1024; sent += chunk.length) {
    splitter.push(chunk, lines);
    maxHeld = Math.max(maxHeld, splitter.heldChars);
    for (const line of lines) total += line.length;
    assert.ok(lines.every((l) => l.length === limit));
    lines.length = 0;
  }
  splitter.flush(lines);
  total += lines[0]!.length;
  assert.equal(total, 100 * 1024 * 1024);
  assert.ok(maxHeld <= limit, `held ${maxHeld}`);
});

test('a cut never separates the halves of a surrogate pair', () => {
  const { lines, flushed } = run([`${'a'.repeat(9)}😀${'b'.repeat(12)}`], 10);
  assert.deepEqual([...lines, ...flushed], ['a'.repeat(9), `😀${'b'.repeat(8)}`, 'bbbb']);
  assert.ok([...lines, ...flushed].every((l) => l.length <= 10 && !/[\uD800-\uDBFF]$/.test(l)));
});
