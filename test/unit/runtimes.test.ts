import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import {
  acceptedRuntimes,
  runtimeChoices,
  runtimeInfo,
  runsLocally,
} from '../../src/core/runtimes';

test('current runtimes are accepted and know their family', () => {
  assert.equal(runtimeInfo('nodejs20.x')?.family, 'nodejs');
  assert.equal(runtimeInfo('python3.12')?.family, 'python');
  assert.equal(runtimeInfo('provided.al2023')?.family, 'provided');
  for (const id of [
    'nodejs18.x',
    'nodejs20.x',
    'nodejs22.x',
    'python3.12',
    'provided.al2023',
    'provided.al2',
  ]) {
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

test('first-deploy runtime choices: the detected one first; on Local, the runtimes it cannot run are last and say so', () => {
  const local = runtimeChoices('python3.12', true);
  assert.equal(local[0]!.runtime, 'python3.12');
  assert.equal(local[0]!.label, 'python3.12');
  const java = local.find((c) => c.runtime === 'java21')!;
  assert.equal(java.label, 'java21 (the local endpoint cannot run it)');
  const firstUnrunnable = local.findIndex((c) => !runsLocally(c.runtime));
  assert.ok(
    local.slice(firstUnrunnable).every((c) => !runsLocally(c.runtime)),
    'what Local can run comes first',
  );
  assert.equal(new Set(local.map((c) => c.runtime)).size, local.length);
  assert.ok(
    runtimeChoices(undefined, false).every((c) => c.label === c.runtime),
    'AWS runs every runtime',
  );
  assert.deepEqual(['nodejs22.x', 'python3.13', 'provided.al2023', 'ruby3.4'].map(runsLocally), [
    true,
    true,
    true,
    false,
  ]);
});
