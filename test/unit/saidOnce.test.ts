// A deploy's request warnings are said once per function and target; the others every time.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { SaidOnce } from '../../src/core/deploy/saidOnce';

test('request warnings once per scope, the others each time, new words when they change', () => {
  const said = new SaidOnce();
  const layers = 'Layers not attached: the local endpoint runs …';
  const deploy = { warnings: ['package is large', layers], requestWarnings: [layers] };
  assert.deepEqual(said.toShow('fn', deploy), ['package is large', layers]);
  assert.deepEqual(said.toShow('fn', deploy), ['package is large']);
  assert.deepEqual(said.toShow('other-fn', deploy), ['package is large', layers]);
  const changed = `${layers} (another layer)`;
  assert.deepEqual(said.toShow('fn', { warnings: [changed], requestWarnings: [changed] }), [
    changed,
  ]);
});
