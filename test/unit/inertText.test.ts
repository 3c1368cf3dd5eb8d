import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { inertText } from '../../src/core/inertText';

test('terminal escape sequences become visible text; lines and tabs stay', () => {
  assert.equal(inertText('\x1b]0;pwned\x07\x1b[2J'), '\\u001b]0;pwned\\u0007\\u001b[2J');
  assert.equal(inertText('a\tb\nc'), 'a\tb\nc');
  assert.equal(inertText('over\rwrite\b\x00'), 'over\\u000dwrite\\u0008\\u0000');
});

test('DEL and the C1 controls (8-bit CSI, OSC) are made inert too; other text is untouched', () => {
  assert.equal(inertText('\x7f\u009b2J\u009d0;x\u009c'), '\\u007f\\u009b2J\\u009d0;x\\u009c');
  const plain = 'héllo wörld ✓ 日本 \u00a0 {"a":1}';
  assert.equal(inertText(plain), plain);
});

test('JSON text stays valid JSON and means the same', () => {
  const json = JSON.stringify({ s: '\x1b[31m\u009b\x7f' });
  assert.deepEqual(JSON.parse(inertText(json)), { s: '\x1b[31m\u009b\x7f' });
});

test('bidirectional controls and line separators are made inert: a line reads as it is', () => {
  assert.equal(inertText('invoice\u202etxt.exe'), 'invoice\\u202etxt.exe');
  assert.equal(
    inertText('\u2066a\u2069\u200e\u200f\u061c\u2028\u2029'),
    '\\u2066a\\u2069\\u200e\\u200f\\u061c\\u2028\\u2029',
  );
  // Right-to-left text itself stays.
  assert.equal(inertText('שלום مرحبا'), 'שלום مرحبا');
});
