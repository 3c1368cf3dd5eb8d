import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { describeConnections } from '../../src/core/connections';

test('Local is the one connection by default', () => {
  const connections = describeConnections({ localEnabled: true });
  assert.deepEqual(connections.map((c) => [c.id, c.kind, c.label]), [['local', 'local', 'Local']]);
  assert.match(connections[0]!.tooltip, /no AWS account/);
});

test('no connection when Local is disabled (the view then shows its welcome content)', () => {
  assert.deepEqual(describeConnections({ localEnabled: false }), []);
});
