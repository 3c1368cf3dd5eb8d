import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { MASKED_VALUE, maskedVariables } from '../../src/core/maskedValues';

test('every value is masked the same way, whatever its length; the names stay', () => {
  assert.deepEqual(maskedVariables({ DB_PASSWORD: 'hunter2', EMPTY: '', LONG: 'x'.repeat(300) }), {
    DB_PASSWORD: MASKED_VALUE,
    EMPTY: MASKED_VALUE,
    LONG: MASKED_VALUE,
  });
  assert.doesNotMatch(MASKED_VALUE, /[a-z0-9]/i);
});

test('no variables: nothing to mask', () => {
  assert.equal(maskedVariables(undefined), undefined);
  assert.deepEqual(maskedVariables({}), {});
});
