import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { acceptedRuntimes, runtimeInfo } from '../../src/core/runtimes';

test('current runtimes are accepted and know their family', () => {
  assert.equal(runtimeInfo('nodejs20.x')?.family, 'nodejs');
  assert.equal(runtimeInfo('python3.12')?.family, 'python');
  assert.equal(runtimeInfo('provided.al2023')?.family, 'provided');
  for (const id of ['nodejs18.x', 'nodejs20.x', 'nodejs22.x', 'python3.12', 'provided.al2023', 'provided.al2']) {
    assert.ok(acceptedRuntimes().includes(id), id);
  }
});

test('deprecated runtimes are known but not accepted for new functions', () => {
  assert.equal(runtimeInfo('nodejs12.x')?.deprecated, true);
  assert.ok(!acceptedRuntimes().includes('nodejs12.x'));
  assert.ok(!acceptedRuntimes().includes('python3.7'));
});

test('unknown runtimes are unknown', () => {
  assert.equal(runtimeInfo('nodejs99.x'), undefined);
  assert.equal(runtimeInfo(''), undefined);
});
