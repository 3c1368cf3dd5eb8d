import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { protectionReason } from '../../src/core/deploy/protectedFunctions';

test('a name matching the setting (exact or with * wildcards) is protected, and says why', () => {
  assert.equal(
    protectionReason('prod-orders', undefined, ['prod-*']),
    'it matches "prod-*" in the lambdaLens.protectedFunctions setting',
  );
  assert.equal(
    protectionReason('billing', undefined, ['billing']),
    'it matches "billing" in the lambdaLens.protectedFunctions setting',
  );
  assert.equal(protectionReason('dev-orders', undefined, ['prod-*', '*-live']), undefined);
  assert.equal(
    protectionReason('orders-live', undefined, ['prod-*', '*-live'])?.includes('*-live'),
    true,
  );
});

test('regex characters in a pattern are literal; values that are not strings are ignored', () => {
  assert.equal(protectionReason('a.b', undefined, ['a.b']) !== undefined, true);
  assert.equal(protectionReason('axb', undefined, ['a.b']), undefined);
  assert.equal(protectionReason('x', undefined, [42, null, '', { name: 'x' }]), undefined);
});

test('a protected tag set to true protects the function; other values do not', () => {
  assert.equal(protectionReason('f', { protected: 'true' }, []), 'it is tagged protected=true');
  assert.equal(
    protectionReason('f', { 'lambda-lens:protected': 'TRUE' }, []),
    'it is tagged lambda-lens:protected=true',
  );
  assert.equal(protectionReason('f', { protected: 'false' }, []), undefined);
});
